/**
 * The call-list engine's state machine, defined once with aws-cdk-lib. The SST stack deploys it
 * (infra/call-lists.ts); the local runner and the tests run the very same ASL, extracted below.
 *
 * Progressive dialing: one execution per list runs an inline Map over its lines (one per operator,
 * capped by maxLines). Each line loops on its own; a line dials only after reserving a ready
 * operator (ClaimNext), so the list never has more calls than ready operators.
 *
 * PlanLines ─► Lines (Map, one iteration per line) ─► AfterLines ─► RunRoute ─┬─ handover ─► HandOver ─► Finished
 *                │                                                            └─ stop ─────────────────► Finished
 *                ▼ each line:
 *   ClaimNext ─► Route ─┬─ dial ──► Dial (task token) ─► AfterCall ─┬─ answered ─► AwaitWrapUp (task token) ─┐
 *      ▲                ├─ wrapup ─► AwaitWrapUp                     └─ otherwise ─────────────────────────────┤
 *      │                ├─ wait ───► WaitUntilDue ─────────────────────────────────────────────────────────────┤
 *      │                ├─ idle ───► WaitForOperator (nobody ready) ───────────────────────────────────────────┤
 *      │                └─ stop ───► LineDone                    AwaitWrapUp timeout ─► WrapUpTimedOut ─► AfterWrapUp
 *      └────────────────────────────────────────────────────────────────────────────── (wrapup again | next) ┘
 * A dialed contact costs 4 state transitions in its line (5 if answered); entries live in DynamoDB,
 * so the history carries nothing but IDs, and after entriesPerExecution claims (and idle waits) of
 * the whole run every line ends and the execution hands over to a new one.
 */
import { App, Duration, Stack } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import * as tasks from "aws-cdk-lib/aws-stepfunctions-tasks";
import type { Construct } from "constructs";

/** State names the local runner overrides with in-process handlers. */
export const engineStates = {
  planLines: "PlanLines",
  lines: "Lines",
  afterLines: "AfterLines",
  runRoute: "RunRoute",
  claimNext: "ClaimNext",
  route: "Route",
  dial: "Dial",
  afterCall: "AfterCall",
  awaitWrapUp: "AwaitWrapUp",
  afterWrapUp: "AfterWrapUp",
  waitUntilDue: "WaitUntilDue",
  waitForOperator: "WaitForOperator",
  reconcileCall: "ReconcileCall",
  wrapUpTimedOut: "WrapUpTimedOut",
  lineDone: "LineDone",
  handOver: "HandOver",
  finished: "Finished",
} as const;

/** Step Functions runs at most 40 iterations of an inline Map at once: the most lines a list has. */
export const MAX_LINES = 40;

const path = sfn.JsonPath;

