import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDBClient,
  type GlobalSecondaryIndexDescription,
} from "@aws-sdk/client-dynamodb";
import { TableSchema } from "./table-schema";

const projectAll = { ProjectionType: "ALL" } as const;

function indexDefinition(index: (typeof TableSchema.globalIndexes)[number]) {
  return {
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: "HASH" as const },
      { AttributeName: index.sortKey, KeyType: "RANGE" as const },
    ],
    Projection: projectAll,
  };
}

const attributeDefinitions = [
  { AttributeName: TableSchema.partitionKey, AttributeType: "S" as const },
  { AttributeName: TableSchema.sortKey, AttributeType: "S" as const },
  ...TableSchema.globalIndexes.flatMap((index) => [
    { AttributeName: index.partitionKey, AttributeType: "S" as const },
    { AttributeName: index.sortKey, AttributeType: "S" as const },
  ]),
];

/**
 * Creates the table, or adds the indexes a newer version of the schema has, so `npm start`
 * works on an old `.data/` folder. In AWS the CDK stack owns the table; this is local only.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<"created" | "updated" | "unchanged"> {
  let existing: GlobalSecondaryIndexDescription[] | undefined;
  try {
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    existing = described.Table?.GlobalSecondaryIndexes ?? [];
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  if (!existing) {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: attributeDefinitions,
        KeySchema: [
          { AttributeName: TableSchema.partitionKey, KeyType: "HASH" },
          { AttributeName: TableSchema.sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: TableSchema.globalIndexes.map(indexDefinition),
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TableSchema.ttlAttribute, Enabled: true },
      }),
    );
    return "created";
  }
  const have = new Set(existing.map((index) => index.IndexName));
  const missing = TableSchema.globalIndexes.filter((index) => !have.has(index.indexName));
  for (const index of missing) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: attributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: indexDefinition(index) }],
      }),
    );
  }
  return missing.length > 0 ? "updated" : "unchanged";
}
