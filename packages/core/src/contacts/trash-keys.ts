import { ScanCommand } from "../storage/libraries";
import { useStorage } from "../storage";
import { pairSides } from "./duplicate.entity";

/**
 * Migration: duplicate pairs and access requests written before they had per-contact keys get
 * them (`byFirst`/`bySecond`, `byContact`), so the trash jobs find them. Such rows are found by
 * nothing but a Scan, which is fine for a migration (`npm run migrate`), never for a request.
 * Rows are put again through their entity, which writes every key; a re-run finds none left.
 */
export async function addContactKeysToPairsAndRequests(): Promise<number> {
  const { clients, table, service } = useStorage();
  let rewritten = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await clients.doc.send(
      // scan-allowed: migration 4 only (`npm run migrate`); rows without per-contact keys have no index to query.
      new ScanCommand({
        TableName: table,
        FilterExpression: "(#entity = :pair OR #entity = :request) AND attribute_not_exists(#gsi1pk)",
        ExpressionAttributeNames: { "#entity": "__edb_e__", "#gsi1pk": "gsi1pk" },
        ExpressionAttributeValues: { ":pair": "duplicatePair", ":request": "accessRequest" },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const attributes = Object.fromEntries(Object.entries(item).filter(([name]) => !/^(pk|sk|gsi\d(pk|sk)|__edb_[ev]__)$/.test(name)));
      if (item.__edb_e__ === "duplicatePair") await service.entities.duplicatePair.put({ ...attributes, ...pairSides(String(item.pairId)) } as never).go();
      else await service.entities.accessRequest.put(attributes as never).go();
      rewritten++;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return rewritten;
}
