// One import row at a time: created, merged into the contact it duplicates, or checked again after losing a claim.
import { Contacts } from "../contacts";
import { findClaimedMatches } from "../contacts/matching";
import { ClaimLostError, type ClaimSnapshot } from "../contacts/claims";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "../errors";
import type { StoredJob } from "../jobs";
import { derivedId } from "./companies";
import { matchQuery } from "./duplicate-keys";
import type { ImportParams } from "./job-params";
import type { Prepared } from "./prepared-rows";
import type { ContactFields } from "./rows";

/**
 * The contact ID for a file row: the import's time, then 80 bits from a hash of (import, row).
 * The same row always gets the same ID, so a replayed chunk's create fails its condition
 * instead of writing a twin.
 */
export function rowContactId(importId: string, createdAtMs: number, rowIndex: number): string {
  return derivedId(`${importId}:${rowIndex}`, createdAtMs);
}

/** `notes`: what an imported row lost on the way (dropped values, a company not linked), for the report. */
export type RowResult = { outcome: "created" | "updated"; notes?: string[] } | { outcome: "skipped" | "rejected"; reason: string };

/** Test hook: called before each row is applied (fault injection simulates a crash mid-chunk). */
let beforeRow: ((rowIndex: number) => void) | undefined;
export function setBeforeRowHook(hook: ((rowIndex: number) => void) | undefined): void {
  beforeRow = hook;
}
export function runBeforeRowHook(rowIndex: number): void {
  beforeRow?.(rowIndex);
}

/**
 * Rows carrying the same tags are written one at a time: every such create adds to the same
 * tag-count items, and concurrent transactions on one item cancel each other (retried with
 * backoff, which is slower than waiting in line). Reads still run in parallel.
 */
const tagLines = new Map<string, Promise<unknown>>();
export function inTagLine<T>(tags: readonly string[] | undefined, write: () => Promise<T>): Promise<T> {
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
export async function updateRow(contactIds: string[], fields: ContactFields): Promise<RowResult> {
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

export async function applyRow(index: number, job: StoredJob, params: ImportParams, prepared: Prepared, fieldsOf: (index: number) => Promise<ContactFields>): Promise<RowResult> {
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
