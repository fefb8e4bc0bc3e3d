/**
 * Alarms and the dashboard of a stage: the ONE place that decides what wakes the admin.
 *
 * Prod always has alarms and needs ALARM_EMAIL (checked here, at synth time). Any other stage
 * gets the same alarms only when ALARM_EMAIL is set; every stage gets the dashboard.
 * The custom metrics (calls, webhook signatures, operator wait) are the ones the functions emit
 * through packages/core/src/runtime/observability.ts (Powertools EMF); names come from there.
 */
import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Operation } from "aws-cdk-lib/aws-dynamodb";
import * as sns from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { use, type StackContext } from "sst/constructs";
import * as v from "valibot";
import { METRICS_NAMESPACE, METRICS_SERVICE, MetricName } from "../packages/core/src/runtime/observability";
import { Api } from "./api";
import { Auth } from "./auth";
import { CallLists } from "./call-lists";
import { Jobs } from "./jobs";
import { isProd } from "./stage";
import { Storage } from "./storage";

/** Every threshold in one table (docs/operations.md, "Alarms", explains each). */
export const alarmThresholds = {
  /** Percent of API requests answered 5xx, over 5 minutes. */
  api5xxPercent: 1,
  /** Failed, timed-out or aborted engine executions in 5 minutes. */
  engineExecutions: 1,
  /** Errors (or throttles) of any one function in 5 minutes. */
  lambdaErrors: 1,
  lambdaThrottles: 1,
  /** Messages in the jobs dead-letter queue. */
  deadLetters: 1,
  /** DynamoDB throttled requests in 5 minutes. */
  dynamoThrottles: 1,
  /** Webhook signature failures in 5 minutes: a few are a misconfiguration, more are probing. */
  webhookSignatureFailures: 10,
  /** Abandoned calls: must stay 0. */
  abandonedCalls: 1,
  /** Percent of placed calls that ended "failed", over 15 minutes (once at least 5 were placed). */
  failedCallsPercent: 20,
  failedCallsMinimumPlaced: 5,
  /** Seconds a running list may wait for a ready operator. */
  operatorWaitSeconds: 15 * 60,
} as const;

const FIVE_MINUTES = Duration.minutes(5);

/** Where alarms go on a stage: `undefined` means no alarms there. Throws a one-line message on prod. */
export function alarmSettings(stage: string, env: NodeJS.ProcessEnv = process.env): { email: string } | undefined {
  const email = env.ALARM_EMAIL?.trim();
  if (!email) {
    if (isProd(stage)) throw new Error(`ALARM_EMAIL is required to deploy ${stage}: set it to the admin's e-mail address (alarms go there).`);
    return undefined;
  }
  if (!v.is(v.pipe(v.string(), v.email()), email)) throw new Error(`ALARM_EMAIL is not a valid e-mail address: "${email}".`);
  return { email };
}

/** A custom metric as the functions emit it (dimensions: service and stage). */
export function customMetric(stage: string, name: MetricName, statistic: string, period = FIVE_MINUTES): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRICS_SERVICE, stage },
    statistic,
    period,
  });
}

