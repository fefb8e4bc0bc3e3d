import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { engineStates, extractCallListAsl } from "../../infra/call-lists-definition";

const require = createRequire(import.meta.url);
const validate = require("asl-validator") as (definition: unknown, options?: { checkPaths: boolean; checkArn: boolean }) => { isValid: boolean; errors: unknown[] };

type State = Record<string, any>;

describe("the call-list engine's ASL, extracted from the CDK definition", () => {
  const asl = extractCallListAsl() as { StartAt: string; States: Record<string, State> };

  it("passes asl-validator with path and ARN checks", () => {
    const result = validate(asl, { checkPaths: true, checkArn: true });
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  // Progressive dialing (issue 16): PlanLines starts one inline Map iteration per line; each line
  // loops ClaimNext → Route → Dial / AwaitWrapUp / WaitUntilDue / WaitForOperator on its own, and
  // the run hands over to a new execution after the Map.
  const lines = asl.States[engineStates.lines]!;
  const lineStates = lines.ItemProcessor.States as Record<string, State>;

  it("is the loop of the design: lines in a Map, each claims, dials with a task token, waits for wrap-up with a task token; the run hands over", () => {
    expect(asl.StartAt).toBe(engineStates.planLines);
    const runStates: string[] = [engineStates.planLines, engineStates.lines, engineStates.afterLines, engineStates.runRoute, engineStates.handOver, engineStates.finished];
    expect(Object.keys(asl.States).sort()).toEqual([...runStates].sort());
    expect(lines.Type).toBe("Map");
    expect(lines.ItemProcessor.StartAt).toBe(engineStates.claimNext);
    expect(Object.keys(lineStates).sort()).toEqual(Object.values(engineStates).filter((name) => !runStates.includes(name)).sort());
    const dial = lineStates[engineStates.dial]!;
    const wrapUp = lineStates[engineStates.awaitWrapUp]!;
    for (const tokenState of [dial, wrapUp]) {
      expect(tokenState.Resource).toBe("arn:aws:states:::lambda:invoke.waitForTaskToken");
      expect(tokenState.Parameters.Payload["taskToken.$"]).toBe("$$.Task.Token");
      // Every token wait ends: a lost callback or an absent operator never stalls a list.
      expect(tokenState.TimeoutSecondsPath ?? tokenState.TimeoutSeconds).toBeDefined();
      expect(tokenState.Catch?.[0]?.ErrorEquals).toEqual(["States.ALL"]);
    }
    expect(dial.Catch[0].Next).toBe(engineStates.reconcileCall);
    expect(wrapUp.Catch[0].Next).toBe(engineStates.wrapUpTimedOut);
    expect(lineStates[engineStates.route]!.Choices.map((choice: State) => choice.StringEquals)).toEqual(["dial", "wrapup", "wait", "idle"]);
    expect(lineStates[engineStates.route]!.Default).toBe(engineStates.lineDone);
    expect(asl.States[engineStates.handOver]!.Resource).toBe("arn:aws:states:::states:startExecution");
    expect(asl.States[engineStates.runRoute]!.Choices.map((choice: State) => choice.StringEquals)).toEqual(["handover"]);
  });

  it("carries only IDs and counters between states: entries live in DynamoDB", () => {
    expect(Object.keys(asl.States[engineStates.planLines]!.Parameters).sort()).toEqual(["handled.$", "listId.$", "runId.$", "step"]);
    expect(Object.keys(lines.ItemSelector).sort()).toEqual(["handled", "line.$", "listId.$", "runId.$"]);
    const claim = lineStates[engineStates.claimNext]!;
    expect(Object.keys(claim.Parameters).sort()).toEqual(["handled.$", "line.$", "listId.$", "runId.$", "step"]);
    expect(claim.Retry[0]).toMatchObject({ ErrorEquals: ["States.ALL"], MaxAttempts: 4 });
  });
});
