import { QueryCommand, TransactWriteCommand } from "../storage/libraries";
import { useStorage } from "../storage";

/** The company row's sort key before the company joined the `companyCard` collection. */
const OLD_SORT_KEY = "$company_1";
const NEW_SORT_KEY = "$companycard#company_1";

/**
 * One-off and idempotent: moves company rows written before the company card became an item
 * collection (sort key `$company_1`) to the new sort key (`$companycard#company_1`). Live companies
 * are found on the `all` index (gsi2), trashed ones on `trash` (gsi3); those index keys did not
 * change. Each row moves in one transaction (put new, delete old), so a crash leaves every company
 * readable under exactly one key. Not for request paths: run it once per table after deploying.
 */
export async function rekeyCompanyRows(): Promise<{ moved: number }> {
  const { clients, table } = useStorage();
  let moved = 0;
  for (const [index, pk, sk] of [
    ["gsi2", "gsi2pk", "gsi2sk"],
    ["gsi3", "gsi3pk", "gsi3sk"],
  ] as const) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await clients.doc.send(
        new QueryCommand({
          TableName: table,
          IndexName: index,
          KeyConditionExpression: "#pk = :pk",
          FilterExpression: "#sk = :old AND #entity = :company",
          ExpressionAttributeNames: { "#pk": pk, "#sk": "sk", "#entity": "__edb_e__" },
          ExpressionAttributeValues: { ":pk": "$crm#scope_companies", ":old": OLD_SORT_KEY, ":company": "company" },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        await clients.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: table, Item: { ...item, sk: NEW_SORT_KEY }, ConditionExpression: "attribute_not_exists(pk)" } },
              { Delete: { TableName: table, Key: { pk: item.pk, sk: OLD_SORT_KEY } } },
            ],
          }),
        );
        moved++;
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return { moved };
}
