/**
 * Stands in for `@aws-sdk/client-dynamodb` in the Lambda bundles (esbuild alias in
 * infra/stage.ts), for the same reason as ./lib-dynamodb.mjs: once ElectroDB `require`s the
 * document client, esbuild can no longer tree-shake the package index, and all 63 commands
 * would be built at every cold start. Only the client and the item commands are re-exported.
 */
export { DynamoDBClient } from "../../../../node_modules/@aws-sdk/client-dynamodb/dist-es/DynamoDBClient.js";
export { BatchGetItemCommand } from "../../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/BatchGetItemCommand.js";
export { BatchWriteItemCommand } from "../../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/BatchWriteItemCommand.js";
export { DeleteItemCommand } from "../../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/DeleteItemCommand.js";
export { GetItemCommand } from "../../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/GetItemCommand.js";
export { PutItemCommand } from "../../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/PutItemCommand.js";
export { QueryCommand } from "../../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/QueryCommand.js";
export { ScanCommand } from "../../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/ScanCommand.js";
export { TransactGetItemsCommand } from "../../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/TransactGetItemsCommand.js";
export { TransactWriteItemsCommand } from "../../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/TransactWriteItemsCommand.js";
export { UpdateItemCommand } from "../../../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/UpdateItemCommand.js";
