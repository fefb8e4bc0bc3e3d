import * as v from "valibot";
import { stringify } from "csv-stringify/sync";
import { useUser } from "../actor";
import { Contacts, type Contact } from "../contacts";
import { ConflictError, NotFoundError } from "../errors";
import { useFiles } from "../files";
import { Jobs, type ChunkOutcome, type Job, type StoredJob } from "../jobs";
import { useStorage } from "../storage";
import { requireRight } from "../users/roles";
import { parse } from "../validation";
import { exportHeaders } from "./columns";
import type { ImportField } from "./fields";
import { neutralizeCell } from "./formula-guard";

/** Lists up to this size come back in the response; larger ones run as a job. */
export const SYNC_EXPORT_ROWS = 1000;
let syncLimit = SYNC_EXPORT_ROWS;
/** Test hook: a lower threshold for "large", so the job path is tested without 1,000 contacts. */
export function setSyncExportRows(rows: number | undefined): void {
  syncLimit = rows ?? SYNC_EXPORT_ROWS;
}
/** Contacts per export job chunk (one part file each). */
let chunkPages = 10;
/** Test hook: fewer pages per export chunk. */
export function setExportChunkPages(pages: number | undefined): void {
  chunkPages = pages ?? 10;
}
const PAGE = 50 as const;

export { ExportFilter, ExportInput } from "./schemas";
import { ExportInput, type ExportFilter } from "./schemas";

/**
 * One page of the contacts matching the filter: the finder's page (access, filters, search),
 * then the full contacts of that page in one BatchGetItem (the CSV needs every phone and email,
 * which list rows do not carry). Contacts trashed in between are left out.
 */
export async function pageOf(filter: ExportFilter, cursor: string | null): Promise<{ items: Contact[]; cursor: string | null }> {
  const page = await Contacts.findContacts({ ...filter, sort: "created", order: "desc", limit: PAGE, ...(cursor ? { cursor } : {}) });
  if (page.items.length === 0) return { items: [], cursor: page.cursor };
  const { service } = useStorage();
  const read = await service.entities.contact.get(page.items.map(({ contactId }) => ({ contactId }))).go({ preserveBatchOrder: true });
  if (read.unprocessed.length > 0) throw new Error(`${read.unprocessed.length} contacts were not read; the page will be retried.`);
  const rows = (read.data as (Parameters<typeof Contacts.present>[0] | null)[]).filter((row) => row !== null && !row.deletedAt);
  return { items: rows.map((row) => Contacts.present(row!)), cursor: page.cursor };
}

/** The columns, in order: the same headers an import detects (columns.ts). */
const columns: ImportField[] = ["fullName", "firstName", "lastName", "middleName", "position", "company", "workPhone", "mobilePhone", "homePhone", "otherPhone", "email", "tags", "address", "website", "birthday", "telegram", "comment"];

const phonesOf = (contact: Contact, types: string[]) => contact.phones.filter((phone) => types.includes(phone.type)).map((phone) => phone.number).join(", ");

function toCells(contact: Contact): string[] {
  const values: Record<ImportField, string> = {
    // A name from the naming rules is not exported: an import would freeze it as typed.
    fullName: contact.nameSource === "manual" ? contact.displayName : "",
    firstName: contact.firstName ?? "",
    lastName: contact.lastName ?? "",
    middleName: contact.middleName ?? "",
    position: contact.position ?? "",
    company: contact.company?.name ?? "",
    workPhone: phonesOf(contact, ["work"]),
    mobilePhone: phonesOf(contact, ["mobile"]),
    homePhone: phonesOf(contact, ["home"]),
    otherPhone: phonesOf(contact, ["fax", "other"]),
    email: contact.emails.map((email) => email.address).join(", "),
    workEmail: "",
    otherEmail: "",
    tags: (contact.tags ?? []).join(", "),
    address: contact.address ?? "",
    website: contact.website ?? "",
    birthday: contact.birthday ?? "",
    telegram: contact.messengers?.telegram ?? "",
    comment: contact.comment ?? "",
  };
  return columns.map((column) => values[column]);
}

export const csvHeader = () => stringify([columns.map((column) => exportHeaders[column])], { bom: true });
/** Cells a spreadsheet would run as a formula are guarded (formula-guard.ts); an import takes the guard off. */
export const csvRows = (contacts: Contact[]) => (contacts.length ? stringify(contacts.map((contact) => toCells(contact).map(neutralizeCell))) : "");

export type ExportResult = { kind: "file"; csv: string; rows: number } | { kind: "job"; job: Job };

/** A small list comes back at once; a larger one becomes an `export` job (download when done). */
export async function exportContacts(input: v.InferInput<typeof ExportInput>): Promise<ExportResult> {
  const actor = useUser();
  requireRight(actor, "contacts:read");
  const { filter } = parse(ExportInput, input);
  const contacts: Contact[] = [];
  let cursor: string | null = null;
  do {
    const page = await pageOf(filter, cursor);
    contacts.push(...page.items);
    cursor = page.cursor;
  } while (cursor && contacts.length < syncLimit);
  if (!cursor) return { kind: "file", csv: csvHeader() + csvRows(contacts), rows: contacts.length };
  return { kind: "job", job: await Jobs.start("export", { filter }) };
}

type ExportCheckpoint = { cursor: string | null; part: number };
const partKey = (jobId: string, part: number) => `exports/${jobId}/part-${String(part).padStart(5, "0")}.csv`;
const fileKey = (jobId: string) => `exports/${jobId}/contacts.csv`;

/**
 * One chunk: up to `chunkPages` pages into part file N (rewritten whole if the chunk replays, so
 * nothing is written twice); the last chunk joins the parts into the download.
 */
async function runExportChunk(job: StoredJob): Promise<ChunkOutcome> {
  const { filter } = job.params as { filter: ExportFilter };
  const at: ExportCheckpoint = job.checkpoint ? JSON.parse(job.checkpoint) : { cursor: null, part: 0 };
  const files = useFiles();
  const contacts: Contact[] = [];
  let cursor = at.cursor;
  for (let pages = 0; pages < chunkPages; pages++) {
    const page = await pageOf(filter, cursor);
    contacts.push(...page.items);
    cursor = page.cursor;
    if (!cursor) break;
  }
  await files.put(partKey(job.jobId, at.part), new TextEncoder().encode(csvRows(contacts)), "text/csv");
  if (cursor) return { checkpoint: JSON.stringify({ cursor, part: at.part + 1 }), done: contacts.length, failed: 0 };
  const parts: Uint8Array[] = [new TextEncoder().encode(csvHeader())];
  for (let part = 0; part <= at.part; part++) parts.push((await files.get(partKey(job.jobId, part))) ?? new Uint8Array());
  await files.put(fileKey(job.jobId), Buffer.concat(parts), "text/csv");
  for (let part = 0; part <= at.part; part++) await files.delete(partKey(job.jobId, part));
  const total = job.done + contacts.length;
  return { checkpoint: null, done: contacts.length, failed: 0, total, result: { downloadPath: `/v1/exports/${job.jobId}/file` } };
}

export const exportJobHandler = { kind: "export", runChunk: runExportChunk };

/** The finished export of a job the user may see. */
export async function download(jobId: string): Promise<Uint8Array> {
  const job = await Jobs.loadVisible(jobId);
  if (job.kind !== "export") throw new NotFoundError("Export");
  if (job.status !== "done") throw new ConflictError(`The export is ${job.status}; download it when it is done.`);
  const bytes = await useFiles().get(fileKey(jobId));
  if (!bytes) throw new NotFoundError("Export");
  return bytes;
}
