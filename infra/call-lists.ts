import { Duration } from "aws-cdk-lib";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Function, use, type StackContext } from "sst/constructs";
import { Api } from "./api";
import { callListEngineArn, callListEngineName, telephonyEnvironment } from "./call-lists-access";
import { callListEngineChain } from "./call-lists-definition";
import { removalPolicy } from "./stage";
import { Storage, tableDataAccess } from "./storage";

export const stepsHandler = "packages/functions/src/call-lists/lambda.handler";

export { callListEngineArn, callListEngineName, callListExecutionsArn, engineAccess, telephonyEnvironment } from "./call-lists-access";

/**
 * The call-list engine: a Standard state machine (defined once in call-lists-definition.ts) and the
 * Lambda that runs its steps. The machine may invoke that Lambda and start its own successor;
 * the steps may complete task tokens; nothing else.
 */
export function CallLists({ stack, app }: StackContext) {
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
