/**
 * `npm run migrate` applies the data migrations a table has not seen yet (see
 * packages/core/src/storage/migrations.ts); `npm start` does this by itself. For a deployed
 * stage: `TABLE_NAME=<the stage's table> AWS_PROFILE=… npm run migrate`; against DynamoDB Local
 * add `DYNAMODB_ENDPOINT=http://localhost:8005`. Idempotent: safe to run again.
 */
import { configureStorage } from "../packages/core/src/storage";
import { storageReady } from "../packages/core/src/storage/ready";
import { runMigrations } from "../packages/core/src/storage/migrations";

const tableName = process.env.TABLE_NAME;
if (!tableName) {
  console.error("Set TABLE_NAME to the table to migrate (see the stage's outputs).");
  process.exit(2);
}
await storageReady();
configureStorage({ tableName, ...(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}) });
const { version, ran } = await runMigrations((line) => console.log(line));
console.log(ran.length ? `Table ${tableName} is at migration ${version}.` : `Table ${tableName} was already at migration ${version}; nothing to do.`);
