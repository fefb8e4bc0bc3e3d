import { Duration } from "aws-cdk-lib";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Function, use, type App, type StackContext } from "sst/constructs";
import { Api } from "./api";
import { callListEngineChain } from "./dialer-definition";
import { removalPolicy } from "./stage";
import { Storage, tableDataAccess } from "./storage";

export const stepsHandler = "packages/functions/src/call-lists/lambda.handler";

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

/**
 * The call-list engine: a Standard state machine (defined once in dialer-definition.ts) and the
 * Lambda that runs its steps. The machine may invoke that Lambda and start its own successor;
 * the steps may complete task tokens; nothing else.
 */
export function Dialer({ stack, app }: StackContext) {
  const { table } = use(Storage);
  const { apiUrl } = use(Api);

  const steps = new Function(stack, "CallListSteps", {
    handler: stepsHandler,
    memorySize: 512,
    timeout: 30,
    environment: {
      TABLE_NAME: table.tableName,
      STAGE: app.stage,
      DEFAULT_COUNTRY: process.env.DEFAULT_COUNTRY ?? "RU",
      CALL_LIST_ENGINE_ARN: callListEngineArn(app),
      PUBLIC_URL: apiUrl,
      ...telephonyEnvironment(),
    },
    permissions: [tableDataAccess(table)],
  });

  const name = callListEngineName(app);
  const self = sfn.StateMachine.fromStateMachineName(stack, "Self", name);
  const engine = new sfn.StateMachine(stack, "CallListEngine", {
    stateMachineName: name,
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromChainable(callListEngineChain(stack, steps, self)),
    // A list can take days (retries, call windows); each execution hands over long before this.
    timeout: Duration.days(30),
    removalPolicy: removalPolicy(app.stage),
  });
  // By name, not by reference: the machine already depends on the function (it invokes it).
  steps.addToRolePolicy(
    new PolicyStatement({ actions: ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"], resources: [callListEngineArn(app)] }),
  );

  stack.addOutputs({ CallListEngineArn: engine.stateMachineArn });
  return { engine, steps };
}
