import { handle } from "hono/aws-lambda";
import { createIssuer, redirectPolicyFromEnv } from "./issuer";
import { withObservability } from "../runtime/log";

const tableName = process.env.TABLE_NAME;
if (!tableName) throw new Error("TABLE_NAME is not set");

export const handler = withObservability(handle(createIssuer({ tableName, redirects: redirectPolicyFromEnv() })));
