import { parse as parseCsv } from "csv-parse/sync";
import { ValidationError } from "../errors";

/** Limits of one import file (docs/imports.md). */
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "./limits";

export { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS };

export const encodings = ["utf-8", "utf-8-bom", "windows-1251"] as const;
export type Encoding = (typeof encodings)[number];
export const delimiters = [",", ";", "\t"] as const;
export type Delimiter = (typeof delimiters)[number];

export interface ParsedFile {
  encoding: Encoding;
  delimiter: Delimiter;
  headers: string[];
  /** Data rows (header excluded); row `n` of the file is `rows[n - 2]` (1-based, header is row 1). */
  rows: string[][];
}

/**
 * UTF-8 with a BOM, valid UTF-8, else Windows-1251 (the other encoding Russian exports use:
 * any byte sequence is valid 1251, so it is the fallback rather than a guess).
 */
export function decode(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8-bom" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    // Node's own decoder (full ICU, as in Lambda's runtime): no encoding tables in the bundle.
    return { text: new TextDecoder("windows-1251").decode(bytes), encoding: "windows-1251" };
  }
}

/**
 * The separator that splits the first lines into the same number of columns, the most columns
 * winning: csv-parse reads a sample with each candidate (quotes respected).
 */
export function detectDelimiter(text: string): Delimiter {
  let best: { delimiter: Delimiter; score: number } = { delimiter: ",", score: -1 };
  for (const delimiter of delimiters) {
    let sample: string[][];
    try {
      sample = parseCsv(text, { delimiter, to_line: 20, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
    } catch {
      continue;
    }
    const width = sample[0]?.length ?? 0;
    if (width < 2) continue;
    const consistent = sample.filter((row) => row.length === width).length / sample.length;
    const score = consistent * 1000 + width;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/** Decodes and parses a whole file; refuses files over the limits with a 4xx naming `file`. */
export function parseFile(bytes: Uint8Array): ParsedFile {
  if (bytes.byteLength > MAX_IMPORT_BYTES) throw new ValidationError([{ field: "file", message: `A file is at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB.` }]);
  const { text, encoding } = decode(bytes);
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw new ValidationError([{ field: "file", message: `Not a readable CSV file: ${(error as Error).message}` }]);
  }
  const [headers, ...rows] = records;
  if (!headers || headers.every((header) => !header)) throw new ValidationError([{ field: "file", message: "The file is empty: the first line must name the columns." }]);
  if (rows.length > MAX_IMPORT_ROWS) throw new ValidationError([{ field: "file", message: `A file has at most ${MAX_IMPORT_ROWS.toLocaleString("en")} rows; split it.` }]);
  return { encoding, delimiter, headers, rows };
}
