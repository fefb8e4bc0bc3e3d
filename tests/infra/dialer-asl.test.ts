import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { engineStates, extractCallListAsl } from "../../infra/dialer-definition";

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

  it("is the loop of the design: claim, dial with a task token, wrap-up with a task token, hand-over", () => {
    expect(asl.StartAt).toBe(engineStates.claimNext);
    expect(Object.keys(asl.States).sort()).toEqual(Object.values(engineStates).sort());
    const dial = asl.States[engineStates.dial]!;
    const wrapUp = asl.States[engineStates.awaitWrapUp]!;
    for (const tokenState of [dial, wrapUp]) {
      expect(tokenState.Resource).toBe("arn:aws:states:::lambda:invoke.waitForTaskToken");
      expect(tokenState.Parameters.Payload["taskToken.$"]).toBe("$$.Task.Token");
      // Every token wait ends: a lost callback or an absent operator never stalls a list.
      expect(tokenState.TimeoutSecondsPath ?? tokenState.TimeoutSeconds).toBeDefined();
      expect(tokenState.Catch?.[0]?.ErrorEquals).toEqual(["States.ALL"]);
    }
    expect(dial.Catch[0].Next).toBe(engineStates.reconcileCall);
    expect(wrapUp.Catch[0].Next).toBe(engineStates.wrapUpTimedOut);
    expect(asl.States[engineStates.handOver]!.Resource).toBe("arn:aws:states:::states:startExecution");
    expect(asl.States[engineStates.route]!.Choices.map((choice: State) => choice.StringEquals)).toEqual(["dial", "wrapup", "wait", "handover"]);
  });

  it("carries only IDs and counters between states: entries live in DynamoDB", () => {
    const claim = asl.States[engineStates.claimNext]!;
    expect(Object.keys(claim.Parameters).sort()).toEqual(["handled.$", "listId.$", "runId.$", "step"]);
    expect(claim.Retry[0]).toMatchObject({ ErrorEquals: ["States.ALL"], MaxAttempts: 4 });
  });
});
