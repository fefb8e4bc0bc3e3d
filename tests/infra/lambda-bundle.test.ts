/**
 * The API Lambda as deployed: bundled with the very esbuild options SST uses (infra/stage.ts,
 * with its build-time swaps for credentials and model validation), loaded in this process and
 * invoked with API Gateway events against DynamoDB Local. Proves the swaps keep it working.
 */
import { mkdtempSync, readFileSync } from "node:fs";
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
  /** Every chunk, the lazy ones too: what the Lambda can send at all. */
  let allText: string;
  const atStart = new Set<string>();
  let lazy: string[] = [];
  let startInputs: Set<string>;
  let lazyInputs: Set<string>;

  beforeAll(async () => {
    table = await createTestTable("bundle");
    // As SST ships it (infra/stage.ts lambdaBundling: splitting on): the entry and its chunks.
    const outdir = mkdtempSync(join(tmpdir(), "api-bundle-"));
    const { metafile } = await build({ ...apiEsbuildOptions, splitting: true, metafile: true, outdir, outExtension: { ".js": ".mjs" }, entryPoints: { lambda: "packages/functions/src/api/lambda.ts" }, logLevel: "silent" });
    const outfile = join(outdir, "lambda.mjs");
    // What a cold start loads: the entry and every chunk it imports statically.
    const outputs = metafile.outputs;
    const visit = (path: string) => {
      if (atStart.has(path)) return;
      atStart.add(path);
      for (const imported of outputs[path]!.imports) if (imported.kind === "import-statement" && outputs[imported.path]) visit(imported.path);
    };
    visit(Object.keys(outputs).find((path) => path.endsWith("/lambda.mjs"))!);
    lazy = Object.keys(outputs).filter((path) => path.endsWith(".mjs") && !atStart.has(path));
    const inputsOf = (paths: string[]) => new Set(paths.flatMap((path) => Object.keys(outputs[path]!.inputs)));
    startInputs = inputsOf([...atStart]);
    lazyInputs = inputsOf(lazy);
    bundleBytes = [...atStart].reduce((sum, path) => sum + outputs[path]!.bytes, 0);
    allText = Object.keys(outputs).filter((path) => path.endsWith(".mjs")).map((path) => readFileSync(path, "utf8")).join("\n");
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: table.endpoint,
      OPENAUTH_ISSUER: "http://localhost:1",
      CALL_LIST_ENGINE_ARN: "arn:aws:states:eu-central-1:123456789012:stateMachine:test",
      SIMULATOR_SECRET: "bundle-test-secret",
    });
    handler = ((await import(pathToFileURL(outfile).href)) as { handler: Handler }).handler;
  }, 60_000);

  // The cold start's budget (issue 17): a duplicated SDK package or a data-heavy library shows up here first.
  it("loads at most 1 MB at a cold start (the entry chunk and its static imports)", () => {
    expect(bundleBytes).toBeGreaterThan(100 * 1024);
    expect(bundleBytes).toBeLessThanOrEqual(1024 * 1024);
  });

  // Rarely used routes load on their first request: CSV import and export, merges, the OpenAPI document.
  it("keeps the CSV engines, merges and the OpenAPI document out of the cold start", () => {
    expect(lazy.length).toBeGreaterThan(0);
    for (const heavy of ["node_modules/csv-parse/", "node_modules/csv-stringify/", "packages/core/src/imports/imports.ts", "packages/core/src/imports/run-chunk.ts", "packages/core/src/imports/exports.ts", "packages/core/src/contacts/merge.ts", "packages/functions/src/api/openapi.ts"]) {
      expect([...startInputs].filter((input) => input.includes(heavy)), heavy).toEqual([]);
      expect([...lazyInputs].some((input) => input.includes(heavy)), heavy).toBe(true);
    }
  });

  // The features behind the handlers load on first use (core/lazy): a cold start loads the route
  // table (paths, validators, descriptions) and not the code behind it, in a handful of files.
  it("keeps the features' code and the token verifier out of the cold start, in few files", () => {
    const features = [
      "packages/core/src/contacts/contacts.ts",
      "packages/core/src/contacts/create.ts",
      "packages/core/src/contacts/trash.ts",
      "packages/core/src/companies/companies.ts",
      "packages/core/src/users/users.ts",
      "packages/core/src/call-lists/call-lists.ts",
      "packages/core/src/call-lists/engine/claim.ts",
      "packages/core/src/calls/click-to-call.ts",
      "packages/core/src/presence/presence.ts",
      "packages/core/src/intake/forms.ts",
      "packages/core/src/intake/inbound-calls.ts",
      "packages/core/src/telephony/twilio-webhooks.ts",
      "packages/core/src/storage/entities.ts",
      "@openauthjs/openauth/dist/esm/client.js",
      "node_modules/jose/",
    ];
    for (const feature of features) {
      expect([...startInputs].filter((input) => input.includes(feature)), feature).toEqual([]);
      expect([...lazyInputs].some((input) => input.includes(feature)), feature).toBe(true);
    }
    // Each file is a module to resolve, read, compile and link (about 0.5 ms); one split point per
    // feature module made 60 of them, one for everything makes 5 (core/lazy/index.ts).
    expect(atStart.size).toBeLessThanOrEqual(8);
  });

  // The table's libraries load on the first request that may touch the table (storage/ready.ts):
  // a cold start parses none of ElectroDB, the DynamoDB client, libphonenumber-js or the SigV4 signer.
  it("keeps ElectroDB, the DynamoDB client, the phone parser and the SigV4 signer out of the cold start", () => {
    for (const heavy of ["node_modules/electrodb/", "node_modules/libphonenumber-js/", "node_modules/@aws-sdk/client-dynamodb/", "node_modules/@aws-sdk/lib-dynamodb/", "node_modules/@smithy/core/", "node_modules/@smithy/signature-v4/"]) {
      expect([...startInputs].filter((input) => input.includes(heavy)), heavy).toEqual([]);
      expect([...lazyInputs].some((input) => input.includes(heavy)), heavy).toBe(true);
    }
  });

  // ElectroDB requires lib-dynamodb whole, which used to pull in all 63 DynamoDB commands
  // (48 KB, built at every cold start); the aliases in infra/stage.ts keep only the ones sent.
  it("carries only the DynamoDB commands it sends", () => {
    for (const sent of ["TransactWriteItems", "BatchGetItem", "Query"]) expect(allText).toContain(sent);
    for (const unused of ["RestoreTableFromBackup", "DescribeKinesisStreamingDestination", "CreateGlobalTable", "ExecuteStatement"]) expect(allText).not.toContain(unused);
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
