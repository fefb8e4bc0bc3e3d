/**
 * Operability of every stage (issue 20), synthesized offline like tests/infra/stacks.test.ts
 * ("shallow": all stacks, no bundling): alarms and their topic, the dashboard, cdk-nag's
 * AwsSolutions pack over every stack, each role's IAM actions against an allow-list, and the
 * console origin wired in the same deploy.
 */
import { Aspects } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { App, type Stack } from "sst/constructs";
import { initProject, useProject } from "sst/project.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { alarmSettings, alarmThresholds } from "../../infra/alarms";
import { iamWildcardAllowList } from "../../infra/nag";
import { METRICS_NAMESPACE, METRICS_SERVICE, MetricName } from "../../packages/core/src/runtime/observability";
import config from "../../sst.config";

process.env.NODE_ENV = "test";
const SYNTH_TIMEOUT = 90_000;

type Resource = { Type: string; Properties: Record<string, any> };

async function synth(stage: string, env: Record<string, string | undefined> = {}, options: { withoutSuppressions?: boolean } = {}) {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
  try {
    await initProject({ stage });
    const project = useProject().config;
    const app = new App({ mode: "deploy", name: project.name, stage: project.stage, region: project.region, account: "123456789012" });
    Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
    await config.stacks(app);
    const stacks = app.node.children.filter((child): child is Stack => (child as Stack).stackName !== undefined) as Stack[];
    // cdk-nag reads stack-level suppressions when the aspects run (at synthesis, below).
    if (options.withoutSuppressions) for (const stack of stacks) delete stack.templateOptions.metadata?.cdk_nag;
    const templates = Object.fromEntries(stacks.map((stack) => [stack.stackName.split("-").pop()!, Template.fromStack(stack)]));
    return { app, stacks, templates };
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

const resources = (template: Template, type: string) => Object.entries(template.findResources(type)) as [string, Resource][];

describe("ALARM_EMAIL", () => {
  it("is required on prod, with a one-line message", () => {
    expect(() => alarmSettings("prod", {})).toThrow(/^ALARM_EMAIL is required to deploy prod: [^\n]+$/);
    expect(() => alarmSettings("prod", { ALARM_EMAIL: "   " })).toThrow(/ALARM_EMAIL is required/);
  });
  it("must be an e-mail address", () => {
    expect(() => alarmSettings("prod", { ALARM_EMAIL: "ops@" })).toThrow(/^ALARM_EMAIL is not a valid e-mail address: "ops@"\.$/);
    expect(() => alarmSettings("dev", { ALARM_EMAIL: "not an address" })).toThrow(/not a valid e-mail/);
    expect(alarmSettings("prod", { ALARM_EMAIL: "ops@example.com" })).toEqual({ email: "ops@example.com" });
  });
  it("is optional elsewhere: no alarms without it", () => {
    expect(alarmSettings("dev", {})).toBeUndefined();
  });
  it("stops the synthesis of prod", async () => {
    await expect(synth("prod", { ALARM_EMAIL: undefined })).rejects.toThrow(/ALARM_EMAIL is required to deploy prod/);
    await expect(synth("prod", { ALARM_EMAIL: "admin-at-example.com" })).rejects.toThrow(/not a valid e-mail/);
  }, SYNTH_TIMEOUT);
});

describe("prod", () => {
  let prod: Awaited<ReturnType<typeof synth>>;
  beforeAll(async () => {
    prod = await synth("prod", { ALARM_EMAIL: "ops@example.com" });
  }, SYNTH_TIMEOUT);

  it("sends alarms to one topic with the admin's e-mail subscribed", () => {
    const alarms = prod.templates.Alarms!;
    alarms.resourceCountIs("AWS::SNS::Topic", 1);
    alarms.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "ops@example.com" });
    const [topicId] = resources(alarms, "AWS::SNS::Topic")[0]!;
    for (const [id, alarm] of resources(alarms, "AWS::CloudWatch::Alarm")) {
      expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topicId }]);
    }
  });

  it("has every alarm with its threshold", () => {
    const alarms = Object.fromEntries(resources(prod.templates.Alarms!, "AWS::CloudWatch::Alarm").map(([, a]) => [a.Properties.AlarmName.replace("prod-callboard-", ""), a.Properties]));
    const expected: Record<string, [number, string]> = {
      EngineExecutionsFailed: [alarmThresholds.engineExecutions, "GreaterThanOrEqualToThreshold"],
      EngineExecutionsTimedOut: [alarmThresholds.engineExecutions, "GreaterThanOrEqualToThreshold"],
      EngineExecutionsAborted: [alarmThresholds.engineExecutions, "GreaterThanOrEqualToThreshold"],
      Api5xxRate: [1, "GreaterThanThreshold"],
      JobsDeadLetters: [1, "GreaterThanOrEqualToThreshold"],
      DynamoThrottles: [1, "GreaterThanOrEqualToThreshold"],
      WebhookSignatureFailures: [alarmThresholds.webhookSignatureFailures, "GreaterThanOrEqualToThreshold"],
      AbandonedCalls: [1, "GreaterThanOrEqualToThreshold"],
      FailedCallsRate: [alarmThresholds.failedCallsPercent, "GreaterThanOrEqualToThreshold"],
      OperatorWait: [alarmThresholds.operatorWaitSeconds, "GreaterThanOrEqualToThreshold"],
    };
    for (const fn of ["Issuer", "Api", "JobsWorker", "CallListSteps"]) {
      expected[`${fn}Errors`] = [1, "GreaterThanOrEqualToThreshold"];
      expected[`${fn}Throttles`] = [1, "GreaterThanOrEqualToThreshold"];
    }
    expect(Object.keys(alarms).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, [threshold, operator]] of Object.entries(expected)) {
      expect(alarms[name]!.Threshold, name).toBe(threshold);
      expect(alarms[name]!.ComparisonOperator, name).toBe(operator);
      expect(alarms[name]!.TreatMissingData, name).toBe("notBreaching");
    }
    // Engine alarms read the state machine's own metrics.
    expect(alarms.EngineExecutionsFailed).toMatchObject({ Namespace: "AWS/States", MetricName: "ExecutionsFailed" });
    expect(alarms.EngineExecutionsTimedOut).toMatchObject({ MetricName: "ExecutionsTimedOut" });
    expect(alarms.EngineExecutionsAborted).toMatchObject({ MetricName: "ExecutionsAborted" });
    // 5xx rate over 5 minutes: 5xx / requests of the HTTP API.
    const rate = alarms.Api5xxRate!.Metrics as any[];
    expect(rate.find((m) => m.Expression)!.Expression).toBe("IF(requests > 0, 100 * errors / requests, 0)");
    expect(rate.filter((m) => m.MetricStat).map((m) => [m.MetricStat.Metric.MetricName, m.MetricStat.Period]).sort()).toEqual([["5xx", 300], ["Count", 300]]);
    expect(alarms.JobsDeadLetters).toMatchObject({ Namespace: "AWS/SQS", MetricName: "ApproximateNumberOfMessagesVisible" });
    expect(JSON.stringify(alarms.DynamoThrottles!.Metrics)).toContain("ThrottledRequests");
    expect(alarms.ApiErrors).toMatchObject({ Namespace: "AWS/Lambda", MetricName: "Errors" });
    expect(alarms.ApiThrottles).toMatchObject({ Namespace: "AWS/Lambda", MetricName: "Throttles" });
    // Custom metrics: the names and dimensions the functions emit (core/runtime/observability.ts).
    const custom = { service: METRICS_SERVICE, stage: "prod" };
    const dims = (alarm: any) => Object.fromEntries(alarm.Dimensions.map((d: any) => [d.Name, d.Value]));
    for (const [name, metric] of [["AbandonedCalls", MetricName.callsAbandoned], ["WebhookSignatureFailures", MetricName.webhookSignatureFailures], ["OperatorWait", MetricName.operatorWaitSeconds]] as const) {
      expect(alarms[name], name).toMatchObject({ Namespace: METRICS_NAMESPACE, MetricName: metric });
      expect(dims(alarms[name]), name).toEqual(custom);
    }
    const failed = alarms.FailedCallsRate!.Metrics as any[];
    expect(failed.filter((m) => m.MetricStat).map((m) => m.MetricStat.Metric.MetricName).sort()).toEqual([MetricName.callsFailed, MetricName.callsPlaced].sort());
    expect(failed.find((m) => m.Expression)!.Expression).toContain(`placed >= ${alarmThresholds.failedCallsMinimumPlaced}`);
  });

  it("has a dashboard with every figure", () => {
    const [, dashboard] = resources(prod.templates.Alarms!, "AWS::CloudWatch::Dashboard")[0]!;
    expect(dashboard.Properties.DashboardName).toBe("prod-callboard");
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const name of Object.values(MetricName)) expect(body, name).toContain(name);
    for (const aws of ["ExecutionsFailed", "5xx", "Errors", "Throttles", "ApproximateNumberOfMessagesVisible", "ThrottledRequests"]) expect(body, aws).toContain(aws);
    // The alarm status widget lists the alarms.
    expect(body).toMatch(/"type\\":\\"alarm\\"/);
    expect(body).toMatch(/AbandonedCalls[0-9A-F]{8}/);
  });
});

