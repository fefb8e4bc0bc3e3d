import type { JobRunner } from "@callboard/core/jobs";
import { createAwsJsonClient, type AwsCredentials } from "../runtime/aws-json";

/**
 * On AWS a job's next chunk is a message on the jobs queue (infra/jobs.ts); the worker Lambda
 * takes it. One SendMessage over SQS's JSON API (runtime/aws-json.ts): the SQS client would
 * grow the API bundle for one call.
 */
export function createSqsJobRunner(
  queueUrl: string,
  options: { region?: string; credentials?: AwsCredentials; fetch?: typeof fetch } = {},
): JobRunner & { enqueueAfter(jobId: string, delaySeconds: number): Promise<void> } {
  const sqs = createAwsJsonClient({ service: "sqs", targetPrefix: "AmazonSQS", ...options });
  const send = async (jobId: string, delaySeconds = 0) => {
    await sqs.call("SendMessage", { QueueUrl: queueUrl, MessageBody: JSON.stringify({ jobId }), DelaySeconds: Math.min(900, Math.max(0, Math.round(delaySeconds))) });
  };
  return { enqueue: (jobId) => send(jobId), enqueueAfter: send };
}
