import { configureCallListPorts } from "@callboard/core/call-lists";
import { telephonyFromEnv } from "@callboard/core/telephony";
import { createStepFunctionsRunner } from "./sfn-runner";

/** On Lambda: Step Functions runs the lists, the configured provider places the calls. */
export function configurePortsFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  const engineArn = env.CALL_LIST_ENGINE_ARN;
  if (!engineArn) throw new Error("CALL_LIST_ENGINE_ARN is not set.");
  configureCallListPorts({ runner: createStepFunctionsRunner(engineArn), telephony: telephonyFromEnv(env) });
}
