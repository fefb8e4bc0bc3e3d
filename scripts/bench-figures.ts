/**
 * How `npm run bench` prints each part's figures, with the targets of issue 17 (scripts/bench.ts
 * runs the parts; BENCH_SCOPE=engine|cost|search|import|lambda runs one alone).
 */
import type { benchEngine } from "./bench-engine";
import type { benchSearch } from "./bench-search";
import type { benchImport } from "./bench-import";
import type { benchLambdaLoad } from "./bench-lambda";

export type RecordFigure = (metric: string, value: number, unit: string, target?: { text: string; ok: boolean }) => void;

/** The engine's rows (issue 16: progressive dialing, one line per ready operator). */
export function recordEngine(engine: Awaited<ReturnType<typeof benchEngine>>, record: RecordFigure) {
  record(`engine: entries done of a ${engine.entries}-entry list, ${engine.operators} operators (zero-ring simulator)`, engine.done, `/ ${engine.entries}`, { text: "all", ok: engine.done === engine.entries });
  record("engine: wall time for the list", engine.wallSeconds, "s");
  record("engine: contacts per minute, one line", engine.oneLinePerMinute, "/min");
  record(`engine: contacts per minute, ${engine.operators} lines`, engine.linesPerMinute, "/min");
  record(`engine: ${engine.operators} lines ÷ (${engine.operators} × one line)`, engine.lineRatio, "", { text: "≥ 0.8", ok: engine.lineRatio >= 0.8 });
  record("engine: abandoned calls", engine.abandoned, "", { text: "0", ok: engine.abandoned === 0 });
  record("engine: double reservations", engine.doubleReservations, "", { text: "0", ok: engine.doubleReservations === 0 });
  record("engine: state transitions per dialed contact (real ASL)", engine.transitionsPerDial, "", { text: "≤ 10", ok: engine.transitionsPerDial <= 10 });
  record("engine: answer → operator connected (card already shown), median", engine.connectMedianMs, "ms", { text: "≤ 300 ms", ok: engine.connectMedianMs <= 300 });
  record("engine: answer → operator connected, p95", engine.connectP95Ms, "ms");
  record("engine: DynamoDB requests per second (all lines)", engine.requestsPerSecond, "/s");
  record("engine: DynamoDB requests per dialed contact (with the operator's disposition)", engine.requestsPerDial, "");
  record("floor: one DynamoDB request, sequential", engine.floorRequestMs, "ms");
  record("engine: operator released → their next call placed, median", engine.overheadMedianMs, "ms", { text: "≤ 200 ms", ok: engine.overheadMedianMs <= 200 });
  record("engine: operator released → their next call placed, p95", engine.overheadP95Ms, "ms");
}

/**
 * Finding contacts (scripts/bench-search.ts): p50 against the raw Query floor per scenario, at
 * each table size side by side; the ratio must not grow with the table (≤ 2× at the largest).
 */
