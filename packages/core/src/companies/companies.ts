import * as v from "valibot";
import { ulid } from "ulid";
import { useActor, useUser, type Actor } from "../actor";
import { EmailField, PhoneField, TextField, UlidField } from "../contacts/fields";
import {
  cachedDefinitions,
  loadDefinitions,
  presentCustomValues,
  validateCustomValues,
  type CustomValues,
  type LiveDefinitions,
  type StoredCustomValues,
} from "../custom-fields/custom-fields";
import { UrlField } from "../custom-fields/value-types";
import { GoneError, NotFoundError, ValidationError, VersionConflictError } from "../errors";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { committed } from "../storage/transaction";
import { tagCountChanges, TagsField } from "../tags/tags";
import { Users } from "../users";
import { parse } from "../validation";
import { canSeeCompany, companyRoleHas, requireCompanyRight } from "./access";
import { findCompanies, type CompanyListItem, type CompanyPage, type FindCompaniesInput } from "./find";
import { useCompanyHooks, type CompanySummary } from "./hooks";
import { companyIndexEntities, heaviestField, rowChanges, type IndexedCompany, type RowChanges } from "./index-rows";
import {
  indexWrites as engineIndexWrites,
  loadRaw as loadEngineRaw,
  MAX_TRANSACTION_ITEMS,
  parseId as parseEngineId,
  requireTransactionFits as requireFits,
  tagDeltaCount,
  versionChecked,
} from "../listing";
import { log } from "../runtime/observability";

export { FindCompaniesInput, companySortFields } from "./find";
export type { CompanyListItem, CompanyPage } from "./find";

export const TRASH_RETENTION_DAYS = 30;
export const pageSizes = [10, 20, 50] as const;
export const MAX_MANAGERS = 10;

const uniqueBy = <T>(items: T[], key: (item: T) => string) =>
  items.filter((item, index) => items.findIndex((other) => key(other) === key(item)) === index);

const PhonesField = v.pipe(
  v.array(PhoneField, "Must be a list of phones."),
  v.maxLength(20, "At most 20 phones."),
  v.transform((phones) => uniqueBy(phones, (phone) => phone.number)),
);
const EmailsField = v.pipe(
  v.array(EmailField, "Must be a list of email addresses."),
  v.maxLength(20, "At most 20 emails."),
  v.transform((emails) => uniqueBy(emails, (email) => email.toLowerCase())),
);
const ManagerIdsField = v.pipe(
  v.array(v.pipe(v.string("Must be a user ID."), v.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "Not a valid user ID.")), "Must be a list of user IDs."),
  v.minLength(1, "A company needs at least one responsible manager."),
  v.maxLength(MAX_MANAGERS, `At most ${MAX_MANAGERS} responsible managers.`),
  v.transform((ids) => [...new Set(ids)]),
);
/** Checked against the definitions by `validateCustomValues`; here only its outer shape. */
const CustomInput = v.custom<Record<string, unknown>>(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  "Must be an object of custom field keys and their values.",
);

const unknownField = "Unknown field: leave it out.";

export const CreateCompanyInput = v.strictObject(
  {
    name: TextField(200),
    shortName: v.optional(TextField(100)),
    phones: v.optional(PhonesField),
    emails: v.optional(EmailsField),
    website: v.optional(UrlField),
    address: v.optional(TextField(500)),
    tags: v.optional(TagsField),
    custom: v.optional(CustomInput),
    managerIds: v.optional(ManagerIdsField),
  },
  unknownField,
);
export type CreateCompanyInput = v.InferInput<typeof CreateCompanyInput>;

/** `null` clears an optional field; in `custom`, `null` clears that value. */
export const UpdateCompanyInput = v.strictObject(
  {
    name: v.optional(TextField(200)),
    shortName: v.optional(v.nullable(TextField(100))),
    phones: v.optional(PhonesField),
    emails: v.optional(EmailsField),
    website: v.optional(v.nullable(UrlField)),
    address: v.optional(v.nullable(TextField(500))),
    tags: v.optional(TagsField),
    custom: v.optional(CustomInput),
    managerIds: v.optional(ManagerIdsField),
  },
  unknownField,
);
export type UpdateCompanyInput = v.InferInput<typeof UpdateCompanyInput>;

