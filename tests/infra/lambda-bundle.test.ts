/**
 * The API Lambda as deployed: bundled with the very esbuild options SST uses (infra/stage.ts,
 * with its build-time swaps for credentials and model validation), loaded in this process and
 * invoked with API Gateway events against DynamoDB Local. Proves the swaps keep it working.
 */
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { apiEsbuildOptions } from "../../infra/stage";
import { createTestTable, type TestTable } from "../fixtures/table";

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string; headers?: Record<string, string> }>;

function event(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  return {
    version: "2.0",
    routeKey: "ANY /v1/{proxy+}",
    rawPath: path,
    rawQueryString: "",
    headers: { host: "api.example.com", ...headers },
    requestContext: { http: { method, path, sourceIp: "203.0.113.7", protocol: "HTTP/1.1", userAgent: "test" }, domainName: "api.example.com", stage: "$default", requestId: "r1" },
    body,
    isBase64Encoded: false,
  };
}

describe("the bundled API Lambda", () => {
  let handler: Handler;
  let table: TestTable;
  let bundleBytes: number;
  let bundleText: string;

  beforeAll(async () => {
    table = await createTestTable("bundle");
    const outfile = join(mkdtempSync(join(tmpdir(), "api-bundle-")), "lambda.mjs");
    await build({ ...apiEsbuildOptions, entryPoints: ["packages/functions/src/api/lambda.ts"], outfile, logLevel: "silent" });
    bundleBytes = statSync(outfile).size;
    bundleText = readFileSync(outfile, "utf8");
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: table.endpoint,
      OPENAUTH_ISSUER: "http://localhost:1",
      CALL_LIST_ENGINE_ARN: "arn:aws:states:eu-central-1:123456789012:stateMachine:test",
      SIMULATOR_SECRET: "bundle-test-secret",
    });
    handler = ((await import(pathToFileURL(outfile).href)) as { handler: Handler }).handler;
  }, 60_000);

  // The foundation's budget (cold starts): a duplicated SDK package or a data-heavy library shows up here first.
  // Issue 20 added Powertools' logger and metrics (about 32 KB with their commons): 1.1 MB since.
  it("stays within 1.1 MB minified", () => {
    expect(bundleBytes).toBeGreaterThan(100 * 1024);
    expect(bundleBytes).toBeLessThanOrEqual(1.1 * 1024 * 1024);
  });

  // ElectroDB requires lib-dynamodb whole, which used to pull in all 63 DynamoDB commands
  // (48 KB, built at every cold start); the aliases in infra/stage.ts keep only the ones sent.
  it("carries only the DynamoDB commands it sends", () => {
    for (const sent of ["TransactWriteItems", "BatchGetItem", "Query"]) expect(bundleText).toContain(sent);
    for (const unused of ["RestoreTableFromBackup", "DescribeKinesisStreamingDestination", "CreateGlobalTable", "ExecuteStatement"]) expect(bundleText).not.toContain(unused);
  });

  // The aliases apply to every function: each one must still bundle (a missing export fails the build).
  it("leaves every other Lambda buildable with the same options", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lambdas-"));
    for (const entry of ["auth", "call-lists", "jobs"]) {
      const result = await build({ ...apiEsbuildOptions, entryPoints: [`packages/functions/src/${entry}/lambda.ts`], outfile: join(dir, `${entry}.mjs`), logLevel: "silent" });
      expect(result.errors).toEqual([]);
    }
  }, 60_000);

  it("serves the OpenAPI document", async () => {
    const response = await handler(event("GET", "/v1/openapi.json"), {});
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).openapi).toBe("3.1.0");
  });

  it("refuses a request without a token as problem+json", async () => {
    const response = await handler(event("GET", "/v1/contacts"), {});
    expect(response.statusCode).toBe(401);
  });

  it("reaches DynamoDB through its ElectroDB entities: a webhook's rate-limit row is written", async () => {
    const response = await handler(event("POST", "/v1/telephony/simulator/events", "{}", { "content-type": "application/json", "x-simulator-signature": "bad", "x-simulator-timestamp": String(Math.floor(Date.now() / 1000)) }), {});
    expect(response.statusCode).toBe(403);
    const rows = await table.items();
    expect(rows).toEqual([expect.objectContaining({ __edb_e__: "rateLimit", bucket: "webhook:simulator:203.0.113.7", hits: 1 })]);
  });
});
