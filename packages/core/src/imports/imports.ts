// The import service: create an import, take its file, preview the mapping, start the job, report its issues.
import * as v from "valibot";
import { ulid } from "ulid";
import { stringify } from "csv-stringify/sync";
import { useUser } from "../actor";
import { findMatches } from "../contacts/matching";
import { UlidField } from "../contacts/fields";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { useFiles } from "../files";
import { Jobs, type Job } from "../jobs";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { isConditionFailure } from "../storage/transaction";
import { requireRight } from "../users/roles";
import { parse } from "../validation";
import { detectFlavour, detectMapping, isReservedKey, type Mapping } from "./columns";
import type { ExportFlavour, ImportField } from "./fields";
import { companyNameKey, lookupCompany } from "./companies";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, parseFile } from "./csv";
import { matchKeys, matchQuery } from "./duplicate-keys";
import { neutralizeCell } from "./formula-guard";
import type { ImportParams } from "./job-params";
import { mapRow, type MappedRow } from "./rows";
import { loadFile, rememberParsed } from "./source-file";

export { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS };
export { NOTHING_USABLE } from "./rows";
export { CreateImportInput, PreviewInput, StartImportInput, duplicatePolicies, type DuplicatePolicy } from "./schemas";
import { CreateImportInput, PreviewInput, StartImportInput } from "./schemas";
// The job's processing lives in run-chunk.ts and row-writes.ts; its names (and test hooks) stay importable from here.
export { CHUNK_ROWS, MATCH_CONCURRENCY, ROW_CONCURRENCY, importJobHandler, setChunkRows } from "./run-chunk";
export { rowContactId, setBeforeRowHook } from "./row-writes";
export const PREVIEW_ROWS = 20;
const UPLOAD_URL_SECONDS = 15 * 60;
const UNSTARTED_TTL_SECONDS = 7 * 24 * 3600;

const fileKeyOf = (importId: string) => `imports/${importId}/source.csv`;

interface ImportRecord {
  importId: string;
  ownerId: string;
  fileName: string;
  fileKey: string;
  createdAt: string;
}

export interface ImportCreated {
  importId: string;
  fileName: string;
  /** A presigned S3 URL in AWS; null where the file goes through `PUT /v1/imports/{id}/file`. */
  uploadUrl: string | null;
  maxBytes: number;
  maxRows: number;
}

/** Starts an import: a record and where to upload the file (presigned S3 PUT in AWS). */
export async function create(input: v.InferInput<typeof CreateImportInput>): Promise<ImportCreated> {
  const actor = useUser();
  requireRight(actor, "contacts:create");
  const { fileName } = parse(CreateImportInput, input);
  const importId = ulid();
  const record: ImportRecord = { importId, ownerId: actor.userId, fileName, fileKey: fileKeyOf(importId), createdAt: now().toISOString() };
  const { service } = useStorage();
  await service.entities.import.create({ ...record, expiresAt: Math.floor(now().getTime() / 1000) + UNSTARTED_TTL_SECONDS }).go();
  const files = useFiles();
  const uploadUrl = files.uploadUrl ? await files.uploadUrl(record.fileKey, "text/csv", UPLOAD_URL_SECONDS) : null;
  return { importId, fileName, uploadUrl, maxBytes: MAX_IMPORT_BYTES, maxRows: MAX_IMPORT_ROWS };
}

async function loadOwn(importId: string): Promise<ImportRecord> {
  const actor = useUser();
  if (!v.is(UlidField, importId)) throw new ValidationError([{ field: "importId", message: "Not a valid import ID." }]);
  const { service } = useStorage();
  const record = (await service.entities.import.get({ importId }).go()).data as ImportRecord | null;
  if (!record || (record.ownerId !== actor.userId && actor.role !== "admin")) throw new NotFoundError("Import");
  return record;
}

/** The local upload path: checks the file is a readable CSV within the limits, then stores it. */
export async function upload(importId: string, bytes: Uint8Array): Promise<{ rows: number; encoding: string; delimiter: string }> {
  const record = await loadOwn(importId);
  if (bytes.byteLength === 0) throw new ValidationError([{ field: "file", message: "The file is empty." }]);
  const parsed = parseFile(bytes);
  await useFiles().put(record.fileKey, bytes, "text/csv");
  rememberParsed(record.fileKey, parsed);
  return { rows: parsed.rows.length, encoding: parsed.encoding, delimiter: parsed.delimiter };
}


/**
 * `__proto__`, `constructor` and `prototype` never become keys: a mapping naming one is refused
 * here, before valibot (whose record drops such keys silently), with the key in the field.
 */
function refuseReservedMappingKeys(input: unknown): void {
  const mapping = typeof input === "object" && input !== null ? (input as { mapping?: unknown }).mapping : undefined;
  if (typeof mapping !== "object" || mapping === null) return;
  const issues = Object.keys(mapping).filter(isReservedKey).map((key) => ({ field: `mapping.${key}`, message: "Not a column that can be imported: __proto__, constructor and prototype are reserved names." }));
  if (issues.length > 0) throw new ValidationError(issues);
}

