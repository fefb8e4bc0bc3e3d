import { withActor } from "@callboard/core/actor";
import { configureCallListPorts } from "@callboard/core/call-lists/ports";
import { configureCallEventSink, configureManualCallSink } from "@callboard/core/telephony/sinks";
import { useTelephony } from "@callboard/core/telephony/config";
import { createStepFunctionsRunner } from "./sfn-runner";
import { loadCalling } from "@callboard/core/lazy/index";

// The engine and click-to-call load with the first event for them, not with the Lambda.
const callEngine = async () => (await loadCalling()).CallEngine;
const clickToCall = async () => (await loadCalling()).ClickToCall;

/**
 * On Lambda: Step Functions runs the lists, the configured provider (rate-limited) places the
 * calls, and verified call events from the webhook drive the engine.
 */
export function configurePortsFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  const engineArn = env.CALL_LIST_ENGINE_ARN;
  if (!engineArn) throw new Error("CALL_LIST_ENGINE_ARN is not set.");
  configureCallListPorts({
    runner: createStepFunctionsRunner(engineArn),
    // Resolved on first use: a misconfigured provider fails the call that needs it, not every request.
    get telephony() {
      return useTelephony();
    },
  });
  configureCallEventSink((event) => withActor({ type: "system", reason: "telephony webhook" }, async () => (await callEngine()).onCallEvent(event)));
  // Click-to-call's events (told apart by their call ID) go to the call log, never to the engine.
  configureManualCallSink((event) => withActor({ type: "system", reason: "telephony webhook" }, async () => (await clickToCall()).onCallEvent(event)));
}
