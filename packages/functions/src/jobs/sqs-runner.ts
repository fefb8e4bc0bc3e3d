import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { JobRunner } from "@callboard/core/jobs";

/** On AWS: a job's next chunk is a message on the jobs queue; the worker Lambda takes it. */
export function createSqsJobRunner(queueUrl: string, client = new SQSClient({})): JobRunner & { enqueueAfter(jobId: string, delaySeconds: number): Promise<void> } {
  const send = (jobId: string, delaySeconds = 0) =>
    client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ jobId }), DelaySeconds: Math.min(900, delaySeconds) })).then(() => undefined);
  return { enqueue: (jobId) => send(jobId), enqueueAfter: send };
}
