import { handle } from "hono/aws-lambda";
import { storageReady } from "@callboard/core/storage/ready";
import { createIssuer, redirectPolicyFromEnv } from "./issuer";
import { withObservability } from "../runtime/log";

const tableName = process.env.TABLE_NAME;
if (!tableName) throw new Error("TABLE_NAME is not set");

// The composition root of the issuer's Lambda: every sign-in reads the users table (the login
// throttle, the password check), so the table's libraries load with the module.
await storageReady();

export const handler = withObservability(
  handle(createIssuer({ tableName, dynamoEndpoint: process.env.DYNAMODB_ENDPOINT || undefined, redirects: redirectPolicyFromEnv() })),
);
