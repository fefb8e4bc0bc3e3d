/**
 * The API Lambda's cold load, as deployed: bundled with the esbuild options SST uses
 * (infra/stage.ts, code splitting on), then loaded in fresh Node processes interleaved with an
 * empty module, 15 times each. The figure is the median of the differences (bundle − empty), so
 * the machine's own process start and its noise cancel out.
 *
 * Loading less at import only helps if the work is not just moved to the first request. So a
 * third process, interleaved with the two others, imports the bundle and then hands the handler
 * what a first card read is (GET /v1/contacts/{id}): it loads everything that request loads on its
 * way (the table's libraries, storage/libraries.ts) and is answered 401 at the token check, so no
 * issuer or table is needed. Its figure, over the same empty process, is the whole cold path.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { build } from "esbuild";
import { apiEsbuildOptions } from "../infra/stage";

export interface LambdaLoadFigures {
  /** lambda.mjs and every chunk it imports statically: what a cold start reads and evaluates. */
  entryBytes: number;
  /** Chunks only a dynamic import() reaches (rarely used routes). */
  lazyChunks: { file: string; bytes: number }[];
  loadOverEmptyMs: number;
  bundleLoadMs: number;
  emptyLoadMs: number;
  /** Import, then a first card read's loads (median of differences over the empty process). */
  firstCardReadOverEmptyMs: number;
  firstCardReadMs: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Wall time of `node <file>` in a fresh process, from spawn to exit (what a cold start pays). */
function timedNodeRun(file: string): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [file], {
    env: { ...process.env, TABLE_NAME: "bench", OPENAUTH_ISSUER: "http://localhost", CALL_LIST_ENGINE_ARN: "arn:aws:states:eu-central-1:123456789012:stateMachine:bench" },
    encoding: "utf8",
  });
  const elapsed = performance.now() - started;
  if (run.status !== 0) throw new Error(`loading ${file} failed: ${run.stderr}`);
  return elapsed;
}

export async function benchLambdaLoad(outDir: string, runs = 15): Promise<LambdaLoadFigures> {
  const dir = join(outDir, "api-lambda");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { metafile } = await build({
    ...apiEsbuildOptions,
    splitting: true,
    metafile: true,
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    entryPoints: { lambda: "packages/functions/src/api/lambda.ts" },
    logLevel: "silent",
  });
  // The entry chunk is what a cold start loads: lambda.mjs and the chunks it imports statically.
  const outputs = metafile.outputs;
  const loadedAtStart = new Set<string>();
  const visit = (path: string) => {
    if (loadedAtStart.has(path)) return;
    loadedAtStart.add(path);
    for (const imported of outputs[path]?.imports ?? []) if (imported.kind === "import-statement" && outputs[imported.path]) visit(imported.path);
  };
  const entryPath = Object.keys(outputs).find((path) => path.endsWith("/lambda.mjs"))!;
  visit(entryPath);
  const bytesOf = (path: string) => statSync(path).size;
  const entryBytes = [...loadedAtStart].reduce((sum, path) => sum + bytesOf(path), 0);
  const lazyChunks = Object.keys(outputs)
    .filter((path) => path.endsWith(".mjs") && !loadedAtStart.has(path))
    .map((path) => ({ file: basename(path), bytes: bytesOf(path) }))
    .sort((a, b) => b.bytes - a.bytes);

  // What the Lambda runtime does: import the handler module (shared chunks it imports statically load too).
  const loader = join(dir, "load-bundle.mjs");
  writeFileSync(loader, `await import("./lambda.mjs");\n`);
  // A card read without a token: everything up to the token check runs and loads what it needs.
  const cardRead = join(dir, "load-and-read-card.mjs");
  const cardReadEvent = {
    version: "2.0",
    routeKey: "ANY /v1/{proxy+}",
    rawPath: "/v1/contacts/01J0000000000000000000000A",
    rawQueryString: "",
    headers: { host: "api.example.com" },
    requestContext: { http: { method: "GET", path: "/v1/contacts/01J0000000000000000000000A", sourceIp: "203.0.113.7", protocol: "HTTP/1.1", userAgent: "bench" }, domainName: "api.example.com", stage: "$default", requestId: "bench" },
    isBase64Encoded: false,
  };
  writeFileSync(
    cardRead,
    `const { handler } = await import("./lambda.mjs");\nconst response = await handler(${JSON.stringify(cardReadEvent)}, {});\nif (response.statusCode !== 401) throw new Error("expected the token check's 401, got " + response.statusCode);\n`,
  );
  const empty = join(dir, "load-empty.mjs");
  writeFileSync(empty, `await import("./empty.mjs");\n`);
  writeFileSync(join(dir, "empty.mjs"), "export const handler = async () => ({ statusCode: 200 });\n");

  timedNodeRun(empty); // warm the file cache for both
  timedNodeRun(loader);
  timedNodeRun(cardRead);
  const differences: number[] = [];
  const cardReadDifferences: number[] = [];
  const bundles: number[] = [];
  const cardReads: number[] = [];
  const empties: number[] = [];
  for (let run = 0; run < runs; run++) {
    const emptyMs = timedNodeRun(empty);
    const bundleMs = timedNodeRun(loader);
    const cardReadMs = timedNodeRun(cardRead);
    empties.push(emptyMs);
    bundles.push(bundleMs);
    cardReads.push(cardReadMs);
    differences.push(bundleMs - emptyMs);
    cardReadDifferences.push(cardReadMs - emptyMs);
  }
  return {
    entryBytes,
    lazyChunks,
    loadOverEmptyMs: median(differences),
    bundleLoadMs: median(bundles),
    emptyLoadMs: median(empties),
    firstCardReadOverEmptyMs: median(cardReadDifferences),
    firstCardReadMs: median(cardReads),
  };
}
