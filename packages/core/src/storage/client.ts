import type { DynamoDBClient as DynamoDBClientType, DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient as DynamoDBDocumentClientType } from "@aws-sdk/lib-dynamodb";
import { assertStorageLoaded, DynamoDBClient, DynamoDBDocumentClient } from "./libraries";

export interface DynamoClients {
  raw: DynamoDBClientType;
  doc: DynamoDBDocumentClientType;
}

/** Per-command counter fed by an SDK middleware: how many DynamoDB requests an operation made. */
export class RequestCounter {
  readonly byCommand = new Map<string, number>();
  total = 0;
  /** Items DynamoDB read (ScannedCount of Query/Scan), the cost of FilterExpressions included. */
  itemsRead = 0;
  /** When each request was sent and answered (ms, monotonic), for `roundTrips`. */
  readonly spans: { start: number; end: number }[] = [];
  record(command: string): void {
    this.total += 1;
    this.byCommand.set(command, (this.byCommand.get(command) ?? 0) + 1);
  }
  reset(): void {
    this.total = 0;
    this.itemsRead = 0;
    this.byCommand.clear();
    this.spans.length = 0;
  }
  /**
   * Sequential round trips since the last reset: requests sent while earlier ones were still in
   * flight share a round trip; one sent after all before it answered starts the next.
   */
  roundTrips(): number {
    let trips = 0;
    let wave = -Infinity;
    for (const span of [...this.spans].sort((a, b) => a.start - b.start)) {
      if (span.start >= wave) trips += 1;
      wave = span.start >= wave ? span.end : Math.max(wave, span.end);
    }
    return trips;
  }
}

export function createDynamoClients(options: { endpoint?: string; region?: string; counter?: RequestCounter } = {}): DynamoClients {
  assertStorageLoaded();
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
  // The SDK's logger middleware copies every request and answer through the operation's schema
  // (to hide sensitive members) and hands the copy to the logger, even to the default one that
  // discards it: a card read's 21 items walked twice for nothing, ~3 % of the API's CPU. We
  // configure no SDK logger (our own logs say what matters), so the middleware goes.
  raw.middlewareStack.remove("loggerMiddleware");
  const counter = options.counter;
  if (counter) {
    raw.middlewareStack.add(
      (next, context) => async (args) => {
        counter.record(String(context.commandName ?? "unknown"));
        const span = { start: performance.now(), end: Infinity };
        counter.spans.push(span);
        const result = await next(args).finally(() => (span.end = performance.now()));
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