export function Alarms({ stack, app }: StackContext) {
  const settings = alarmSettings(app.stage);
  const { table } = use(Storage);
  const { issuer } = use(Auth);
  const { api, handler } = use(Api);
  const jobs = use(Jobs);
  const { engine, steps } = use(CallLists);
  const stage = app.stage;
  const functions = { Issuer: issuer, Api: handler, JobsWorker: jobs.worker, CallListSteps: steps };

  const httpApi = api.cdk.httpApi;
  const apiRequests = httpApi.metricCount({ period: FIVE_MINUTES, statistic: "Sum" });
  const api5xx = httpApi.metricServerError({ period: FIVE_MINUTES, statistic: "Sum" });
  const api5xxPercent = new cloudwatch.MathExpression({
    expression: "IF(requests > 0, 100 * errors / requests, 0)",
    usingMetrics: { requests: apiRequests, errors: api5xx },
    period: FIVE_MINUTES,
    label: "API 5xx %",
  });
  const engineFailed = engine.metricFailed({ period: FIVE_MINUTES, statistic: "Sum" });
  const engineTimedOut = engine.metricTimedOut({ period: FIVE_MINUTES, statistic: "Sum" });
  const engineAborted = engine.metricAborted({ period: FIVE_MINUTES, statistic: "Sum" });
  const deadLetters = jobs.deadLetters.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: "Maximum" });
  // The operations the functions send (ThrottledRequests is per operation; an alarm takes ≤ 10 metrics).
  const dynamoThrottles = table.cdk.table.metricThrottledRequestsForOperations({
    operations: [
      Operation.GET_ITEM,
      Operation.BATCH_GET_ITEM,
      Operation.QUERY,
      Operation.PUT_ITEM,
      Operation.UPDATE_ITEM,
      Operation.DELETE_ITEM,
      Operation.BATCH_WRITE_ITEM,
      Operation.TRANSACT_WRITE_ITEMS,
      Operation.TRANSACT_GET_ITEMS,
    ],
    period: FIVE_MINUTES,
  });
  const placed = customMetric(stage, MetricName.callsPlaced, "Sum", Duration.minutes(15));
  const failed = customMetric(stage, MetricName.callsFailed, "Sum", Duration.minutes(15));
  const failedPercent = new cloudwatch.MathExpression({
    expression: `IF(placed >= ${alarmThresholds.failedCallsMinimumPlaced}, 100 * failed / placed, 0)`,
    usingMetrics: { placed, failed },
    period: Duration.minutes(15),
    label: "failed calls %",
  });
  const signatureFailures = customMetric(stage, MetricName.webhookSignatureFailures, "Sum");
  const abandoned = customMetric(stage, MetricName.callsAbandoned, "Sum");
  const operatorWait = customMetric(stage, MetricName.operatorWaitSeconds, "Maximum");

  const alarms: cloudwatch.Alarm[] = [];
  let topic: sns.Topic | undefined;
  if (settings) {
    topic = new sns.Topic(stack, "AlarmTopic", { displayName: `callboard ${stage} alarms`, enforceSSL: true });
    topic.addSubscription(new EmailSubscription(settings.email));
    const action = new SnsAction(topic);
    const alarm = (id: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const created = new cloudwatch.Alarm(stack, id, {
        alarmName: `${stage}-callboard-${id}`,
        alarmDescription: `${description} Runbook: docs/operations.md#${id.toLowerCase()}`,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data means nothing happened (no calls, no errors): not an alarm.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      alarms.push(created);
      return created;
    };
    alarm("EngineExecutionsFailed", engineFailed, alarmThresholds.engineExecutions, "A call-list engine execution failed.");
    alarm("EngineExecutionsTimedOut", engineTimedOut, alarmThresholds.engineExecutions, "A call-list engine execution timed out.");
    alarm("EngineExecutionsAborted", engineAborted, alarmThresholds.engineExecutions, "A call-list engine execution was aborted.");
    // Above 1 %: strictly greater, so exactly 1 % does not alarm.
    const api5xxAlarm = alarm("Api5xxRate", api5xxPercent, alarmThresholds.api5xxPercent, "More than 1% of API requests answered 5xx over 5 minutes.");
    (api5xxAlarm.node.defaultChild as cloudwatch.CfnAlarm).comparisonOperator = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
    for (const [name, fn] of Object.entries(functions)) {
      alarm(`${name}Errors`, fn.metricErrors({ period: FIVE_MINUTES, statistic: "Sum" }), alarmThresholds.lambdaErrors, `The ${name} function reported errors.`);
      alarm(`${name}Throttles`, fn.metricThrottles({ period: FIVE_MINUTES, statistic: "Sum" }), alarmThresholds.lambdaThrottles, `The ${name} function was throttled.`);
    }
    alarm("JobsDeadLetters", deadLetters, alarmThresholds.deadLetters, "Job chunks failed 5 times and sit in the jobs dead-letter queue.");
    alarm("DynamoThrottles", dynamoThrottles, alarmThresholds.dynamoThrottles, "DynamoDB throttled requests to the table.");
    alarm("WebhookSignatureFailures", signatureFailures, alarmThresholds.webhookSignatureFailures, "Telephony webhooks with bad signatures: a wrong auth token or someone probing.");
    alarm("AbandonedCalls", abandoned, alarmThresholds.abandonedCalls, "A person answered and no operator took the call.");
    alarm("FailedCallsRate", failedPercent, alarmThresholds.failedCallsPercent, "Too many placed calls ended 'failed' (telephony credentials or number format?).");
    alarm("OperatorWait", operatorWait, alarmThresholds.operatorWaitSeconds, "A running call list has waited for a ready operator too long.");
  }

  const dashboard = new cloudwatch.Dashboard(stack, "Dashboard", {
    dashboardName: `${stage}-callboard`,
    defaultInterval: Duration.hours(3),
  });
  const graph = (title: string, left: cloudwatch.IMetric[]) => new cloudwatch.GraphWidget({ title, left, width: 8, height: 6 });
  const route = (name: MetricName) =>
    new cloudwatch.MathExpression({
      expression: `SEARCH('{${METRICS_NAMESPACE},service,stage,route} MetricName="${name}" stage="${stage}"', 'Sum', 300)`,
      usingMetrics: {},
      label: name,
      period: FIVE_MINUTES,
    });
  dashboard.addWidgets(
    graph("Calls", [
      placed.with({ period: FIVE_MINUTES }),
      customMetric(stage, MetricName.callsAnsweredHuman, "Sum"),
      customMetric(stage, MetricName.callsAnsweredMachine, "Sum"),
      customMetric(stage, MetricName.callsNoAnswer, "Sum"),
      customMetric(stage, MetricName.callsBusy, "Sum"),
      failed.with({ period: FIVE_MINUTES }),
      abandoned,
    ]),
    graph("Answer → operator connected (ms)", [
      customMetric(stage, MetricName.answerToOperatorMs, "p50"),
      customMetric(stage, MetricName.answerToOperatorMs, "p95"),
    ]),
    graph("Operator wait (s) / webhook signature failures", [operatorWait, signatureFailures]),
  );
  dashboard.addWidgets(
    graph("API requests / 5xx %", [apiRequests, api5xxPercent]),
    graph("API 4xx by route", [route(MetricName.http4xx)]),
    graph("API 5xx by route", [route(MetricName.http5xx)]),
  );
  dashboard.addWidgets(
    graph("Lambda errors", Object.entries(functions).map(([name, fn]) => fn.metricErrors({ period: FIVE_MINUTES, statistic: "Sum", label: name }))),
    graph("Lambda throttles", Object.entries(functions).map(([name, fn]) => fn.metricThrottles({ period: FIVE_MINUTES, statistic: "Sum", label: name }))),
    graph("Engine executions", [engineFailed, engineTimedOut, engineAborted, engine.metricStarted({ period: FIVE_MINUTES, statistic: "Sum" })]),
  );
  dashboard.addWidgets(
    graph("Jobs dead letters / DynamoDB throttles", [deadLetters, dynamoThrottles]),
    graph("Imports and forms", [
      customMetric(stage, MetricName.importRows, "Sum"),
      customMetric(stage, MetricName.formSubmissionsAccepted, "Sum"),
      customMetric(stage, MetricName.formSubmissionsRefused, "Sum"),
    ]),
  );
  if (alarms.length) dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: "Alarms", alarms, width: 24 }));

  stack.addOutputs({ DashboardName: dashboard.dashboardName, ...(topic ? { AlarmTopicArn: topic.topicArn } : {}) });
  return { topic, alarms, dashboard };
}
