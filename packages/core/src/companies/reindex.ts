import { useStorage } from "../storage";
import { committed, isConditionFailure } from "../storage/transaction";
import { rowChangeCount, rowChanges, type IndexedCompany } from "./index-rows";

/**
 * One-off and idempotent: writes the list and search index rows (index-rows.ts) of every live
 * company written before they existed, and deletes its legacy `companyManager` rows (the old
 * "my companies" list, now the `manager:<id>|*` bucket). Pages through the `all` index (gsi2);
 * each company in one transaction, conditioned on its version, so a company changed meanwhile
 * (whose write already wrote its rows) is left alone. Not for request paths: run it once per
 * table after deploying (migration 3, `npm run migrate`; see storage/migrations.ts).
 */
export async function reindexCompanies(): Promise<{ indexed: number; changedMeanwhile: number; tooBig: string[] }> {
  const { service } = useStorage();
  const result = { indexed: 0, changedMeanwhile: 0, tooBig: [] as string[] };
  let cursor: string | null = null;
  do {
    const page: { data: unknown[]; cursor: string | null } = await service.entities.company.query.all({ scope: "companies" }).go({ cursor, limit: 100 });
    for (const company of page.data as IndexedCompany[]) {
      const changes = rowChanges(undefined, company);
      const items = 1 + rowChangeCount(changes) + company.managerIds.length;
      if (items > 100) {
        result.tooBig.push(company.companyId);
        continue;
      }
      try {
        committed(
          await service.transaction
            .write((tx) => [
              tx.company.check({ companyId: company.companyId }).where(({ version }, { eq }) => eq(version, company.version)).commit(),
              ...changes.putList.map((row) => tx.companyIndex.put(row).commit()),
              ...changes.putSearch.map((row) => tx.companySearch.put(row).commit()),
              ...company.managerIds.map((managerId) => tx.companyManager.delete({ managerId, companyId: company.companyId }).commit()),
            ])
            .go(),
        );
        result.indexed++;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        result.changedMeanwhile++;
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return result;
}
