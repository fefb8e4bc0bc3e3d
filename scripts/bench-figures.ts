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

/** Finding contacts (scripts/bench-search.ts): p50 against the raw Query floor per scenario. */
export function recordSearch(search: Awaited<ReturnType<typeof benchSearch>>, record: RecordFigure) {
  record(`search: contacts seeded (${search.items} items by BatchWriteItem in ${search.seedSeconds.toFixed(0)} s, not measured)`, search.contacts, "");
  for (const figure of search.scenarios) {
    const label = `search: ${figure.name}, ${figure.role}, page ${figure.page}`;
    const isPhone = figure.name.startsWith("search by phone");
    record(`${label}: p50`, figure.p50, "ms");
    record(`${label}: p95`, figure.p95, "ms");
    record(`${label}: raw Query floor p50`, figure.floorP50, "ms");
    record(`${label}: p50 / floor`, figure.p50 / figure.floorP50, "×", { text: "≤ 2×", ok: figure.p50 / figure.floorP50 <= 2 });
    record(`${label}: DynamoDB requests`, figure.requests, "", isPhone ? { text: "1", ok: figure.requests === 1 } : { text: "≤ 3", ok: figure.requests <= 3 });
    record(`${label}: items read (${figure.items} returned)`, figure.itemsRead, "", { text: "≤ 60 (3 × 20)", ok: figure.itemsRead <= 60 });
  }
}

/** CSV import against the BatchWriteItem floor (scripts/bench-import.ts). */
export function recordImport(imported: Awaited<ReturnType<typeof benchImport>>, record: RecordFigure) {
  record(`import: ${imported.rows} amoCRM rows (${imported.duplicates} duplicates, skip), ${imported.created} created, ${imported.skipped} skipped`, imported.importRowsPerSecond, "rows/s");
  record(`floor: the same items the import writes (${imported.itemsPerRow} per row) by BatchWriteItem`, imported.floorRowsPerSecond, "rows/s");
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
}
