import { Duration } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { RuleTargetInput } from "aws-cdk-lib/aws-events";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Cron, Function, Queue, use, type StackContext } from "sst/constructs";
import { removalPolicy } from "./stage";
import { telephonyEnvironment } from "./call-lists-access";
import { filesAccess, Storage, tableDataAccess } from "./storage";

export const jobsWorkerHandler = "packages/functions/src/jobs/lambda.handler";
/** When the trash sweep runs (UTC). */
export const trashSweepSchedule = "cron(30 3 * * ? *)" as const;
/** One chunk (500 import rows, 10 export pages) fits well inside this. */
export const workerTimeoutSeconds = 300;

/**
 * Background jobs (imports, exports, bulk actions): a queue of "run this job's next chunk"
 * messages and a worker Lambda that runs one chunk per message and re-enqueues the job. The
 * job row keeps the checkpoint, so a lost or repeated message costs nothing but a retry.
 */
export function Jobs({ stack, app }: StackContext) {
  const { table, filesBucket } = use(Storage);
  const deadLetters = new sqs.Queue(stack, "JobsDeadLetters", { retentionPeriod: Duration.days(14), removalPolicy: removalPolicy(app.stage), enforceSSL: true });
  const worker = new Function(stack, "JobsWorker", {
    handler: jobsWorkerHandler,
    memorySize: 1024,
    timeout: workerTimeoutSeconds,
    // Telephony: the recordings sweep deletes a provider's copy that a failed callback left there.
    environment: { TABLE_NAME: table.tableName, FILES_BUCKET: filesBucket.bucketName, DEFAULT_COUNTRY: process.env.DEFAULT_COUNTRY ?? "RU", STAGE: app.stage, ...telephonyEnvironment() },
    permissions: [tableDataAccess(table), filesAccess(filesBucket)],
  });
  const queue = new Queue(stack, "JobsQueue", {
    consumer: { function: worker, cdk: { eventSource: { batchSize: 1 } } },
    cdk: {
      queue: {
        // Longer than a chunk may run, so a message is not redelivered while its chunk works.
        visibilityTimeout: Duration.seconds(workerTimeoutSeconds + 60),
        deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
        // Deny any request that is not over TLS (cdk-nag AwsSolutions-SQS4).
        enforceSSL: true,
        removalPolicy: removalPolicy(app.stage),
      },
    },
  });
  worker.addEnvironment("JOBS_QUEUE_URL", queue.queueUrl);
  worker.addToRolePolicy(jobsQueueSend(queue.queueArn));
  // Daily: deletes the photos (and call recordings) of contacts whose 30 days in the trash have
  // ended (the rows themselves go by TTL), and recordings past the organization's retention. The
  // worker starts both sweeps as jobs (packages/functions/src/jobs/worker.ts).
  new Cron(stack, "TrashSweep", {
    schedule: trashSweepSchedule,
    job: { function: worker, cdk: { target: { event: RuleTargetInput.fromObject({ task: "trash-sweep" }) } } },
  });
  return { queue, deadLetters, worker, queueUrl: queue.queueUrl, queueArn: queue.queueArn };
}

/** Enqueueing a job's next chunk: SendMessage on the jobs queue only. */
export function jobsQueueSend(queueArn: string): PolicyStatement {
  return new PolicyStatement({ actions: ["sqs:SendMessage"], resources: [queueArn] });
}
