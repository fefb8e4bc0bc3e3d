import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { App } from "sst/constructs";

/*
 * What other stacks need to reach the call-list engine (its fixed name, ARNs, the API's access,
 * the telephony settings). Kept apart from call-lists.ts, which builds the engine and reads the Api
 * stack's URL: api.ts imports this file, so the two stack files no longer import each other.
 */

/** Fixed name, so the API (deployed first) can address the engine without a stack cycle. */
export function callListEngineName(app: Pick<App, "logicalPrefixedName">): string {
  return app.logicalPrefixedName("CallListEngine");
}

export function callListEngineArn(app: App): string {
  return `arn:aws:states:${app.region}:${app.account}:stateMachine:${callListEngineName(app)}`;
}

/** Executions of the engine (named after a list's run ID). */
export function callListExecutionsArn(app: App): string {
  return `arn:aws:states:${app.region}:${app.account}:execution:${callListEngineName(app)}:*`;
}

/** What the API may do with the engine: start executions, see if one still runs, complete task-token waits. */
export function engineAccess(app: App): PolicyStatement[] {
  const arn = callListEngineArn(app);
  return [
    new PolicyStatement({ actions: ["states:StartExecution"], resources: [arn] }),
    new PolicyStatement({ actions: ["states:DescribeExecution"], resources: [callListExecutionsArn(app)] }),
    new PolicyStatement({ actions: ["states:SendTaskSuccess", "states:SendTaskFailure"], resources: [arn] }),
  ];
}

/** Telephony settings passed to every function that places calls or takes their callbacks. */
export function telephonyEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const names = [
    "TELEPHONY_PROVIDER",
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_FROM",
    // The operators' softphone: Access Tokens minted by the API (docs/telephony.md, "Twilio setup").
    "TWILIO_API_KEY_SID",
    "TWILIO_API_KEY_SECRET",
    "TWILIO_TWIML_APP_SID",
    "SIMULATOR_URL",
    "SIMULATOR_SECRET",
  ];
  return Object.fromEntries(names.filter((name) => env[name]).map((name) => [name, env[name]!]));
}
