/**
 * How one company is loaded, checked and written: the listing engine's transaction helpers
 * (listing/) bound to the company's index rows, the visibility check, the manager rules.
 */
import { useActor, type Actor } from "../actor";
import { NotFoundError, ValidationError } from "../errors";
import { Users } from "../users";
import { canSeeCompany, companyRoleHas } from "./access";
import { companyIndexEntities, heaviestField, type IndexedCompany, type RowChanges } from "./index-rows";
import { indexWrites as engineIndexWrites, loadRaw as loadEngineRaw, MAX_TRANSACTION_ITEMS, parseId as parseEngineId, requireTransactionFits as requireFits, versionChecked } from "../listing";
import { type StoredCompany } from "./schemas";

/** DynamoDB takes at most 100 items in one TransactWriteItems. */
export { MAX_TRANSACTION_ITEMS };

/** The company index rows' writes of one transaction (see index-rows.ts). */
export const indexWrites = (tx: unknown, changes: RowChanges) => engineIndexWrites(tx, companyIndexEntities, changes) as never[];

/**
 * Refuses (422, nothing written) a company write whose transaction would exceed DynamoDB's
 * limit (many managers × many tags); names the input field that contributes most rows.
 */
export const requireTransactionFits = (otherItems: number, changes: RowChanges, company: IndexedCompany) =>
  requireFits(otherItems, changes, () => heaviestField(company));

export const parseId = (companyId: unknown) => parseEngineId(companyId, "companyId", "company");
export const loadRaw = (companyId: string) => loadEngineRaw<StoredCompany>("company", { companyId });

/** A live company the actor may see, else NotFound (never Forbidden: nothing leaks). */
export async function loadVisible(companyId: string): Promise<StoredCompany> {
  const item = await loadRaw(companyId);
  if (!item || item.deletedAt || !canSeeCompany(useActor(), item)) throw new NotFoundError("Company");
  return item;
}

/**
 * Non-admins must stay among the responsible managers (else they would lose the company they
 * are editing); every manager must be an existing, active user (one BatchGetItem), except the
 * company's current managers (`kept`), who stay even if deactivated since.
 */
export async function checkManagers(actor: Actor, managerIds: string[], kept: readonly string[] = []): Promise<void> {
  if (actor.type === "user" && !companyRoleHas(actor.role, "assignAnyone") && !managerIds.includes(actor.userId)) {
    throw new ValidationError([{ field: "managerIds", message: "Keep yourself among the responsible managers (an admin can assign others alone)." }]);
  }
  await Users.requireAssignable(managerIds, (index) => `managerIds[${index}]`, { kept });
}

/**
 * Runs a company transaction: retried while other writes contend for the same tag counts, a
 * failed version condition is a 412, and contention that outlasts the retries a 409.
 */
export const writeVersioned = async (write: () => Promise<unknown>): Promise<void> => {
  await versionChecked(write);
};
