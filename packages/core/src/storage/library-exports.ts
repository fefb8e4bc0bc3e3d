/**
 * What core uses of the table's libraries, loaded by `storageReady()` (storage/ready.ts) with
 * the features (core/lazy) and handed to storage/libraries.ts. Named re-exports, not
 * `import("libphonenumber-js/min")` itself: a namespace import keeps every export of a package (the phone library's formatters and as-you-type
 * parser, 40 KB more), while these let the bundler keep only what is named here.
 */
export { Entity, Service, createGetTransaction, createWriteTransaction } from "electrodb";
export { DynamoDBClient } from "@aws-sdk/client-dynamodb";
// scan-allowed: ScanCommand is for the data migrations only (migrations 4 and 7); no request path scans.
export { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand, PutCommand, UpdateCommand, BatchGetCommand, BatchWriteCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
export { parsePhoneNumberFromString } from "libphonenumber-js/min";
// The table's entities load with the libraries: one split point (storage/entities.ts).
export { entities } from "./entities";
