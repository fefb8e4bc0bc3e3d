import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { JobRunner } from "@callboard/core/jobs";

type Credentials = () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;

/** Lambda's role credentials arrive in the environment. */
const fromEnvironment: Credentials = async () => {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (!accessKeyId || !secretAccessKey) throw new Error("No AWS credentials in the environment for the jobs queue.");
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
};

type SourceData = string | ArrayBuffer | ArrayBufferView;
const toBuffer = (data: SourceData) =>
  typeof data === "string" ? Buffer.from(data, "utf8") : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(secret));
  }
  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/**
 * On AWS a job's next chunk is a message on the jobs queue (infra/jobs.ts); the worker Lambda
 * takes it. One SendMessage over SQS's JSON API, signed with the SDK's SigV4 signer: the SQS
 * client would grow the API bundle for one call.
 */
export function createSqsJobRunner(
  queueUrl: string,
  options: { region?: string; credentials?: Credentials; fetch?: typeof fetch } = {},
): JobRunner & { enqueueAfter(jobId: string, delaySeconds: number): Promise<void> } {
  const region = options.region ?? process.env.AWS_REGION ?? "us-east-1";
  const endpoint = new URL(`https://sqs.${region}.amazonaws.com/`);
  const signer = new SignatureV4({ service: "sqs", region, sha256: Sha256, credentials: options.credentials ?? fromEnvironment });
  const send = async (jobId: string, delaySeconds = 0) => {
    const body = JSON.stringify({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ jobId }), DelaySeconds: Math.min(900, Math.max(0, Math.round(delaySeconds))) });
    const headers = { host: endpoint.host, "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.SendMessage" };
    const signed = await signer.sign({ method: "POST", protocol: endpoint.protocol, hostname: endpoint.hostname, path: "/", headers, body, query: {} });
    const { host: _host, ...sendHeaders } = signed.headers;
    const response = await (options.fetch ?? fetch)(endpoint, { method: "POST", headers: sendHeaders, body });
    if (!response.ok) throw new Error(`SQS SendMessage answered ${response.status}: ${await response.text()}`);
  };
  return { enqueue: (jobId) => send(jobId), enqueueAfter: send };
}