/** Detected fields, overridden column by column (a Map: headers never become object keys). */
function resolveMapping(headers: string[], override: Record<string, ImportField | null> | undefined): Mapping {
  const mapping = detectMapping(headers);
  const overrides = new Map<string, ImportField | null>(Object.entries(override ?? {}));
  const issues = [...overrides.keys()].filter((header) => !headers.includes(header)).map((header) => ({ field: `mapping.${header}`, message: "No such column in the file." }));
  if (issues.length > 0) throw new ValidationError(issues);
  // A column named like a reserved key is never imported, whatever the mapping says.
  return mapping.map((field, index) => (isReservedKey(headers[index]!) ? null : overrides.has(headers[index]!) ? overrides.get(headers[index]!)! : field));
}

export interface Preview {
  importId: string;
  fileName: string;
  encoding: string;
  delimiter: string;
  flavour: ExportFlavour;
  totalRows: number;
  columns: { index: number; header: string; field: ImportField | null; detected: ImportField | null; note?: string }[];
  rows: PreviewRow[];
}

/** A previewed row: its company says whether it would link to an existing one, be created, or is ambiguous. */
export type PreviewRow = Omit<MappedRow, "company"> & {
  company?: { name: string; column: string; match: "existing" | "new" | "ambiguous"; companyId?: string };
  duplicateOf?: { row?: number; existing?: boolean };
};

/** A dry run of the first rows: mapped fields, per-row errors and duplicates; writes nothing. */
export async function preview(importId: string, input: v.InferInput<typeof PreviewInput>): Promise<Preview> {
  refuseReservedMappingKeys(input);
  const { mapping: override } = parse(PreviewInput, input);
  const record = await loadOwn(importId);
  const file = await loadFile(record.fileKey);
  const mapping = resolveMapping(file.headers, override);
  const detected = detectMapping(file.headers);
  const actor = useUser();
  const rows = file.rows.slice(0, PREVIEW_ROWS).map((cells, index) => mapRow(cells, mapping, file.headers, index + 2, record.fileName, actor.userId));
  const seen = new Map<string, number>();
  const companyLookups = new Map<string, ReturnType<typeof lookupCompany>>();
  const withDuplicates = await Promise.all(
    rows.map(async ({ company, ...row }): Promise<PreviewRow> => {
      if (!row.fields) return row;
      const keys = matchKeys(row.fields);
      const earlier = keys.map((key) => seen.get(key)).find((at) => at !== undefined);
      for (const key of keys) if (!seen.has(key)) seen.set(key, row.row);
      let lookup: ReturnType<typeof lookupCompany> | undefined;
      if (company) {
        const key = companyNameKey(company.name);
        lookup = companyLookups.get(key) ?? lookupCompany(company.name);
        companyLookups.set(key, lookup);
      }
      const [matches, found] = await Promise.all([findMatches(matchQuery(row.fields)), lookup]);
      const existing = matches.length > 0;
      return {
        ...row,
        ...(company && found ? { company: { ...company, match: found.match, ...(found.companyId ? { companyId: found.companyId } : {}) } } : {}),
        ...(earlier !== undefined || existing ? { duplicateOf: { ...(earlier !== undefined ? { row: earlier } : {}), existing } } : {}),
      };
    }),
  );
  return {
    importId,
    fileName: record.fileName,
    encoding: file.encoding,
    delimiter: file.delimiter,
    flavour: detectFlavour(file.headers),
    totalRows: file.rows.length,
    columns: file.headers.map((header, index) => ({ index, header, field: mapping[index] ?? null, detected: detected[index] ?? null, ...(isReservedKey(header) ? { note: "Not imported: __proto__, constructor and prototype are reserved names." } : {}) })),
    rows: withDuplicates,
  };
}

/** Starts processing in the background (a job with the import's ID); once per import. */
export async function start(importId: string, input: v.InferInput<typeof StartImportInput>): Promise<Job> {
  refuseReservedMappingKeys(input);
  const { mapping: override, duplicates } = parse(StartImportInput, input);
  const record = await loadOwn(importId);
  const file = await loadFile(record.fileKey);
  const mapping = resolveMapping(file.headers, override);
  if (!mapping.some((field) => field !== null)) throw new ValidationError([{ field: "mapping", message: "No column is mapped to a contact field." }]);
  const params: ImportParams = { importId, fileKey: record.fileKey, fileName: record.fileName, mapping, duplicates };
  try {
    return await Jobs.start("import", params, { total: file.rows.length, jobId: importId });
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError("This import has already been started.");
    throw error;
  }
}

/**
 * Every rejected or skipped row with its reason, and every imported row that lost values
 * (outcome created/updated, reason `Imported without: <column> "<value>": <why>; …`), then the
 * row as it was in the file.
 */
export async function report(importId: string): Promise<{ fileName: string; csv: string }> {
  const record = await loadOwn(importId);
  const { service } = useStorage();
  const issues: { row: number; outcome: string; reason: string; cells?: string[] }[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: typeof issues; cursor: string | null } = await service.entities.importIssue.query.primary({ importId }).go({ cursor, limit: 1000 });
    issues.push(...page.data);
    cursor = page.cursor;
  } while (cursor);
  const file = await useFiles().get(record.fileKey);
  const headers = file ? parseFile(file).headers : [];
  // The file's cells come back as they were, guarded: a report opened in a spreadsheet runs no formula.
  const csv = stringify([["row", "outcome", "reason", ...headers.map(neutralizeCell)], ...issues.sort((a, b) => a.row - b.row).map((issue) => [String(issue.row), issue.outcome, issue.reason, ...(issue.cells ?? [])].map(neutralizeCell))], { bom: true });
  return { fileName: record.fileName.replace(/\.csv$/i, "") + "-report.csv", csv };
}
