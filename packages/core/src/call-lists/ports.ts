import type { TelephonyProvider } from "../telephony/port";

/** What an execution carries: everything else lives in DynamoDB. */
export interface EngineInput {
  listId: string;
  runId: string;
  handled: number;
}

/**
 * The call-list runner port: Step Functions in AWS, aws-local-stepfunctions on the same ASL
 * locally. Both deliver task tokens; both may be asked twice for the same thing.
 */
export interface CallListRunner {
  /** Starts the execution named `input.runId`, or does nothing if that one already runs. */
  startExecution(input: EngineInput): Promise<void>;
  /** Whether the execution named `runId` is still running (a failed or lost one is not). */
  isRunning(runId: string): Promise<boolean>;
  /** Completes a task-token wait. A token that is already closed or unknown is ignored. */
  sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<void>;
}

interface Ports {
  runner: CallListRunner;
  telephony: TelephonyProvider;
  /**
   * Seconds the Dial wait may outlast the ring timeout before the engine asks the provider
   * itself (default 60). Tests shorten it to exercise lost callbacks.
   */
  dialGraceSeconds?: number;
  /** Replaces ring timeout + grace altogether (tests of lost callbacks). */
  dialTimeoutSeconds?: number;
}

let ports: Ports | undefined;

export function configureCallListPorts(next: Ports): void {
  ports = next;
}

export function useCallListPorts(): Ports {
  if (!ports) throw new Error("Call-list ports are not configured: call configureCallListPorts() at startup.");
  return ports;
}
