import { Duration } from "aws-cdk-lib";
import { BillingMode } from "aws-cdk-lib/aws-dynamodb";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Table, type StackContext, type TableProps } from "sst/constructs";
import { TableSchema } from "../packages/core/src/storage/table-schema";
import { pointInTimeRecovery, removalPolicy } from "./stage";

type TableFieldType = NonNullable<TableProps["fields"]>[string];

type KeyName =
  | typeof TableSchema.partitionKey
  | typeof TableSchema.sortKey
  | (typeof TableSchema.globalIndexes)[number]["partitionKey"]
  | (typeof TableSchema.globalIndexes)[number]["sortKey"];

/** Every key attribute of the table and its indexes is a string. */
const fields = Object.fromEntries(
  [
    TableSchema.partitionKey,
    TableSchema.sortKey,
    ...TableSchema.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ].map((name) => [name, "string" satisfies TableFieldType]),
) as Record<KeyName, TableFieldType>;

const globalIndexes = Object.fromEntries(
  TableSchema.globalIndexes.map((index) => [
    index.indexName,
    { partitionKey: index.partitionKey, sortKey: index.sortKey, projection: "all" as const },
  ]),
);

/**
 * Item-level data actions a function may need: single and batch reads, queries, writes and
 * the condition checks of TransactWriteItems. No Scan, no table management.
 */
export const tableDataActions = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:ConditionCheckItem",
] as const;

/** Least-privilege read/write on this table and its indexes (nothing else). */
export function tableDataAccess(table: Table): PolicyStatement {
  return new PolicyStatement({
    actions: [...tableDataActions],
    resources: [table.tableArn, `${table.tableArn}/index/*`],
  });
}

/** Object actions the API needs on the files bucket (contact photos): no listing, no ACLs. */
export const fileObjectActions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"] as const;

/** Read/write on the objects of the files bucket, nothing else. */
export function filesAccess(bucket: Bucket): PolicyStatement {
  return new PolicyStatement({ actions: [...fileObjectActions], resources: [bucket.arnForObjects("*")] });
}

/** The single DynamoDB table; its layout comes from packages/core's TableSchema. */
export function Storage({ stack }: StackContext) {
  const table = new Table(stack, "Table", {
    fields,
    primaryIndex: { partitionKey: TableSchema.partitionKey, sortKey: TableSchema.sortKey },
    globalIndexes,
    timeToLiveAttribute: TableSchema.ttlAttribute,
    cdk: {
      table: {
        billingMode: BillingMode.PAY_PER_REQUEST,
        // SST turns the deprecated `pointInTimeRecovery` on by default; the stage decides instead.
        pointInTimeRecovery: undefined,
        pointInTimeRecoverySpecification: {
          pointInTimeRecoveryEnabled: pointInTimeRecovery(stack.stage),
        },
        removalPolicy: removalPolicy(stack.stage),
      },
    },
  });

  // Files behind the core files port (contact photos): private, encrypted, TLS only.
  const filesBucket = new Bucket(stack, "Files", {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: removalPolicy(stack.stage),
    lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    // The console uploads CSV imports straight to a presigned URL (PUT) and downloads reports:
    // the browser needs CORS on the bucket for that. The Web stack sets it (the console's origin
    // and CONSOLE_ORIGINS, infra/console-origin.ts), so it is not declared here.
  });

  stack.addOutputs({ TableName: table.tableName, FilesBucket: filesBucket.bucketName });

  return { table, filesBucket };
}
