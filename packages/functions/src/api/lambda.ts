import { handle } from "hono/aws-lambda";
import { configurePortsFromEnv } from "../call-lists/ports-from-env";
import { Jobs } from "@callboard/core/jobs";
import { createSqsJobRunner } from "../jobs/sqs-runner";
import { createApiApp } from "./app";
import { withObservability } from "../runtime/log";

configurePortsFromEnv();
// Imports and exports run on the jobs queue (infra/jobs.ts).
if (process.env.JOBS_QUEUE_URL) Jobs.configureJobRunner(createSqsJobRunner(process.env.JOBS_QUEUE_URL));

// JSON logs with the request ID, metrics flushed per invocation (runtime/log.ts).
export const handler = withObservability(handle(createApiApp()));