describe("dev", () => {
  it("has no alarms or topic without ALARM_EMAIL, a dashboard all the same", async () => {
    const dev = await synth("dev", { ALARM_EMAIL: undefined });
    dev.templates.Alarms!.resourceCountIs("AWS::CloudWatch::Alarm", 0);
    dev.templates.Alarms!.resourceCountIs("AWS::SNS::Topic", 0);
    dev.templates.Alarms!.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
  }, SYNTH_TIMEOUT);

  it("has the alarms when ALARM_EMAIL is set", async () => {
    const dev = await synth("dev", { ALARM_EMAIL: "dev-ops@example.com" });
    expect(resources(dev.templates.Alarms!, "AWS::CloudWatch::Alarm").length).toBe(18);
    dev.templates.Alarms!.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "dev-ops@example.com" });
  }, SYNTH_TIMEOUT);
});

/** Every unsuppressed AwsSolutions finding (errors and warnings) of a synthesized app. */
function nagFindings(stacks: Stack[]): string[] {
  return stacks.flatMap((stack) => {
    const annotations = Annotations.fromStack(stack);
    return [...annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")), ...annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))].map(
      (finding) => `${finding.id}: ${String(finding.entry.data).split(":")[0]}`,
    );
  });
}

describe("cdk-nag (AwsSolutions)", () => {
  it("reports 0 unsuppressed findings over every stack of dev and prod", async () => {
    for (const [stage, env] of [["dev", { ALARM_EMAIL: "dev-ops@example.com" }], ["prod", { ALARM_EMAIL: "ops@example.com" }]] as const) {
      const { stacks } = await synth(stage, env);
      expect(stacks.map((stack) => stack.stackName.split("-").pop()).sort()).toEqual(["Alarms", "Api", "Auth", "CallLists", "Jobs", "Storage", "Web"]);
      expect(nagFindings(stacks), stage).toEqual([]);
    }
  }, SYNTH_TIMEOUT * 2);

  it("gives every suppression a written reason", async () => {
    const { stacks } = await synth("prod", { ALARM_EMAIL: "ops@example.com" });
    let count = 0;
    for (const stack of stacks) {
      for (const rule of (stack.templateOptions.metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[]) {
        count += 1;
        expect(rule.reason.length, rule.id).toBeGreaterThan(40);
      }
    }
    expect(count).toBeGreaterThan(0);
  }, SYNTH_TIMEOUT);

  it("would fail without the suppressions (the checks do run)", async () => {
    const bare = await synth("prod", { ALARM_EMAIL: "ops@example.com" }, { withoutSuppressions: true });
    const findings = nagFindings(bare.stacks);
    for (const rule of ["AwsSolutions-IAM4", "AwsSolutions-IAM5", "AwsSolutions-APIG4", "AwsSolutions-CFR4"]) expect(findings.join("\n")).toContain(rule);
  }, SYNTH_TIMEOUT * 2);
});

/** Renders a CloudFormation value the way cdk-nag does (`<Logical.Arn>`, import names), for matching. */
function render(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") {
    const object = value as Record<string, any>;
    if (object.Ref) return `<${object.Ref}>`;
    if (object["Fn::GetAtt"]) return `<${object["Fn::GetAtt"].join(".")}>`;
    if (object["Fn::ImportValue"]) return render(object["Fn::ImportValue"]);
    if (object["Fn::Join"]) return (object["Fn::Join"][1] as unknown[]).map(render).join(object["Fn::Join"][0]);
  }
  return JSON.stringify(value);
}

