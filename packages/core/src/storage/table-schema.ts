/**
 * The single table's physical layout. Shared by the CDK stack (infra/storage.ts), the local
 * host's table bootstrap and the test fixtures, so the three can never drift apart.
 */
export const TableSchema = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Epoch seconds; DynamoDB TTL deletes the item some time after it (up to two days late). */
  ttlAttribute: "expiresAt",
  /** Generic GSIs; entities map their named access patterns (byOwner, byPhone, …) onto them. */
  globalIndexes: [
    { indexName: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    { indexName: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
    { indexName: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
    { indexName: "gsi4", partitionKey: "gsi4pk", sortKey: "gsi4sk" },
    { indexName: "gsi5", partitionKey: "gsi5pk", sortKey: "gsi5sk" },
    { indexName: "gsi6", partitionKey: "gsi6pk", sortKey: "gsi6sk" },
  ],
} as const;

export type GlobalIndexName = (typeof TableSchema.globalIndexes)[number]["indexName"];
