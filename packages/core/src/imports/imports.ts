import * as v from "valibot";
import { ulid } from "ulid";
import { stringify } from "csv-stringify/sync";
import { useUser, withActor } from "../actor";
import { Contacts } from "../contacts";
import { findClaimedMatches, findMatches } from "../contacts/matching";
import { findStrongMatchesOfMany } from "../contacts/batch-matching";
import { ClaimLostError, type ClaimSnapshot } from "../contacts/claims";
import { UlidField } from "../contacts/fields";
import * as BatchCreate from "../contacts/batch-create";
import { inParallel } from "../contacts/batch-create";
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError, ValidationError, VersionConflictError } from "../errors";
import { useFiles } from "../files";
import { Jobs, type ChunkOutcome, type Job, type StoredJob } from "../jobs";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { isConditionFailure } from "../storage/transaction";
import { applyTagDeltasOnce } from "../tags/tags";
import { requireRight } from "../users/roles";
import { parse } from "../validation";
import { detectFlavour, detectMapping, importFields, isReservedKey, type ExportFlavour, type ImportField, type Mapping } from "./columns";
import { companyNameKey, derivedId, linkCompany, lookupCompany, type CompanyLink } from "./companies";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, parseFile, type ParsedFile } from "./csv";
import { neutralizeCell } from "./formula-guard";
import { describeDropped, mapRow, type ContactFields, type DroppedValue, type MappedRow } from "./rows";
import { countMetric, MetricName } from "../runtime/observability";

export { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS };
export { NOTHING_USABLE } from "./rows";
export { CreateImportInput, PreviewInput, StartImportInput, duplicatePolicies, type DuplicatePolicy } from "./schemas";
import { CreateImportInput, PreviewInput, StartImportInput, duplicatePolicies, type DuplicatePolicy } from "./schemas";
export const PREVIEW_ROWS = 20;
/** Rows per job chunk, and how many of a chunk's rows are in flight at once. */
export const CHUNK_ROWS = 500;
let chunkRows = CHUNK_ROWS;
/** Test hook: smaller chunks, so crash-and-resume tests need fewer rows. */
export function setChunkRows(rows: number | undefined): void {
  chunkRows = rows ?? CHUNK_ROWS;
}
export const ROW_CONCURRENCY = 16;
/** Rows planned at once; on a table whose claims are not complete, rows whose duplicate check (a Query per phone and email) runs at once. */
export const MATCH_CONCURRENCY = 32;
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
  parsedCache.set(record.fileKey, parsed);
  return { rows: parsed.rows.length, encoding: parsed.encoding, delimiter: parsed.delimiter };
}

