import type { SignatureV4 } from "@smithy/signature-v4";
import { credentialsFromEnvironment, Sha256, type AwsCredentials } from "@callboard/core/runtime/aws-signing";

export type { AwsCredentials };

/** An error answered by the service; `name` is its type (`ExecutionAlreadyExists`), as the SDK names it. */
export class AwsServiceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface AwsJsonClientOptions {
  /** Signing name and host prefix: `sqs`, `states`. */
  service: string;
  /** `X-Amz-Target` prefix: `AmazonSQS`, `AWSStepFunctions`. */
  targetPrefix: string;
  /** JSON protocol version: SQS and Step Functions speak 1.0, SSM speaks 1.1. */
  jsonVersion?: "1.0" | "1.1";
  region?: string;
  credentials?: AwsCredentials;
  fetch?: typeof fetch;
}

/**
 * One signed call to an AWS JSON 1.0 API (SQS, Step Functions). The API Lambda makes one or two
 * kinds of call to each; their SDK clients would add tens of KB to its bundle (docs/infrastructure.md).
 */
export function createAwsJsonClient(options: AwsJsonClientOptions) {
  const region = options.region ?? process.env.AWS_REGION ?? "us-east-1";
  const endpoint = new URL(`https://${options.service}.${region}.amazonaws.com/`);
  // The signer pulls in ~60 KB of @smithy/core: loaded by the first call, not at a cold start.
  let signer: Promise<SignatureV4> | undefined;
  const loadSigner = () =>
    (signer ??= import("@smithy/signature-v4").then(({ SignatureV4 }) => new SignatureV4({ service: options.service, region, sha256: Sha256, credentials: options.credentials ?? credentialsFromEnvironment })));
  return {
    async call<T = Record<string, unknown>>(operation: string, input: Record<string, unknown>): Promise<T> {
      const body = JSON.stringify(input);
      const headers = { host: endpoint.host, "content-type": `application/x-amz-json-${options.jsonVersion ?? "1.0"}`, "x-amz-target": `${options.targetPrefix}.${operation}` };
      const signed = await (await loadSigner()).sign({ method: "POST", protocol: endpoint.protocol, hostname: endpoint.hostname, path: "/", headers, body, query: {} });
      const { host: _host, ...sendHeaders } = signed.headers;
      const response = await (options.fetch ?? fetch)(endpoint, { method: "POST", headers: sendHeaders, body });
      const text = await response.text();
      const payload = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      if (!response.ok) {
        // `com.amazonaws.states#ExecutionAlreadyExists`, `AWS.SimpleQueueService.NonExistentQueue`, `Throttling:http://…`
        const type = String(payload.__type ?? response.headers.get("x-amzn-errortype") ?? "UnknownError");
        const name = type.split(":")[0]!.split("#").pop()!.split(".").pop()!;
        throw new AwsServiceError(name, `${options.targetPrefix}.${operation} answered ${response.status}: ${String(payload.message ?? payload.Message ?? text)}`, response.status);
      }
      return payload as T;
    },
  };
}