describe("IAM: each role's actions, and wildcards only from the allow-list", () => {
  let prod: Awaited<ReturnType<typeof synth>>;
  beforeAll(async () => {
    prod = await synth("prod", { ALARM_EMAIL: "ops@example.com" });
  }, SYNTH_TIMEOUT);

  /** role logical ID (stack-qualified) → actions and rendered resources of its inline policies. */
  function roles() {
    const result: Record<string, { actions: string[]; resources: string[] }> = {};
    for (const [stackName, template] of Object.entries(prod.templates)) {
      for (const [, policy] of resources(template, "AWS::IAM::Policy")) {
        for (const role of policy.Properties.Roles as any[]) {
          const key = `${stackName}/${render(role)}`;
          result[key] ??= { actions: [], resources: [] };
          for (const statement of policy.Properties.PolicyDocument.Statement as any[]) {
            if (statement.Effect !== "Allow") continue;
            result[key].actions.push(...[statement.Action].flat());
            result[key].resources.push(...[statement.Resource].flat().map(render));
          }
        }
      }
    }
    return result;
  }

  it("allows no wildcard action or resource outside infra/nag.ts's allow-list", () => {
    const all = roles();
    expect(Object.keys(all).length).toBeGreaterThanOrEqual(6);
    const offending: string[] = [];
    for (const [role, { actions, resources: arns }] of Object.entries(all)) {
      for (const action of actions) if (action.includes("*") && !iamWildcardAllowList.some(({ pattern }) => pattern.test(action))) offending.push(`${role} action ${action}`);
      for (const arn of arns) if (arn.includes("*") && !iamWildcardAllowList.some(({ pattern }) => pattern.test(`Resource::${arn}`) || pattern.test(arn))) offending.push(`${role} resource ${arn}`);
    }
    expect(offending).toEqual([]);
    for (const entry of iamWildcardAllowList) expect(entry.reason.length).toBeGreaterThan(30);
  });

  it("would catch a wildcard that is not allowed", () => {
    expect(iamWildcardAllowList.some(({ pattern }) => pattern.test("s3:*"))).toBe(false);
    expect(iamWildcardAllowList.some(({ pattern }) => pattern.test("Resource::arn:aws:states:eu-central-1:123456789012:stateMachine:*"))).toBe(false);
    expect(iamWildcardAllowList.some(({ pattern }) => pattern.test("Resource::arn:aws:s3:::*"))).toBe(false);
  });

  it("lists each function's actions: the API starts only the engine, the engine reads no files", () => {
    const all = roles();
    const actionsOf = (stack: string, prefix: string) => {
      const found = Object.entries(all).filter(([role]) => role.startsWith(`${stack}/<${prefix}`));
      expect(found.length, `${stack}/${prefix}`).toBe(1);
      return found[0]![1];
    };
    const table = ["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"];
    const xray = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"];
    const api = actionsOf("Api", "ApiHandlerServiceRole");
    expect([...new Set(api.actions)].sort()).toEqual(
      [...table, ...xray, "s3:DeleteObject", "s3:GetObject", "s3:PutObject", "sqs:SendMessage", "ssm:GetParameter", "states:DescribeExecution", "states:SendTaskFailure", "states:SendTaskSuccess", "states:StartExecution"].sort(),
    );
    // StartExecution on the stage's engine only, not on any state machine.
    const engineArn = "arn:aws:states:eu-central-1:123456789012:stateMachine:prod-callboard-CallListEngine";
    expect(api.resources).toContain(engineArn);
    expect(api.resources.filter((arn) => arn.includes("stateMachine"))).toEqual([engineArn, engineArn]);
    expect(api.resources).toContain("arn:aws:ssm:eu-central-1:123456789012:parameter/callboard/prod/console-origin");
    const steps = actionsOf("CallLists", "CallListStepsServiceRole");
    expect([...new Set(steps.actions)].sort()).toEqual([...table, ...xray, "states:SendTaskFailure", "states:SendTaskHeartbeat", "states:SendTaskSuccess"].sort());
    expect(steps.actions.some((action) => action.startsWith("s3:"))).toBe(false);
    const issuer = actionsOf("Auth", "IssuerServiceRole");
    expect([...new Set(issuer.actions)].sort()).toEqual([...table, ...xray, "ssm:GetParameter"].sort());
    const worker = actionsOf("Jobs", "JobsWorkerServiceRole");
    expect([...new Set(worker.actions)].sort()).toEqual([...table, ...xray, "s3:DeleteObject", "s3:GetObject", "s3:PutObject", "sqs:SendMessage",
      // The queue's event source mapping (its own queue only).
      "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"].sort());
    const machine = actionsOf("CallLists", "CallListEngineRole");
    expect([...new Set(machine.actions)].sort()).toEqual(["lambda:InvokeFunction", "states:StartExecution"]);
  });
});