// One parsed file per process: a job's chunks (local runner, a warm worker) reuse it.
const parsedCache = new Map<string, ParsedFile>();
async function loadFile(fileKey: string): Promise<ParsedFile> {
  const cached = parsedCache.get(fileKey);
  if (cached) return cached;
  const bytes = await useFiles().get(fileKey);
  if (!bytes) throw new ConflictError("The file has not been uploaded yet.");
  const parsed = parseFile(bytes);
  parsedCache.clear();
  parsedCache.set(fileKey, parsed);
  return parsed;
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

interface ImportParams {
  importId: string;
  fileKey: string;
  fileName: string;
  mapping: Mapping;
  duplicates: DuplicatePolicy;
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

// ---------------------------------------------------------------------------------------------
// Processing (the `import` job handler).

const matchKeys = (fields: ContactFields) => [
  ...(fields.phones ?? []).map((phone) => `phone:${phone.number}`),
  ...(fields.emails ?? []).map((email) => `email:${(typeof email === "string" ? email : email.address).toLowerCase()}`),
];
const matchQuery = (fields: ContactFields) => ({
  phones: (fields.phones ?? []).map((phone) => phone.number),
  emails: (fields.emails ?? []).map((email) => (typeof email === "string" ? email : email.address)),
  // A Telegram handle is claimed like a phone (contacts/claims.ts), so it is a duplicate like one.
  ...(fields.messengers ? { messengers: fields.messengers as { telegram?: string } } : {}),
});

/**
 * The contact ID for a file row: the import's time, then 80 bits from a hash of (import, row).
 * The same row always gets the same ID, so a replayed chunk's create fails its condition
 * instead of writing a twin.
 */
export function rowContactId(importId: string, createdAtMs: number, rowIndex: number): string {
  return derivedId(`${importId}:${rowIndex}`, createdAtMs);
}

interface Prepared {
  mapped: MappedRow[];
  /** For each row, the first earlier row sharing a phone or email with it (or -1). */
  firstSeen: number[];
}
const preparedCache = new Map<string, Prepared>();

function prepare(jobId: string, file: ParsedFile, params: ImportParams, ownerId: string): Prepared {
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

/** `notes`: what an imported row lost on the way (dropped values, a company not linked), for the report. */
type RowResult = { outcome: "created" | "updated"; notes?: string[] } | { outcome: "skipped" | "rejected"; reason: string };

/** Test hook: called before each row is applied (fault injection simulates a crash mid-chunk). */
let beforeRow: ((rowIndex: number) => void) | undefined;
export function setBeforeRowHook(hook: ((rowIndex: number) => void) | undefined): void {
  beforeRow = hook;
}

/**
 * Rows carrying the same tags are written one at a time: every such create adds to the same
 * tag-count items, and concurrent transactions on one item cancel each other (retried with
 * backoff, which is slower than waiting in line). Reads still run in parallel.
 */
const tagLines = new Map<string, Promise<unknown>>();
function inTagLine<T>(tags: readonly string[] | undefined, write: () => Promise<T>): Promise<T> {
  if (!tags || tags.length === 0) return write();
  const key = [...new Set(tags.map((tag) => tag.toLowerCase()))].sort().join("\n");
  const previous = tagLines.get(key) ?? Promise.resolve();
  const next = previous.then(write, write);
  const settled = next.catch(() => undefined);
  tagLines.set(key, settled);
  void settled.then(() => tagLines.get(key) === settled && tagLines.delete(key));
  return next;
}

/**
 * `claims`: those the row's duplicate check decided on (skip/update policies); a value another
 * write claimed since is a ClaimLostError, and the row is checked again (applyRow). Without
 * (policy create) the claims only make parallel writers take turns.
 */
async function createRow(id: string, fields: ContactFields, params: ImportParams, ownerId: string, claims?: ClaimSnapshot): Promise<RowResult> {
  try {
    await inTagLine(fields.tags, () => Contacts.createFromSource({ ...(fields as object), source: { kind: "import", fileName: params.fileName.slice(0, 200) }, ownerIds: [ownerId] } as never, { contactId: id, ...(claims ? { claims } : {}) }));
    return { outcome: "created" };
  } catch (error) {
    if (error instanceof ClaimLostError) throw error;
    // The same row was created before a crash: its deterministic ID already exists.
    if (error instanceof VersionConflictError && (await Contacts.loadRaw(id))) return { outcome: "created" };
    if (error instanceof ValidationError) return { outcome: "rejected", reason: error.issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ") };
    throw error;
  }
}

/** The row's values merged into a contact: phones, emails and tags united, empty fields filled. */
async function updateRow(contactIds: string[], fields: ContactFields): Promise<RowResult> {
  for (const contactId of contactIds) {
    for (let attempt = 0; attempt < 4; attempt++) {
      const current = await Contacts.loadRaw(contactId);
      if (!current || current.deletedAt) break;
      const { phones, emails, tags, comment, displayName, companyId, ...simple } = fields;
      const changes: Record<string, unknown> = {};
      // The file's company links a contact that has none; it does not move one linked elsewhere.
      if (companyId && !current.companyId) changes.companyId = companyId;
      for (const [field, value] of Object.entries(simple)) if (value !== undefined && JSON.stringify((current as unknown as Record<string, unknown>)[field]) !== JSON.stringify(value)) changes[field] = value;
      if (displayName && current.nameSource !== "manual") changes.displayName = displayName;
      if (comment && !current.comment) changes.comment = comment;
      const newPhones = (phones ?? []).filter((phone) => !current.phones.some((known) => known.number === phone.number));
      if (newPhones.length) changes.phones = [...current.phones.map(({ number, type }) => ({ number, type })), ...newPhones.map(({ number, type }) => ({ number, type }))];
      const addresses = (emails ?? []).map((email) => (typeof email === "string" ? email : email.address));
      const newEmails = addresses.filter((address) => !current.emails.some((known) => known.address.toLowerCase() === address.toLowerCase()));
      if (newEmails.length) changes.emails = [...current.emails.map((email) => email.address), ...newEmails];
      const newTags = (tags ?? []).filter((tag) => !(current.tags ?? []).some((known) => known.toLowerCase() === tag.toLowerCase()));
      if (newTags.length) changes.tags = [...(current.tags ?? []), ...newTags];
      if (Object.keys(changes).length === 0) return { outcome: "updated" };
      try {
        await inTagLine(changes.tags ? (changes.tags as string[]) : undefined, () => Contacts.update(contactId, current.version, changes as never));
        return { outcome: "updated" };
      } catch (error) {
        if (error instanceof VersionConflictError) continue;
        if (error instanceof NotFoundError || error instanceof ForbiddenError) break;
        if (error instanceof ValidationError) return { outcome: "rejected", reason: error.issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ") };
        throw error;
      }
    }
  }
  return { outcome: "rejected", reason: "Matches a contact you may not change (ask its responsible manager)." };
}

async function applyRow(index: number, job: StoredJob, params: ImportParams, prepared: Prepared, fieldsOf: (index: number) => Promise<ContactFields>): Promise<RowResult> {
  const row = prepared.mapped[index]!;
  if (!row.fields) return { outcome: "rejected", reason: row.errors.map((issue) => `${issue.field}: ${issue.message}`).join("; ") };
  beforeRow?.(index);
  const id = rowContactId(params.importId, Date.parse(job.createdAt), index);
  if (params.duplicates === "create") return createRow(id, await fieldsOf(index), params, job.ownerId);
  // The check and the create decide on the same claims: a row that lost its value to a parallel
  // write (another import, a form, the API) checks again and is skipped or updates the winner.
  let matches: string[] = [];
  for (let attempt = 1; attempt <= 40; attempt++) {
    const checked = await findClaimedMatches(matchQuery(row.fields));
    matches = checked.matches.filter((match) => match.strength === "strong").map((match) => match.contactId);
    if (matches.includes(id)) return { outcome: "created" };
    if (matches.length > 0) break;
    try {
      return await createRow(id, await fieldsOf(index), params, job.ownerId, checked.claims);
    } catch (error) {
      if (!(error instanceof ClaimLostError)) throw error;
    }
  }
  if (matches.length === 0) throw new ConflictError("Too many simultaneous writes with this row's phone, email or handle: run the import again.");
  const earlier = prepared.firstSeen[index]!;
  if (params.duplicates === "skip") {
    return { outcome: "skipped", reason: earlier >= 0 ? `Duplicate of row ${earlier + 2} in this file.` : "A contact with this phone or email already exists." };
  }
  return updateRow(matches, await fieldsOf(index));
}

const issueText = (error: ValidationError | UnprocessableError) => error.issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ");

/**
 * A chunk of the file: rejected rows aside, every row's phones and emails are checked for
 * duplicates first (all rows at once, `MATCH_CONCURRENCY` in flight). Brand-new contacts then
 * go through the batch path (contacts/batch-create.ts): their items by BatchWriteItem, their
 * tag counts summed and added once per chunk. Rows that update an existing contact, and rows
 * repeating an earlier row of this chunk, go through the single-contact paths afterwards.
 * Replaying the chunk after a crash repeats it safely: rows get the same contact IDs, a row
 * whose lookups are its own is finished (or left alone when its contact row exists), and the
 * chunk's tag counts carry a marker (`applyTagDeltasOnce`).
 */
async function runImportChunk(job: StoredJob): Promise<ChunkOutcome> {
  const params = job.params as ImportParams;
  const file = await loadFile(params.fileKey);
  const prepared = prepare(job.jobId, file, params, job.ownerId);
  const from = job.checkpoint ? Number(job.checkpoint) : 0;
  const to = Math.min(from + chunkRows, file.rows.length);
  const indexes = Array.from({ length: to - from }, (_, i) => from + i);
  const idOf = (index: number) => rowContactId(params.importId, Date.parse(job.createdAt), index);
  const results = new Map<number, RowResult>();

  // The company column: one link per name key in this chunk, asked when a row is about to be
  // written (a skipped row creates no company). Created companies converge across chunks.
  const links = new Map<string, Promise<CompanyLink>>();
  const companyNotes = new Map<number, string>();
  let companiesCreated = 0;
  const fieldsOf = async (index: number): Promise<ContactFields> => {
    const { fields, company } = prepared.mapped[index]!;
    if (!company) return fields!;
    const key = companyNameKey(company.name);
    let link = links.get(key);
    if (!link) {
      // As the importer, whoever runs the chunk: the companies they may see, created as theirs.
      const importer = { type: "user" as const, userId: job.ownerId, role: job.ownerRole, ...(job.ownerTeamId ? { teamId: job.ownerTeamId } : {}) };
      link = withActor(importer, () => linkCompany(company.name, params.importId, Date.parse(job.createdAt))).then((made) => {
        if (made.kind === "created") companiesCreated++;
        return made;
      });
      links.set(key, link);
    }
    const made = await link;
    if (made.kind === "existing" || made.kind === "created") return { ...fields!, companyId: made.companyId };
    companyNotes.set(index, made.kind === "ambiguous" ? `${company.column} "${company.name}": ${made.count} companies have this name; linked to none.` : `${company.column} "${company.name}": the company this import created is in the trash; not linked.`);
    return fields!;
  };

  const fresh: number[] = [];
  const toCheck: number[] = [];
  // A row repeating an earlier row of this chunk waits until that row is in the table.
  const repeats: number[] = [];
  for (const index of indexes) {
    const row = prepared.mapped[index]!;
    if (!row.fields) results.set(index, { outcome: "rejected", reason: row.errors.map((issue) => `${issue.field}: ${issue.message}`).join("; ") });
    else if (params.duplicates === "create") fresh.push(index);
    else if (prepared.firstSeen[index]! >= from) repeats.push(index);
    else toCheck.push(index);
  }

  // Each new row is planned (its items built) as soon as its check answers, while others wait on theirs.
  const plan = BatchCreate.planner();
  const source = { kind: "import" as const, fileName: params.fileName.slice(0, 200) };
  const plans = new Map<number, BatchCreate.PlanResult>();
  const planRow = async (index: number) => {
    plans.set(index, await plan({ input: { ...((await fieldsOf(index)) as object), source, ownerIds: [job.ownerId] } as never, contactId: idOf(index) }));
  };
  const matchesOf = new Map<number, string[]>();
  const updates: number[] = [];
  // The whole chunk's check at once: its values' claims, 100 per BatchGetItem (a Query per value
  // only on a table whose claims are not complete yet).
  const { results: checks, claims: checkedClaims } = await findStrongMatchesOfMany(toCheck.map((index) => ({ ...matchQuery(prepared.mapped[index]!.fields!), excludeContactId: idOf(index) })), MATCH_CONCURRENCY);
  const toPlan = [...fresh];
  toCheck.forEach((index, at) => {
    const { matches, excludedHolds } = checks[at]!;
    // Its own ID holds a value: the row was (partly) written by an earlier run of this chunk.
    if (matches.length === 0 || excludedHolds) return void toPlan.push(index);
    matchesOf.set(index, matches.map((match) => match.contactId));
    if (params.duplicates === "update") return void updates.push(index);
    const earlier = prepared.firstSeen[index]!;
    results.set(index, { outcome: "skipped", reason: earlier >= 0 ? `Duplicate of row ${earlier + 2} in this file.` : "A contact with this phone or email already exists." });
  });
  await inParallel(toPlan, MATCH_CONCURRENCY, planRow);
  // Rows whose value another write claimed first are checked again, one by one, below.
  const lostRows = await createFresh(indexes.filter((index) => plans.has(index)), plans, params, from, results, checkedClaims);
  updates.sort((a, b) => a - b);
  await inParallel(updates, ROW_CONCURRENCY, async (index) => {
    beforeRow?.(index);
    results.set(index, await updateRow(matchesOf.get(index)!, await fieldsOf(index)));
  });
  for (const index of repeats) {
    const earlier = prepared.firstSeen[index]!;
    if (params.duplicates === "skip" && results.get(earlier)?.outcome === "created") results.set(index, { outcome: "skipped", reason: `Duplicate of row ${earlier + 2} in this file.` });
    else results.set(index, await applyRow(index, job, params, prepared, fieldsOf));
  }
  for (const index of lostRows) results.set(index, await applyRow(index, job, params, prepared, fieldsOf));

  // Imported rows that lost values (or their company link) are reported too, each value with its column and reason.
  let droppedValues = 0;
  for (const [index, result] of results) {
    if (result.outcome !== "created" && result.outcome !== "updated") continue;
    const dropped: DroppedValue[] = prepared.mapped[index]!.dropped;
    droppedValues += dropped.length;
    const notes = [...dropped.map(describeDropped), ...(companyNotes.has(index) ? [companyNotes.get(index)!] : [])];
    if (notes.length > 0) result.notes = notes;
  }
  type IssueRow = { importId: string; row: number; outcome: "rejected" | "skipped" | "created" | "updated"; reason: string; cells: string[] };
  const issues: IssueRow[] = [];
  for (const [index, result] of results) {
    const base = { importId: params.importId, row: index + 2, cells: file.rows[index]! };
    if (result.outcome === "skipped" || result.outcome === "rejected") issues.push({ ...base, outcome: result.outcome, reason: result.reason.slice(0, 1000) });
    else if ("notes" in result && result.notes) issues.push({ ...base, outcome: result.outcome, reason: `Imported without: ${result.notes.join("; ")}`.slice(0, 1000) });
  }
  if (issues.length > 0) await useStorage().service.entities.importIssue.put(issues).go();
  const count = (outcome: RowResult["outcome"]) => [...results.values()].filter((result) => result.outcome === outcome).length;
  // Rows through this chunk (written, skipped or rejected), for the dashboard (infra/alarms.ts).
  countMetric(MetricName.importRows, indexes.length);
  return {
    checkpoint: to >= file.rows.length ? null : String(to),
    done: indexes.length,
    failed: count("rejected"),
    total: file.rows.length,
    stats: { created: count("created"), updated: count("updated"), skipped: count("skipped"), rejected: count("rejected"), droppedValues, companiesCreated },
    ...(to >= file.rows.length ? { result: { reportPath: `/v1/imports/${params.importId}/report` } } : {}),
  };
}

/**
 * The chunk's brand-new contacts through the batch path. Rows whose contact row exists were
 * finished by an earlier run: not written again, but their tag changes stay in the chunk's sum,
 * which is applied once (keyed by the chunk's first row) after every contact row is written.
 */
async function createFresh(fresh: number[], planned: Map<number, BatchCreate.PlanResult>, params: ImportParams, from: number, results: Map<number, RowResult>, claims?: ClaimSnapshot): Promise<number[]> {
  if (fresh.length === 0) return [];
  const plans: BatchCreate.PlannedContact[] = [];
  const indexOf = new Map<string, number>();
  for (const index of fresh) {
    const result = planned.get(index)!;
    if ("error" in result) results.set(index, { outcome: "rejected", reason: issueText(result.error) });
    else {
      plans.push(result.plan);
      indexOf.set(result.plan.contact.contactId, index);
      results.set(index, { outcome: "created" });
    }
  }
  const finished = await BatchCreate.existingContactIds(plans.map((plan) => plan.contact.contactId));
  const { lost } = await BatchCreate.writePlanned(plans.filter((plan) => !finished.has(plan.contact.contactId)), {
    beforeContact: (contactId) => beforeRow?.(indexOf.get(contactId)!),
    // skip / update: a row whose phone, email or handle another contact holds is not written here.
    duplicates: params.duplicates === "create" ? "allow" : "check",
    // The claims the chunk's check read: the first round is conditioned on them without reading again.
    ...(claims ? { claims } : {}),
  });
  for (const contactId of lost) results.delete(indexOf.get(contactId)!);
  await applyTagDeltasOnce("contact", `import:${params.importId}:${from}`, plans.filter((plan) => !lost.has(plan.contact.contactId)).flatMap((plan) => plan.tagDeltas));
  return [...lost].map((contactId) => indexOf.get(contactId)!).sort((a, b) => a - b);
}

export const importJobHandler = { kind: "import", runChunk: runImportChunk };

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
