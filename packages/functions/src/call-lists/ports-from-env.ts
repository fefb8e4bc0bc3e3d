import { withActor } from "@callboard/core/actor";
import { CallEngine, configureCallListPorts } from "@callboard/core/call-lists";
import { configureCallEventSink, configureManualCallSink, useTelephony } from "@callboard/core/telephony";
import { createStepFunctionsRunner } from "./sfn-runner";
import * as ClickToCall from "@callboard/core/calls/click-to-call";

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
  configureCallEventSink((event) => withActor({ type: "system", reason: "telephony webhook" }, () => CallEngine.onCallEvent(event)));
  // Click-to-call's events (told apart by their call ID) go to the call log, never to the engine.
  configureManualCallSink((event) => withActor({ type: "system", reason: "telephony webhook" }, () => ClickToCall.onCallEvent(event)));
}