export const ListCompaniesInput = v.strictObject({
  limit: v.optional(v.picklist(pageSizes, "Page size must be 10, 20 or 50."), 20),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
});
export type ListCompaniesInput = v.InferInput<typeof ListCompaniesInput>;

type Phone = { number: string; type: "work" | "mobile" | "home" | "fax" | "other" };

export interface Company {
  companyId: string;
  name: string;
  shortName?: string;
  phones: Phone[];
  emails: string[];
  website?: string;
  address?: string;
  tags: string[];
  custom: CustomValues;
  managerIds: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
}

type StoredCompany = Omit<Company, "custom"> & { custom?: StoredCustomValues; expiresAt?: number };

export interface Page<T> {
  items: T[];
  cursor: string | null;
}

function present(item: StoredCompany, definitions: LiveDefinitions): Company {
  const { expiresAt: _expiresAt, custom, ...company } = item;
  return { ...company, custom: presentCustomValues(definitions, custom) };
}

function listItem(company: Omit<StoredCompany, "custom">): CompanyListItem {
  return {
    companyId: company.companyId,
    name: company.name,
    ...(company.shortName !== undefined ? { shortName: company.shortName } : {}),
    ...(company.phones[0] ? { primaryPhone: company.phones[0].number } : {}),
    ...(company.emails[0] ? { primaryEmail: company.emails[0] } : {}),
    tags: company.tags,
    managerIds: company.managerIds,
    version: company.version,
    createdAt: company.createdAt,
    updatedAt: company.updatedAt,
  };
}

/** DynamoDB takes at most 100 items in one TransactWriteItems. */
export { MAX_TRANSACTION_ITEMS };

/** The company index rows' writes of one transaction (see index-rows.ts). */
const indexWrites = (tx: unknown, changes: RowChanges) => engineIndexWrites(tx, companyIndexEntities, changes) as never[];

/**
 * Refuses (422, nothing written) a company write whose transaction would exceed DynamoDB's
 * limit (many managers × many tags); names the input field that contributes most rows.
 */
const requireTransactionFits = (otherItems: number, changes: RowChanges, company: IndexedCompany) =>
  requireFits(otherItems, changes, () => heaviestField(company));

const parseId = (companyId: unknown) => parseEngineId(companyId, "companyId", "company");
const loadRaw = (companyId: string) => loadEngineRaw<StoredCompany>("company", { companyId });

/** A live company the actor may see, else NotFound (never Forbidden: nothing leaks). */
async function loadVisible(companyId: string): Promise<StoredCompany> {
  const item = await loadRaw(companyId);
  if (!item || item.deletedAt || !canSeeCompany(useActor(), item)) throw new NotFoundError("Company");
  return item;
}

/**
 * Non-admins must stay among the responsible managers (else they would lose the company they
 * are editing); every manager must be an existing, active user (one BatchGetItem), except the
 * company's current managers (`kept`), who stay even if deactivated since.
 */
async function checkManagers(actor: Actor, managerIds: string[], kept: readonly string[] = []): Promise<void> {
  if (actor.type === "user" && !companyRoleHas(actor.role, "assignAnyone") && !managerIds.includes(actor.userId)) {
    throw new ValidationError([{ field: "managerIds", message: "Keep yourself among the responsible managers (an admin can assign others alone)." }]);
  }
  await Users.requireAssignable(managerIds, (index) => `managerIds[${index}]`, { kept });
}

/**
 * Runs a company transaction: retried while other writes contend for the same tag counts, a
 * failed version condition is a 412, and contention that outlasts the retries a 409.
 */
const writeVersioned = async (write: () => Promise<unknown>): Promise<void> => {
  await versionChecked(write);
};

/**
 * `options.companyId`: a caller-chosen ID (an import derives it from the import and the name),
 * so concurrent creators of the same company converge: the second create fails its condition
 * (VersionConflictError) and the caller reads the one that exists.
 */
