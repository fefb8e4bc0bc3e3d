import { createHash } from "node:crypto";
import { QueryCommand } from "../storage/libraries";
import { useUser } from "../actor";
import { Companies } from "../companies";
import { companyRoleHas } from "../companies/access";
import { bucketOf } from "../companies/index-rows";
import { alphabetSortKey, nameSortKey } from "../listing";
import { VersionConflictError } from "../errors";
import { useStorage } from "../storage";

/**
 * Linking an import's company column to companies. The match is the exact normalized name
 * (the company list's sort name, `alphabetSortKey`: case, punctuation and spacing do not count)
 * among the companies the importer may see, read from the company name index (gsi4 of the
 * importer's `*` bucket: `begins_with(<name key>#)`, one Query). Several matches link none
 * (reported); none creates the company under an ID derived from (import, name key), so chunks
 * that run at once, or a replayed chunk, converge on one company.
 */
export type CompanyLink = { kind: "existing"; companyId: string } | { kind: "created"; companyId: string } | { kind: "ambiguous"; count: number } | { kind: "unavailable" };

export const companyNameKey = (name: string) => nameSortKey(name);

/** The visible live companies whose normalized name is exactly `name`'s (at most 10 read). */
export async function companiesNamed(name: string): Promise<string[]> {
  const actor = useUser();
  // The index stores the alphabet-ordered key (listing/text.ts alphabetSortKey): query with it.
  const key = companyNameKey(name) ? alphabetSortKey(name) : "";
  if (!key) return [];
  const audience = companyRoleHas(actor.role, "readAll") ? "all" : `manager:${actor.userId}`;
  const { clients, table } = useStorage();
  const result = await clients.doc.send(
    new QueryCommand({
      TableName: table,
      IndexName: "gsi4",
      KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
      ExpressionAttributeNames: { "#pk": "gsi4pk", "#sk": "gsi4sk" },
      ExpressionAttributeValues: { ":pk": `cox#${bucketOf(audience, "*")}`, ":prefix": `${key}#` },
      ProjectionExpression: "companyId",
      Limit: 10,
    }),
  );
  return [...new Set((result.Items ?? []).map((item) => String(item.companyId)))];
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** A ULID-shaped ID: `createdAtMs` as its time, then 80 bits of a hash of `seed`. Same seed, same ID. */
export function derivedId(seed: string, createdAtMs: number): string {
  let time = "";
  for (let ms = createdAtMs, i = 0; i < 10; i++, ms = Math.floor(ms / 32)) time = CROCKFORD[ms % 32] + time;
  const hash = createHash("sha256").update(seed).digest();
  let random = "";
  for (let i = 0; i < 16; i++) random += CROCKFORD[hash[i]! % 32];
  return time + random;
}

export const importCompanyId = (importId: string, createdAtMs: number, name: string) => derivedId(`${importId}:company:${companyNameKey(name)}`, createdAtMs);

/** What a preview says of a name: linked to one, ambiguous, or to be created. Writes nothing. */
export async function lookupCompany(name: string): Promise<{ match: "existing" | "new" | "ambiguous"; companyId?: string; count: number }> {
  const ids = await companiesNamed(name);
  if (ids.length === 1) return { match: "existing", companyId: ids[0]!, count: 1 };
  return { match: ids.length === 0 ? "new" : "ambiguous", count: ids.length };
}

/**
 * The company a row links to, creating it when no visible company has the name. Memoize per
 * chunk (one promise per name key) so a chunk asks once per name.
 */
export async function linkCompany(name: string, importId: string, createdAtMs: number): Promise<CompanyLink> {
  const ids = await companiesNamed(name);
  if (ids.length > 1) return { kind: "ambiguous", count: ids.length };
  if (ids.length === 1) return { kind: "existing", companyId: ids[0]! };
  const companyId = importCompanyId(importId, createdAtMs, name);
  try {
    await Companies.create({ name }, { companyId });
    return { kind: "created", companyId };
  } catch (error) {
    // Another chunk of this import (or this chunk's earlier run) created it: the same ID.
    // A company this import created and someone trashed since is not brought back.
    if (error instanceof VersionConflictError) return (await Companies.summaryFor(companyId)) ? { kind: "existing", companyId } : { kind: "unavailable" };
    throw error;
  }
}
