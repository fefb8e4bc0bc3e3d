import { handle } from "hono/aws-lambda";
import { createIssuer, redirectPolicyFromEnv } from "./issuer";

const tableName = process.env.TABLE_NAME;
if (!tableName) throw new Error("TABLE_NAME is not set");

export const handler = handle(createIssuer({ tableName, redirects: redirectPolicyFromEnv() }));
