/**
 * The company trash: delete (index rows leave, tag counts drop), restore within 30 days, and the
 * admins' trash list.
 */
import { useActor, useUser } from "../actor";
import { loadDefinitions } from "../custom-fields/custom-fields";
import { GoneError, NotFoundError } from "../errors";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { committed } from "../storage/transaction";
import { tagCountChanges } from "../tags/tags";
import { parse } from "../validation";
import { canSeeCompany, requireCompanyRight } from "./access";
import { type CompanyListItem } from "./find";
import { rowChanges } from "./index-rows";
import { tagDeltaCount } from "../listing";
import { ListCompaniesInput, listItem, present, TRASH_RETENTION_DAYS, type Company, type Page, type StoredCompany } from "./schemas";
import { indexWrites, loadRaw, loadVisible, parseId, requireTransactionFits, writeVersioned } from "./rows";

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
