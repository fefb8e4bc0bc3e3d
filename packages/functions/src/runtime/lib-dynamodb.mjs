/**
 * Stands in for `@aws-sdk/lib-dynamodb` in the Lambda bundles (esbuild alias in infra/stage.ts).
 * ElectroDB `require`s the package whole, which keeps its aggregated `DynamoDBDocument` client
 * and through it every DynamoDB command (63 of them) in the bundle, all built as the module
 * loads. This re-exports only what ElectroDB and our code send; the rest is tree-shaken. The
 * paths go straight to the package's files, which the alias does not touch. A missing export
 * fails the bundle build (`tests/infra/lambda-bundle.test.ts`).
 */
export { DynamoDBDocumentClient } from "../../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/DynamoDBDocumentClient.js";
export { BatchGetCommand } from "../../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/BatchGetCommand.js";
export { BatchWriteCommand } from "../../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/BatchWriteCommand.js";
export { DeleteCommand } from "../../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/DeleteCommand.js";
export { GetCommand } from "../../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/GetCommand.js";
export { PutCommand } from "../../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/PutCommand.js";
export { QueryCommand } from "../../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/QueryCommand.js";
export { ScanCommand } from "../../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/ScanCommand.js";
export { TransactGetCommand } from "../../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/TransactGetCommand.js";
export { TransactWriteCommand } from "../../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/TransactWriteCommand.js";
export { UpdateCommand } from "../../../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/UpdateCommand.js";
