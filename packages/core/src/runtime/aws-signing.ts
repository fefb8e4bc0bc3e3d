import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";

/**
 * What the SDK's SigV4 signer (`@smithy/signature-v4`) needs to sign a request without an AWS
 * client: used where a full client would cost too much bundle (S3 files, Step Functions, SQS).
 */

export type AwsCredentials = () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;

/** Lambda's role credentials arrive in the environment. */
export const credentialsFromEnvironment: AwsCredentials = async () => {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (!accessKeyId || !secretAccessKey) throw new Error("No AWS credentials in the environment.");
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
};

type SourceData = string | ArrayBuffer | ArrayBufferView;
const toBuffer = (data: SourceData) =>
  typeof data === "string" ? Buffer.from(data, "utf8") : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

/** The signer's hash (SHA-256, or HMAC-SHA-256 with a secret), on node:crypto. */
export class Sha256 {
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
  async digestOf(data: SourceData): Promise<Uint8Array> {
    this.update(data);
    return this.digest();
  }
}
