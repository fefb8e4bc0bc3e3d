import { describe, expect, it } from "vitest";
import { createDynamoClients, RequestCounter } from "../../packages/core/src/storage/client";

/**
 * The DynamoDB client every request goes through (storage/client.ts). Its per-request work is the
 * API's floor, so nothing in its stack may run for no one.
 */
describe("DynamoDB client", () => {
  it("has no SDK logger middleware: it deep-copied every answer (a card's 21 items) for a logger that discards it", () => {
    const { raw } = createDynamoClients({ endpoint: "http://localhost:1" });
    const stack = raw.middlewareStack.identify().join("\n");
    expect(stack).not.toMatch(/loggerMiddleware/);
    // The rest of the stack is intact: requests are still built, signed, retried and parsed.
    for (const name of ["serializerMiddleware", "deserializerMiddleware", "retryMiddleware", "httpSigningMiddleware"]) expect(stack).toContain(name);
  });

  it("keeps the request counter the bench and tests read", () => {
    const { raw } = createDynamoClients({ endpoint: "http://localhost:1", counter: new RequestCounter() });
    expect(raw.middlewareStack.identify().join("\n")).toContain("requestCounter");
  });
});
