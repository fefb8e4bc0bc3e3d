/**
 * Creating, reading a summary of, listing and changing companies: each write is one
 * TransactWriteItems with the company's index rows and tag counts (see docs/access-patterns.md).
 */
import * as v from "valibot";
import { ulid } from "ulid";
import { useActor, useUser } from "../actor";
import { UlidField } from "../contacts/fields";
import { loadDefinitions, validateCustomValues } from "../custom-fields/custom-fields";
import { VersionConflictError } from "../errors";
import { useStorage } from "../storage";
import { committed } from "../storage/transaction";
import { tagCountChanges } from "../tags/tags";
import { parse } from "../validation";
import { canSeeCompany, requireCompanyRight } from "./access";
import { findCompanies, type CompanyPage, type FindCompaniesInput } from "./find";
import { useCompanyHooks, type CompanySummary } from "./hooks";
import { rowChanges } from "./index-rows";
import { tagDeltaCount } from "../listing";
import { log } from "../runtime/observability";
import { CreateCompanyInput, present, UpdateCompanyInput, type Company, type StoredCompany } from "./schemas";
import { checkManagers, indexWrites, loadRaw, loadVisible, parseId, requireTransactionFits, writeVersioned } from "./rows";

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
