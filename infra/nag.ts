/**
 * cdk-nag (AwsSolutions pack): every suppression of the app, each with its reason, in one place.
 * tests/infra/operability.test.ts runs the pack over every stack of dev and prod and expects no
 * unsuppressed finding; it also checks every IAM statement against `iamWildcardAllowList`.
 */
import { Stack } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import { NagSuppressions, type NagPackSuppression } from "cdk-nag";
import { isProd } from "./stage";

/**
 * The only wildcards an IAM statement of this app may hold (action or resource), each with why.
 * `pattern` is matched against the action, or against the resource rendered as text
 * (CloudFormation references as `<Ref>`), as cdk-nag renders it.
 */
export const iamWildcardAllowList: { pattern: RegExp; reason: string }[] = [
  {
    pattern: /^xray:(PutTraceSegments|PutTelemetryRecords)$|^Resource::\*$/,
    reason:
      "SST turns on active X-Ray tracing for every function; X-Ray's PutTraceSegments/PutTelemetryRecords accept no resource but `*`. The same `*` is CDK's log-retention helper (logs:PutRetentionPolicy on the functions' own log groups, created by name at deploy time).",
  },
  {
    pattern: /\/index\/\*$/,
    reason: "The indexes of the app's one table (`<table ARN>/index/*`): queries use all six GSIs of that table and nothing else.",
  },
  {
    pattern: /Files[0-9A-F]{8}.*\/\*$/,
    reason: "Objects of the files bucket (`<bucket ARN>/*`): keys are generated per upload (photos, imports, exports); no listing, no bucket actions.",
  },
  {
    pattern: /:execution:[\w-]+-callboard-CallListEngine:\*$/,
    reason: "Executions of the stage's own call-list engine (named after each list run), for DescribeExecution only.",
  },
  {
    pattern: /CallListSteps[0-9A-F]{8}\.Arn>:\*$/,
    reason: "Versions of the engine's own steps function: CDK's LambdaInvoke grants `<function ARN>:*` so qualified invocations work.",
  },
];

function iam5AppliesTo(): NagPackSuppression["appliesTo"] {
  // cdk-nag reads "/source/flags"; no "g" flag, whose lastIndex would make repeated tests flaky.
  return iamWildcardAllowList.map(({ pattern }) => ({ regex: `/${pattern.source}/` }));
}

/** Adds the app's suppressions to one stack (called for every stack from sst.config.ts). */
export function applyNagSuppressions(stack: Stack, stage: string): void {
  const suppressions: NagPackSuppression[] = [
    {
      id: "AwsSolutions-IAM4",
      reason: "AWSLambdaBasicExecutionRole (write the function's own CloudWatch Logs) is the AWS-managed minimum every Lambda role needs; SST and CDK attach it to each function and helper.",
      appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
    },
    {
      id: "AwsSolutions-IAM5",
      reason: `Only the wildcards of infra/nag.ts iamWildcardAllowList, each with its reason: ${iamWildcardAllowList.map((entry) => entry.reason).join(" | ")}`,
      appliesTo: iam5AppliesTo(),
    },
    {
      id: "AwsSolutions-L1",
      reason: "Our functions run the runtime pinned in infra/stage.ts (nodejs22.x, tested locally on the same major); CDK/SST helper functions (log retention, stack metadata) pick their own runtime.",
    },
  ];
  const name = stack.stackName;
  if (name.endsWith("-Storage")) {
    suppressions.push({ id: "AwsSolutions-S1", reason: "The files bucket is private and reached only by the app's roles; CloudTrail data events, not S3 access logs, are the audit trail if one is wanted." });
    if (!isProd(stage)) suppressions.push({ id: "AwsSolutions-DDB3", reason: "Point-in-time recovery is on for prod only (infra/stage.ts); other stages are disposable." });
  }
  if (name.endsWith("-Api")) {
    suppressions.push({
      id: "AwsSolutions-APIG4",
      reason: "Authorization is in the function: every /v1 route checks the issuer's bearer token and the object's access (packages/functions/src/api), public intake/webhook routes verify their signature or form token; /docs is public by design.",
    });
  }
  if (name.endsWith("-CallLists")) {
    suppressions.push(
      { id: "AwsSolutions-SF1", reason: "Step Functions keeps each execution's full history for 90 days; the steps function logs every step as JSON with list/entry/attempt/call IDs, so ALL-event logging would pay twice for the same facts." },
      { id: "AwsSolutions-SF2", reason: "X-Ray on the state machine would be billed per transition of long-running lists; the engine's alarms (failed/timed-out/aborted executions) and the steps' logs cover its failures." },
    );
  }
  if (name.endsWith("-Web")) {
    suppressions.push(
      { id: "AwsSolutions-S1", reason: "The console bucket holds the built static site only (public through CloudFront); access logs would record nothing but asset fetches." },
      { id: "AwsSolutions-CFR1", reason: "The console is used wherever the organization's operators are; no geographic restriction is a requirement." },
      { id: "AwsSolutions-CFR2", reason: "The distribution serves static files only; the API has its own throttling and authentication. WAF would add a fixed monthly cost per stage." },
      { id: "AwsSolutions-CFR3", reason: "Static assets only; API and issuer logs (JSON, per request) are where requests are followed." },
      { id: "AwsSolutions-CFR4", reason: "The distribution uses CloudFront's default *.cloudfront.net certificate, whose TLS policy cannot be raised; a custom domain with its own certificate would allow TLSv1.2_2021." },
      { id: "AwsSolutions-CFR7", reason: "SST v2's StaticSite reaches its bucket through an origin access identity (the bucket stays private); moving to OAC needs SST v3." },
    );
  }
  NagSuppressions.addStackSuppressions(stack, suppressions, true);
}

/** Applies the suppressions to every stack of the app (sst.config.ts, after the stacks). */
export function applyAppNagSuppressions(app: IConstruct & { stage: string }): void {
  for (const child of app.node.children) if (Stack.isStack(child)) applyNagSuppressions(child, app.stage);
}