export function recordSearch(search: Awaited<ReturnType<typeof benchSearch>>, record: RecordFigure) {
  const largest = search.runs[search.runs.length - 1]!;
  for (const run of search.runs) record(`search: ${run.contacts} contacts seeded (${run.items} items by BatchWriteItem in ${run.seedSeconds.toFixed(0)} s, ${Math.round(run.items / run.seedSeconds)} items/s, not measured)`, run.contacts, "", run === largest && run.contacts >= 100_000 ? { text: "seeded < 600 s", ok: run.seedSeconds < 600 } : undefined);
  if (search.dynamoRssMb !== undefined) record("search: DynamoDB Local resident memory after seeding", search.dynamoRssMb, "MB");
  const sizes = search.runs.map((run) => run.contacts.toLocaleString("en")).join(" | ");
  for (const figure of largest.scenarios) {
    const label = `search: ${figure.name}, ${figure.role}, page ${figure.page}`;
    const isPhone = figure.name.startsWith("search by phone");
    const same = (run: (typeof search.runs)[number]) => run.scenarios.find((other) => other.name === figure.name && other.role === figure.role && other.page === figure.page);
    const ratios = search.runs.map((run) => same(run)).map((other) => (other ? other.p50 / other.floorP50 : NaN));
    record(`${label}: p50`, figure.p50, "ms");
    record(`${label}: p95`, figure.p95, "ms");
    record(`${label}: raw Query floor p50 (${figure.floorQueries} ${figure.floorQueries === 1 ? "Query" : "Queries in parallel"})`, figure.floorP50, "ms");
    // A page a smaller table does not have (a sales user's fifth page of another owner's shared contacts) is left out.
    for (const [at, run] of search.runs.entries()) if (run !== largest && !Number.isNaN(ratios[at]!)) record(`${label}: p50 / floor at ${run.contacts.toLocaleString("en")}`, ratios[at]!, "×", { text: "≤ 2×", ok: ratios[at]! <= 2 });
    const last = ratios[ratios.length - 1]!;
    record(`${label}: p50 / floor at ${largest.contacts.toLocaleString("en")}`, last, "×", { text: "≤ 2×", ok: last <= 2 });
    if (search.runs.length > 1) {
      // Noise on a shared machine moves a ratio by a few tenths; growth with N is what counts.
      const first = ratios[0]!;
      if (!Number.isNaN(first)) record(`${label}: ratio at ${sizes} (growth)`, last - first, "×", { text: "≤ +0.3×", ok: last - first <= 0.3 });
    }
    record(`${label}: DynamoDB requests`, figure.requests, "", isPhone ? { text: "1", ok: figure.requests === 1 } : { text: "≤ 3", ok: figure.requests <= 3 });
    record(`${label}: items read (${figure.items} returned)`, figure.itemsRead, "", { text: "≤ 60 (3 × 20)", ok: figure.itemsRead <= 60 });
  }
}

/** CSV import against the BatchWriteItem floor (scripts/bench-import.ts). */
export function recordImport(imported: Awaited<ReturnType<typeof benchImport>>, record: RecordFigure) {
  record(`import: ${imported.rows} amoCRM rows (${imported.duplicates} duplicates, skip), ${imported.created} created, ${imported.skipped} skipped`, imported.importRowsPerSecond, "rows/s");
  record(`floor: the same writes as the import (${imported.itemsPerRow.toFixed(1)} items per row): claims (conditional) and lookups by TransactWriteItems of ≤ 100, the rest by BatchWriteItem`, imported.floorRowsPerSecond, "rows/s");
  record("import / BatchWriteItem floor", imported.ratio, "×", { text: "≥ 0.7×", ok: imported.ratio >= 0.7 });
  record("floor: the same items, one TransactWriteItems per row", imported.transactFloorRowsPerSecond, "rows/s");
  record("import / TransactWriteItems floor", imported.transactRatio, "×");
}

/** The API Lambda as deployed (scripts/bench-lambda.ts). */
export function recordLambda(lambda: Awaited<ReturnType<typeof benchLambdaLoad>>, record: RecordFigure) {
  record("API entry chunk (lambda.mjs + the chunks it imports statically, minified)", lambda.entryBytes / 1024, "KB", { text: "≤ 1024 KB", ok: lambda.entryBytes <= 1024 * 1024 });
  for (const chunk of lambda.lazyChunks.filter((chunk) => chunk.bytes >= 10 * 1024)) record(`  lazy chunk ${chunk.file}`, chunk.bytes / 1024, "KB");
  record("API bundle load in a fresh Node, median of 15", lambda.bundleLoadMs, "ms");
  record("empty module load in a fresh Node, median of 15", lambda.emptyLoadMs, "ms");
  record("API bundle load over an empty Node (median of 15 interleaved differences)", lambda.loadOverEmptyMs, "ms", { text: "≤ 50 ms", ok: lambda.loadOverEmptyMs <= 50 });
  // The whole cold path: import, then what a first GET /v1/contacts/{id} loads (scripts/bench-lambda.ts).
  record("API bundle load + a first card read's loads, in a fresh Node, median of 15", lambda.firstCardReadMs, "ms");
  record("API bundle load + a first card read's loads over an empty Node (median of 15 differences)", lambda.firstCardReadOverEmptyMs, "ms");
}