export function callListEngineChain(scope: Construct, steps: lambda.IFunction, self: sfn.IStateMachine): sfn.IChainable {
  const retryTransient = { errors: ["States.ALL"], interval: Duration.seconds(1), maxAttempts: 4, backoffRate: 2 };
  const lineFields = {
    listId: path.stringAt("$.listId"),
    runId: path.stringAt("$.runId"),
    line: path.numberAt("$.line"),
    handled: path.numberAt("$.handled"),
  };

  const planLines = new tasks.LambdaInvoke(scope, engineStates.planLines, {
    lambdaFunction: steps,
    payload: sfn.TaskInput.fromObject({ step: "planLines", listId: path.stringAt("$.listId"), runId: path.stringAt("$.runId"), handled: path.numberAt("$.handled") }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
  });
  planLines.addRetry(retryTransient);

  const afterLines = new tasks.LambdaInvoke(scope, engineStates.afterLines, {
    lambdaFunction: steps,
    payload: sfn.TaskInput.fromObject({ step: "afterLines", listId: path.stringAt("$.listId"), runId: path.stringAt("$.runId"), handled: path.numberAt("$.handled") }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
  });
  afterLines.addRetry(retryTransient);

  const claimNext = new tasks.LambdaInvoke(scope, engineStates.claimNext, {
    lambdaFunction: steps,
    payload: sfn.TaskInput.fromObject({ step: "claimNext", ...lineFields }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
  });
  claimNext.addRetry(retryTransient);

  const dial = new tasks.LambdaInvoke(scope, engineStates.dial, {
    lambdaFunction: steps,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({
      step: "dial",
      taskToken: path.taskToken,
      listId: path.stringAt("$.listId"),
      entryId: path.stringAt("$.entryId"),
      attempt: path.numberAt("$.attempt"),
      callId: path.stringAt("$.callId"),
      timeoutSeconds: path.numberAt("$.dialTimeoutSeconds"),
    }),
    taskTimeout: sfn.Timeout.at("$.dialTimeoutSeconds"),
    resultPath: "$.call",
    retryOnServiceExceptions: false,
  });

  const reconcileCall = new tasks.LambdaInvoke(scope, engineStates.reconcileCall, {
    lambdaFunction: steps,
    payload: sfn.TaskInput.fromObject({
      step: "reconcile",
      listId: path.stringAt("$.listId"),
      entryId: path.stringAt("$.entryId"),
      attempt: path.numberAt("$.attempt"),
      callId: path.stringAt("$.callId"),
    }),
    payloadResponseOnly: true,
    resultPath: "$.call",
    retryOnServiceExceptions: false,
  });
  reconcileCall.addRetry(retryTransient);

  const awaitWrapUp = new tasks.LambdaInvoke(scope, engineStates.awaitWrapUp, {
    lambdaFunction: steps,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({
      step: "awaitWrapUp",
      taskToken: path.taskToken,
      listId: path.stringAt("$.listId"),
      entryId: path.stringAt("$.entryId"),
      timeoutSeconds: path.numberAt("$.wrapUpTimeoutSeconds"),
    }),
    taskTimeout: sfn.Timeout.at("$.wrapUpTimeoutSeconds"),
    resultPath: path.DISCARD,
    retryOnServiceExceptions: false,
  });

  // Returns the line's state again: `wrapup` with the time left (the call ended later than it was
  // answered, or is still on), or `next`.
  const wrapUpTimedOut = new tasks.LambdaInvoke(scope, engineStates.wrapUpTimedOut, {
    lambdaFunction: steps,
    payload: sfn.TaskInput.fromObject({ step: "wrapUpTimedOut", ...lineFields, entryId: path.stringAt("$.entryId") }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
  });
  wrapUpTimedOut.addRetry(retryTransient);

  const waitUntilDue = new sfn.Wait(scope, engineStates.waitUntilDue, { time: sfn.WaitTime.secondsPath("$.waitSeconds") });
  // Nobody of the list is ready: look again shortly (the list says "waiting for an operator").
  const waitForOperator = new sfn.Wait(scope, engineStates.waitForOperator, { time: sfn.WaitTime.secondsPath("$.waitSeconds") });
  const lineDone = new sfn.Succeed(scope, engineStates.lineDone);
  const finished = new sfn.Succeed(scope, engineStates.finished);

  const handOver = new tasks.StepFunctionsStartExecution(scope, engineStates.handOver, {
    stateMachine: self,
    name: path.stringAt("$.nextRunId"),
    input: sfn.TaskInput.fromObject({ listId: path.stringAt("$.listId"), runId: path.stringAt("$.nextRunId"), handled: 0 }),
    integrationPattern: sfn.IntegrationPattern.REQUEST_RESPONSE,
    resultPath: path.DISCARD,
  });
  handOver.addRetry({ errors: ["StepFunctions.SdkClientException", "States.TaskFailed"], interval: Duration.seconds(1), maxAttempts: 3, backoffRate: 2 });
  // ExecutionAlreadyExists after a retry means the successor runs: this one may end.
  handOver.addCatch(finished, { errors: ["States.ALL"], resultPath: path.DISCARD });
  handOver.next(finished);

  dial.addCatch(reconcileCall, { errors: ["States.ALL"], resultPath: "$.dialError" });
  awaitWrapUp.addCatch(wrapUpTimedOut, { errors: ["States.ALL"], resultPath: "$.wrapUpError" });

  const afterCall = new sfn.Choice(scope, engineStates.afterCall)
    .when(sfn.Condition.stringEquals("$.call.outcome", "answered"), awaitWrapUp)
    .otherwise(claimNext);
  const afterWrapUp = new sfn.Choice(scope, engineStates.afterWrapUp)
    .when(sfn.Condition.stringEquals("$.action", "wrapup"), awaitWrapUp)
    .otherwise(claimNext);
  dial.next(afterCall);
  reconcileCall.next(afterCall);
  awaitWrapUp.next(claimNext);
  wrapUpTimedOut.next(afterWrapUp);
  waitUntilDue.next(claimNext);
  waitForOperator.next(claimNext);

  const route = new sfn.Choice(scope, engineStates.route)
    .when(sfn.Condition.stringEquals("$.action", "dial"), dial)
    .when(sfn.Condition.stringEquals("$.action", "wrapup"), awaitWrapUp)
    .when(sfn.Condition.stringEquals("$.action", "wait"), waitUntilDue)
    .when(sfn.Condition.stringEquals("$.action", "idle"), waitForOperator)
    .otherwise(lineDone);
  const line = claimNext.next(route);

  const lines = new sfn.Map(scope, engineStates.lines, {
    itemsPath: "$.lines",
    itemSelector: {
      listId: path.stringAt("$.listId"),
      runId: path.stringAt("$.runId"),
      line: path.numberAt("$$.Map.Item.Value"),
      handled: 0,
    },
    maxConcurrency: MAX_LINES,
    resultPath: path.DISCARD,
  });
  lines.itemProcessor(line);

  const runRoute = new sfn.Choice(scope, engineStates.runRoute)
    .when(sfn.Condition.stringEquals("$.action", "handover"), handOver)
    .otherwise(finished);

  return planLines.next(lines).next(afterLines).next(runRoute);
}

/** Placeholder ARNs for the extracted ASL: locally every Task is overridden by state name. */
export const localArns = {
  steps: "arn:aws:lambda:us-east-1:123456789012:function:call-list-steps",
  engine: "arn:aws:states:us-east-1:123456789012:stateMachine:call-list-engine",
};

/** The ASL of the engine, synthesized from the same CDK definition the stack deploys. */
export function extractCallListAsl(): { StartAt: string; States: Record<string, unknown>; TimeoutSeconds?: number } {
  const app = new App();
  const stack = new Stack(app, "CallListEngineExtract", { env: { account: "123456789012", region: "us-east-1" } });
  const steps = lambda.Function.fromFunctionArn(stack, "Steps", localArns.steps);
  const self = sfn.StateMachine.fromStateMachineArn(stack, "Self", localArns.engine);
  const chain = callListEngineChain(stack, steps, self);
  const graph = new sfn.StateGraph(chain.startState, "CallListEngine");
  return withPartition(stack.resolve(graph.toGraphJson()));
}

/** CDK writes service ARNs as `Fn::Join` over `AWS::Partition`; outside CloudFormation that is "aws". */
function withPartition(node: any): any {
  if (Array.isArray(node)) return node.map(withPartition);
  if (node && typeof node === "object") {
    if ("Ref" in node && node.Ref === "AWS::Partition") return "aws";
    if ("Fn::Join" in node) {
      const [separator, parts] = node["Fn::Join"] as [string, unknown[]];
      return parts.map(withPartition).join(separator);
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, withPartition(value)]));
  }
  return node;
}
