// An import file's rows mapped to contact fields, with each row's first earlier repeat; once per job and process.
import type { ParsedFile } from "./csv";
import { matchKeys } from "./duplicate-keys";
import type { ImportParams } from "./job-params";
import { mapRow, type MappedRow } from "./rows";

export interface Prepared {
  mapped: MappedRow[];
  /** For each row, the first earlier row sharing a phone or email with it (or -1). */
  firstSeen: number[];
}
const preparedCache = new Map<string, Prepared>();

export function prepare(jobId: string, file: ParsedFile, params: ImportParams, ownerId: string): Prepared {
  const cached = preparedCache.get(jobId);
  if (cached) return cached;
  const mapped = file.rows.map((cells, index) => mapRow(cells, params.mapping, file.headers, index + 2, params.fileName, ownerId));
  const seen = new Map<string, number>();
  const firstSeen = mapped.map((row, index) => {
    if (!row.fields) return -1;
    const keys = matchKeys(row.fields);
    const earlier = keys.map((key) => seen.get(key)).find((at) => at !== undefined) ?? -1;
    for (const key of keys) if (!seen.has(key)) seen.set(key, index);
    return earlier;
  });
  preparedCache.clear();
  const prepared = { mapped, firstSeen };
  preparedCache.set(jobId, prepared);
  return prepared;
}