describe("console origin: one deploy", () => {
  let dev: Awaited<ReturnType<typeof synth>>;
  beforeAll(async () => {
    dev = await synth("dev", { CONSOLE_ORIGINS: "https://crm.example.com" });
  }, SYNTH_TIMEOUT);

  it("the Web stack publishes the console URL in the parameter the issuer and the API read", () => {
    const web = dev.templates.Web!;
    const [, parameter] = resources(web, "AWS::SSM::Parameter")[0]!;
    expect(parameter.Properties.Name).toBe("/callboard/dev/console-origin");
    // The value is the distribution's own URL, in the same template (no second deploy).
    const [distributionId] = resources(web, "AWS::CloudFront::Distribution")[0]!;
    expect(parameter.Properties.Value).toEqual({ "Fn::Join": ["", ["https://", { "Fn::GetAtt": [distributionId, "DomainName"] }]] });
    for (const [stack, marker] of [["Auth", "OPENAUTH"], ["Api", "OPENAUTH_ISSUER"]] as const) {
      const fns = resources(dev.templates[stack]!, "AWS::Lambda::Function").filter(([, fn]) => fn.Properties.Environment?.Variables?.CONSOLE_ORIGIN_PARAMETER);
      expect(fns.length, `${stack} ${marker}`).toBe(1);
      expect(fns[0]![1].Properties.Environment.Variables.CONSOLE_ORIGIN_PARAMETER).toBe("/callboard/dev/console-origin");
      expect(fns[0]![1].Properties.Environment.Variables.CONSOLE_ORIGINS).toBe("https://crm.example.com");
    }
  });

  it("the Web stack sets the files bucket's CORS to the console URL and CONSOLE_ORIGINS", () => {
    const web = dev.templates.Web!;
    const [, cors] = resources(web, "Custom::AWS")[0]!;
    const create = render(cors.Properties.Create);
    expect(create).toContain('"action":"putBucketCors"');
    expect(create).toContain("https://<Console");
    expect(create).toContain("https://crm.example.com");
    expect(create).toContain("ExportsOutputRefFiles");
    // Storage no longer declares CORS (the Web stack owns it), so deploys do not fight over it.
    const [, bucket] = resources(dev.templates.Storage!, "AWS::S3::Bucket")[0]!;
    expect(bucket.Properties.CorsConfiguration).toBeUndefined();
    // No stack cycle: Web uses Api/Auth/Storage outputs, none of them uses Web's.
    for (const stack of ["Storage", "Auth", "Api", "Jobs", "CallLists"]) expect(JSON.stringify(dev.templates[stack]!.toJSON())).not.toContain("callboard-Web:");
  });

  it("API Gateway does not answer CORS itself (the function does, with the console origin)", () => {
    const [, api] = resources(dev.templates.Api!, "AWS::ApiGatewayV2::Api")[0]!;
    expect(api.Properties.CorsConfiguration).toBeUndefined();
  });
});
