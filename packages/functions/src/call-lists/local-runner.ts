import { StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";
import { ulid } from "ulid";
import type { CallListRunner, EngineInput } from "@callboard/core/call-lists";
import { engineStates, extractCallListAsl } from "../../../../infra/call-lists-definition";
import { runStep } from "./steps";
import { logger } from "../runtime/log";

type Execution = { abort: () => void; result: Promise<unknown>; tokens: Set<string> };

export interface LocalRunnerOptions {
  /** Shortens every Wait state (milliseconds), for tests; real waits otherwise. */
  waitMs?: number;
  /** Shortens the wait for a ready operator (default: waitMs, at least 200 ms, so idle lines do not spin). */
  operatorWaitMs?: number;
  /** Sees every state the executions enter, for tests and the benchmark. */
  onStateEntered?: (stateName: string, runId: string) => void;
  onError?: (error: unknown, runId: string) => void;
}

/**
 * Runs the engine's ASL, extracted from the CDK definition, in-process on aws-local-stepfunctions.
 * That library has no task tokens, so the two token states (Dial, AwaitWrapUp, inside each line of
 * the inline Map) are overridden by name: the handler mints a token, runs the same step code as Lambda, and resolves when
 * `sendTaskSuccess` delivers the token, exactly as Step Functions would.
 */
export function createLocalRunner(options: LocalRunnerOptions = {}) {
  const definition = adaptTimeoutPaths(extractCallListAsl() as unknown as StateMachineDefinition);
  const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
  const executions = new Map<string, Execution>();
  const waiting = new Map<string, (output: Record<string, unknown>) => void>();

  const tokenTask = (runId: string) => async (input: unknown) => {
    const { Payload } = input as { Payload: Record<string, unknown> };
    const taskToken = `local-${ulid()}`;
    const { promise, resolve } = Promise.withResolvers<Record<string, unknown>>();
    waiting.set(taskToken, resolve);
    executions.get(runId)?.tokens.add(taskToken);
    await runStep({ ...Payload, taskToken });
    return promise as never;
  };

  const runner: CallListRunner & {
    stop(): void;
    settled(runId: string): Promise<unknown>;
  } = {
    async startExecution(input: EngineInput) {
      if (executions.has(input.runId)) return;
      const stepTask = async (payload: unknown) => (await runStep(payload)) as never;
      const run = machine.run(input as never, {
        overrides: {
          taskResourceLocalHandlers: {
            [engineStates.planLines]: stepTask,
            [engineStates.afterLines]: stepTask,
            [engineStates.claimNext]: stepTask,
            [engineStates.reconcileCall]: stepTask,
            [engineStates.wrapUpTimedOut]: stepTask,
            [engineStates.dial]: tokenTask(input.runId),
            [engineStates.awaitWrapUp]: tokenTask(input.runId),
            [engineStates.handOver]: async (payload: unknown) => {
              const { Input } = payload as { Input: EngineInput };
              // Like StartExecution: the successor runs on its own; this execution ends.
              setImmediate(() => void runner.startExecution(Input));
              return {};
            },
          },
          ...(options.waitMs !== undefined
            ? {
                waitTimeOverrides: { [engineStates.waitUntilDue]: options.waitMs, [engineStates.waitForOperator]: options.operatorWaitMs ?? Math.max(options.waitMs, 200) },
                retryIntervalOverrides: retryOverrides(options.waitMs),
              }
            : {}),
        },
        noThrowOnAbort: true,
        context: { Task: { Token: "replaced-per-task" } },
      });
      const execution: Execution = { abort: run.abort, result: run.result, tokens: new Set() };
      executions.set(input.runId, execution);
      if (options.onStateEntered) void watchStates(run.eventLogs, input.runId, options.onStateEntered);
      run.result
        .catch((error: unknown) => (options.onError ?? defaultOnError)(error, input.runId))
        .finally(() => {
          for (const token of execution.tokens) waiting.delete(token);
          executions.delete(input.runId);
        });
    },
    async sendTaskSuccess(taskToken, output) {
      const resolve = waiting.get(taskToken);
      waiting.delete(taskToken);
      resolve?.(output);
    },
    /** Ends every execution at once, as a crash would (nothing is written on the way out). */
    stop() {
      for (const execution of executions.values()) execution.abort();
      executions.clear();
      waiting.clear();
    },
    isRunning: async (runId) => executions.has(runId),
    settled: (runId) => executions.get(runId)?.result ?? Promise.resolve(undefined),
  };
  return runner;
}

/**
 * Step Functions reads `TimeoutSecondsPath` from the state's input; aws-local-stepfunctions
 * reads it from the state's resolved Parameters. The token states carry the same number in
 * their payload (`timeoutSeconds`), so pointing the path there gives both the same timeout.
 */
function adaptTimeoutPaths(definition: StateMachineDefinition): StateMachineDefinition {
  const states = structuredClone(definition.States) as unknown as Record<string, Record<string, unknown>>;
  // The token states live in each line: the Map's item processor.
  const lineStates = (states[engineStates.lines]?.ItemProcessor as { States?: Record<string, Record<string, unknown>> } | undefined)?.States;
  if (!lineStates) throw new Error(`${engineStates.lines} lost its ItemProcessor: the local runner needs updating.`);
  for (const name of [engineStates.dial, engineStates.awaitWrapUp]) {
    const state = lineStates[name]!;
    if (!state.TimeoutSecondsPath) throw new Error(`${name} lost its TimeoutSecondsPath: the local runner needs updating.`);
    state.TimeoutSecondsPath = "$.Payload.timeoutSeconds";
  }
  return { ...definition, States: states as unknown as StateMachineDefinition["States"] };
}

function retryOverrides(ms: number) {
  return Object.fromEntries(
    [engineStates.planLines, engineStates.afterLines, engineStates.claimNext, engineStates.reconcileCall, engineStates.wrapUpTimedOut, engineStates.handOver].map((name) => [name, ms]),
  );
}

async function watchStates(logs: AsyncGenerator<{ type: string; state?: { name: string } }>, runId: string, onState: (name: string, runId: string) => void) {
  for await (const event of logs) if (event.type === "StateEntered" && event.state) onState(event.state.name, runId);
}

function defaultOnError(error: unknown, runId: string) {
  logger.error("call-list engine execution failed", { runId, error });
}
