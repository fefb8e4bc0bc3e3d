/**
 * The jobs stack (infra/jobs.ts), synthesized offline like tests/infra/stacks.test.ts ("shallow":
 * no bundling): the queue, its dead-letter queue, the worker and the API's right to enqueue.
 */
import { Match, Template } from "aws-cdk-lib/assertions";
import { App, getStack } from "sst/constructs";
import { initProject, useProject } from "sst/project.js";
import { beforeAll, describe, expect, it } from "vitest";
import { Api } from "../../infra/api";
import { Jobs, jobsWorkerHandler, trashSweepSchedule, workerTimeoutSeconds } from "../../infra/jobs";
import { TRASH_SWEEP_TASK } from "../../packages/functions/src/jobs/worker";
import config from "../../sst.config";

process.env.NODE_ENV = "test";

let jobs: Template;
let api: Template;

beforeAll(async () => {
  await initProject({ stage: "dev" });
  const project = useProject().config;
  const app = new App({ mode: "deploy", name: project.name, stage: project.stage, region: project.region, account: "123456789012" });
  await config.stacks(app);
  jobs = Template.fromStack(getStack(Jobs));
  api = Template.fromStack(getStack(Api));
}, 60_000);

type Resource = { Type: string; Properties: Record<string, any> };
const resources = (template: Template, type: string) => Object.entries(template.findResources(type)) as [string, Resource][];

describe("jobs stack", () => {
  it("has a queue whose visibility outlasts a chunk, with a dead-letter queue after 5 receives", () => {
    const queues = resources(jobs, "AWS::SQS::Queue");
    expect(queues).toHaveLength(2);
    const [deadLetterId] = queues.find(([, queue]) => !queue.Properties?.RedrivePolicy)!;
    const [, main] = queues.find(([, queue]) => queue.Properties?.RedrivePolicy)!;
    expect(main.Properties.VisibilityTimeout).toBeGreaterThan(workerTimeoutSeconds);
    expect(main.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { "Fn::GetAtt": [deadLetterId, "Arn"] }, maxReceiveCount: 5 });
  });

  it("runs the worker from the queue one message at a time, with the table, the files bucket and its own queue URL", () => {
    const [, mapping] = resources(jobs, "AWS::Lambda::EventSourceMapping")[0]!;
    expect(mapping.Properties.BatchSize).toBe(1);
    const [workerId, worker] = resources(jobs, "AWS::Lambda::Function").find(([, fn]) => fn.Properties.Environment?.Variables?.JOBS_QUEUE_URL)!;
    expect(worker.Properties.Timeout).toBe(workerTimeoutSeconds);
    expect(Object.keys(worker.Properties.Environment.Variables)).toEqual(expect.arrayContaining(["TABLE_NAME", "FILES_BUCKET", "JOBS_QUEUE_URL"]));
    expect(mapping.Properties.FunctionName).toEqual({ Ref: workerId });
    expect(jobsWorkerHandler).toBe("packages/functions/src/jobs/lambda.handler");
    // The worker may re-enqueue (SendMessage) on its queue only.
    const statements = resources(jobs, "AWS::IAM::Policy").flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as any[]);
    const send = statements.filter((statement) => [statement.Action].flat().includes("sqs:SendMessage"));
    expect(send.length).toBeGreaterThan(0);
    for (const statement of send) expect(JSON.stringify(statement.Resource)).toMatch(/JobsQueue/);
  });

  it("starts the trash sweep daily: a schedule rule sends the worker the sweep task", () => {
    const [workerId] = resources(jobs, "AWS::Lambda::Function").find(([, fn]) => fn.Properties.Environment?.Variables?.JOBS_QUEUE_URL)!;
    const rules = resources(jobs, "AWS::Events::Rule");
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0]!;
    expect(rule.Properties.ScheduleExpression).toBe(trashSweepSchedule);
    expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: { "Fn::GetAtt": [workerId, "Arn"] }, Input: JSON.stringify(TRASH_SWEEP_TASK) })]);
    // EventBridge may invoke the worker.
    jobs.hasResourceProperties("AWS::Lambda::Permission", { Principal: "events.amazonaws.com", FunctionName: { "Fn::GetAtt": [workerId, "Arn"] } });
  });

  it("gives the API the queue URL and SendMessage on that queue only", () => {
    api.hasResourceProperties("AWS::Lambda::Function", { Environment: { Variables: Match.objectLike({ JOBS_QUEUE_URL: Match.anyValue(), OPENAUTH_ISSUER: Match.anyValue() }) } });
    const statements = resources(api, "AWS::IAM::Policy").flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as any[]);
    const send = statements.filter((statement) => [statement.Action].flat().some((action: string) => action.startsWith("sqs:")));
    expect(send).toHaveLength(1);
    expect(send[0].Action).toBe("sqs:SendMessage");
    expect(JSON.stringify(send[0].Resource)).toMatch(/Jobs.*QueueArn|JobsQueue/);
  });
});
