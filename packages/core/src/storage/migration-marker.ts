import { useStorage } from ".";
import { GetCommand } from "./libraries";

/** The row where the table remembers the last data migration applied (migrations.ts writes it). */
export const MIGRATION_MARKER = { pk: "$crm#schema", sk: "$migrations" };

/** The last data migration this table has applied (0: none, or a table `npm run migrate` never saw). */
export async function appliedMigration(): Promise<number> {
  const { clients, table } = useStorage();
  const marker = await clients.doc.send(new GetCommand({ TableName: table, Key: MIGRATION_MARKER, ConsistentRead: true }));
  return Number(marker.Item?.version ?? 0);
}