export async function create(input: CreateCompanyInput, options: { companyId?: string } = {}): Promise<Company> {
  const actor = useUser();
  requireCompanyRight(actor, "create");
  const fields = parse(CreateCompanyInput, input);
  const definitions = await loadDefinitions("company");
  const custom = await validateCustomValues("company", fields.custom, { partial: false, definitions });
  const managerIds = fields.managerIds ?? [actor.userId];
  if (fields.managerIds) await checkManagers(actor, managerIds);
  const now = new Date().toISOString();
  const company: StoredCompany = {
    companyId: options.companyId !== undefined ? parseId(options.companyId) : ulid(),
    name: fields.name,
    ...(fields.shortName !== undefined ? { shortName: fields.shortName } : {}),
    phones: fields.phones ?? [],
    emails: fields.emails ?? [],
    ...(fields.website !== undefined ? { website: fields.website } : {}),
    ...(fields.address !== undefined ? { address: fields.address } : {}),
    tags: fields.tags ?? [],
    custom,
    managerIds,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const changes = rowChanges(undefined, company);
  requireTransactionFits(1 + tagDeltaCount([], company.tags), changes, company);
  const { service } = useStorage();
  // Company, its index rows and its tag counts: one TransactWriteItems.
  await writeVersioned(async () =>
    committed(
      await service.transaction
        .write((tx) => [
          tx.company.create(company).commit(),
          ...indexWrites(tx, changes),
          ...tagCountChanges(tx, "company", [], company.tags),
        ])
        .go(),
    ),
  );
  return present(company, definitions);
}

/**
 * The summary contacts keep of a company the actor may see (one GetItem), or undefined when it
 * is missing, in the trash or not visible: the contact side cannot tell these apart.
 */
export async function summaryFor(companyId: string): Promise<CompanySummary | undefined> {
  if (!v.is(UlidField, companyId)) return undefined;
  const item = await loadRaw(companyId);
  if (!item || item.deletedAt || !canSeeCompany(useActor(), item)) return undefined;
  return { companyId: item.companyId, name: item.name, ...(item.shortName !== undefined ? { shortName: item.shortName } : {}) };
}

/** Activities the company card carries; older ones page through `GET /v1/companies/{id}/timeline`. */
export const CARD_TIMELINE_PAGE = 20;

/** A line of the company's timeline (see timeline/company-activity.entity.ts). */
export interface CompanyTimelineItem {
  companyId: string;
  activityId: string;
  kind: "note" | "call";
  at: string;
  actorId: string;
  text?: string;
  call?: Record<string, unknown>;
}

export type CompanyCard = Company & { timeline: Page<CompanyTimelineItem> };

/** Cursor context of the company timeline: the card's cursor pages on in `Timeline.listForCompany`. */
export const companyTimelineContext = (companyId: string) => `companyTimeline:${companyId}`;

/** The company card: the company row + its newest activities, from ONE Query on its partition. */
export async function get(companyId: string): Promise<CompanyCard> {
  const actor = useActor();
  requireCompanyRight(actor, "read");
  const id = parseId(companyId);
  const { service } = useStorage();
  // Descending: `$companycard#company_1` sorts after every `$companycard#activityofcompany_1#…`.
  const [result, definitions] = await Promise.all([
    service.collections.companyCard({ companyId: id }).go({ order: "desc", limit: CARD_TIMELINE_PAGE + 1 }),
    // Cached (10 s per process), as for the contact card, so a warm card read is one request.
    cachedDefinitions("company"),
  ]);
  const item = result.data.company[0] as StoredCompany | undefined;
  if (!item || item.deletedAt || !canSeeCompany(actor, item)) throw new NotFoundError("Company");
  const items = (result.data.companyActivity as CompanyTimelineItem[]).sort((a, b) => (a.activityId < b.activityId ? 1 : -1));
  return { ...present(item, definitions), timeline: { items, cursor: encodeCursor(result.cursor, companyTimelineContext(id)) } };
}

/**
 * A page of the companies the user may see (admins all, others those they manage), filtered by
 * name search, manager and tag, sorted by name, created or updated: see find.ts.
 */
export async function list(input: FindCompaniesInput): Promise<CompanyPage> {
  return findCompanies(input);
}

export async function update(companyId: string, expectedVersion: number, input: UpdateCompanyInput): Promise<Company> {
  const actor = useActor();
  requireCompanyRight(actor, "update");
  const id = parseId(companyId);
  const changes = parse(UpdateCompanyInput, input);
  const [current, definitions] = await Promise.all([loadVisible(id), loadDefinitions("company")]);
  if (current.version !== expectedVersion) throw new VersionConflictError(current.version);
  // Also drops stored values of removed definitions, so they leave with the record's next write.
  const custom = await validateCustomValues("company", changes.custom ?? {}, { partial: true, current: current.custom, definitions });
  if (changes.managerIds) await checkManagers(actor, changes.managerIds, current.managerIds);

  const optional = <K extends "shortName" | "website" | "address">(key: K) =>
    changes[key] === null ? undefined : (changes[key] ?? current[key]);
  const next: StoredCompany = {
    ...current,
    name: changes.name ?? current.name,
    shortName: optional("shortName"),
    website: optional("website"),
    address: optional("address"),
    phones: changes.phones ?? current.phones,
    emails: changes.emails ?? current.emails,
    tags: changes.tags ?? current.tags,
    custom,
    managerIds: changes.managerIds ?? current.managerIds,
    version: current.version + 1,
    updatedAt: new Date().toISOString(),
  };
  const cleared = (["shortName", "website", "address"] as const).filter((key) => next[key] === undefined && current[key] !== undefined);
  for (const key of cleared) delete next[key];
  const set = {
    name: next.name,
    phones: next.phones,
    emails: next.emails,
    tags: next.tags,
    custom: next.custom ?? {},
    managerIds: next.managerIds,
    version: next.version,
    updatedAt: next.updatedAt,
    ...(next.shortName !== undefined ? { shortName: next.shortName } : {}),
    ...(next.website !== undefined ? { website: next.website } : {}),
    ...(next.address !== undefined ? { address: next.address } : {}),
  };
  const indexChanges = rowChanges(current, next);
  requireTransactionFits(1 + tagDeltaCount(current.tags, next.tags), indexChanges, next);

  const { service } = useStorage();
  await writeVersioned(async () =>
    committed(
      await service.transaction
        .write((tx) => [
          tx.company
            .patch({ companyId: id })
            .set(set)
            .remove([...cleared])
            .composite({ scope: "companies" })
            .where(({ version, deletedAt }, { eq, notExists }) => `${eq(version, expectedVersion)} AND ${notExists(deletedAt)}`)
            .commit(),
          // Every index row carries the list columns (version, updatedAt…), so all are rewritten.
          ...indexWrites(tx, indexChanges),
          ...tagCountChanges(tx, "company", current.tags, next.tags),
        ])
        .go(),
    ),
  );

  if (next.name !== current.name || next.shortName !== current.shortName) {
    await notifySummaryChanged({ companyId: id, name: next.name, ...(next.shortName !== undefined ? { shortName: next.shortName } : {}) });
  }
  return present(next, definitions);
}

/**
 * The company is saved already; a failed refresh of its contacts' copies must not turn that
 * into an error (the client would retry a write that happened). Logged for an operator.
 */
async function notifySummaryChanged(summary: CompanySummary): Promise<void> {
  try {
    await useCompanyHooks().onCompanySummaryChanged(summary.companyId, summary);
  } catch (error) {
    log.error("refreshing the company summary on its contacts failed", { companyId: summary.companyId, error });
  }
}

/** To the trash: list keys (sparse indexes) and manager rows go, tag counts drop, 30 days to restore. */
export async function remove(companyId: string): Promise<void> {
  const actor = useActor();
  requireCompanyRight(actor, "delete");
  const id = parseId(companyId);
  const current = await loadVisible(id);
  const now = new Date();
  const expiresAt = Math.floor(now.getTime() / 1000) + TRASH_RETENTION_DAYS * 24 * 3600;
  const changes = rowChanges(current, undefined);
  const { service } = useStorage();
  await writeVersioned(async () =>
    committed(
      await service.transaction
        .write((tx) => [
          tx.company
            .patch({ companyId: id })
            .set({ deletedAt: now.toISOString(), expiresAt, version: current.version + 1, updatedAt: now.toISOString() })
            .composite({ scope: "companies" })
            .where(({ version, deletedAt }, { eq, notExists }) => `${eq(version, current.version)} AND ${notExists(deletedAt)}`)
            .commit(),
          ...indexWrites(tx, changes),
          ...tagCountChanges(tx, "company", current.tags, []),
        ])
        .go(),
    ),
  );
}

export async function restore(companyId: string): Promise<Company> {
  const actor = useActor();
  requireCompanyRight(actor, "restore");
  const id = parseId(companyId);
  const [current, definitions] = await Promise.all([loadRaw(id), loadDefinitions("company")]);
  if (!current || !canSeeCompany(actor, current)) throw new NotFoundError("Company");
  if (!current.deletedAt) return present(current, definitions);
  if (current.expiresAt !== undefined && current.expiresAt * 1000 <= Date.now()) {
    throw new GoneError("This company left the trash for good after 30 days and cannot be restored.");
  }
  const restored: StoredCompany = { ...current, version: current.version + 1, updatedAt: new Date().toISOString() };
  delete restored.deletedAt;
  delete restored.expiresAt;
  const changes = rowChanges(undefined, restored);
  requireTransactionFits(1 + tagDeltaCount([], restored.tags), changes, restored);
  const { service } = useStorage();
  await writeVersioned(async () =>
    committed(
      await service.transaction
        .write((tx) => [
          tx.company
            .patch({ companyId: id })
            .set({ version: restored.version, updatedAt: restored.updatedAt })
            .remove(["deletedAt", "expiresAt"])
            .composite({ scope: "companies" })
            .where(({ version }, { eq }) => eq(version, current.version))
            .commit(),
          ...indexWrites(tx, changes),
          ...tagCountChanges(tx, "company", [], restored.tags),
        ])
        .go(),
    ),
  );
  return present(restored, definitions);
}

/** The admins' company trash, newest deletion first; entries past their 30 days are left out. */
export async function listTrash(input: ListCompaniesInput): Promise<Page<CompanyListItem & { deletedAt: string }>> {
  const actor = useUser();
  requireCompanyRight(actor, "restore");
  const { limit, cursor } = parse(ListCompaniesInput, input);
  const { service } = useStorage();
  const nowSeconds = Math.floor(Date.now() / 1000);
  const page = await service.entities.company.query
    .trash({ scope: "companies" })
    .where(({ expiresAt }, { gt }) => gt(expiresAt, nowSeconds))
    .go({ limit, cursor: decodeCursor(cursor, "companies:trash") ?? null, order: "desc" });
  return {
    items: (page.data as StoredCompany[]).map((item) => ({ ...listItem(item), deletedAt: item.deletedAt! })),
    cursor: encodeCursor(page.cursor, "companies:trash"),
  };
}

/**
 * A page of the contacts linked to a company the actor may see (404 otherwise), in any number
 * of pages (no cap). The read itself is the contact side's `byCompany` index, bound through
 * `registerCompanyHooks({ contactsOfCompany })`.
 */
export async function listCompanyContacts(companyId: string, input: ListCompaniesInput): Promise<Page<unknown>> {
  const actor = useUser();
  requireCompanyRight(actor, "read");
  const id = parseId(companyId);
  const { limit, cursor } = parse(ListCompaniesInput, input);
  const context = `companies:${id}:contacts`;
  const decoded = decodeCursor(cursor, context) ?? null;
  await loadVisible(id);
  const source = useCompanyHooks().contactsOfCompany;
  if (!source) throw new Error("No contact source is bound: call registerCompanyHooks({ contactsOfCompany }) at start-up.");
  const page = await source(id, { limit, cursor: decoded });
  return { items: page.items, cursor: encodeCursor(page.cursor, context) };
}
