import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface DynamoClients {
  raw: DynamoDBClient;
  doc: DynamoDBDocumentClient;
}

/** Per-command counter fed by an SDK middleware: how many DynamoDB requests an operation made. */
export class RequestCounter {
  readonly byCommand = new Map<string, number>();
  total = 0;
  /** Items DynamoDB read (ScannedCount of Query/Scan), the cost of FilterExpressions included. */
  itemsRead = 0;
  record(command: string): void {
    this.total += 1;
    this.byCommand.set(command, (this.byCommand.get(command) ?? 0) + 1);
  }
  reset(): void {
    this.total = 0;
    this.itemsRead = 0;
    this.byCommand.clear();
  }
}

export function createDynamoClients(options: { endpoint?: string; region?: string; counter?: RequestCounter } = {}): DynamoClients {
  const config: DynamoDBClientConfig = {
    region: options.region ?? process.env.AWS_REGION ?? "us-east-1",
    maxAttempts: 4,
  };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    // DynamoDB Local accepts any credentials; fixed ones keep a developer's real keys out of it.
    config.credentials = { accessKeyId: "local", secretAccessKey: "local" };
  }
  const raw = new DynamoDBClient(config);
  const counter = options.counter;
  if (counter) {
    raw.middlewareStack.add(
      (next, context) => async (args) => {
        counter.record(String(context.commandName ?? "unknown"));
        const result = await next(args);
        const scanned = (result.output as { ScannedCount?: number } | undefined)?.ScannedCount;
        if (typeof scanned === "number") counter.itemsRead += scanned;
        return result;
      },
      { step: "initialize", name: "requestCounter" },
    );
  }
  const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  return { raw, doc };
}
