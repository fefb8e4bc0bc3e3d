import { handle } from "hono/aws-lambda";
import { compose } from "@callboard/core/compose";
import { configurePortsFromEnv } from "../call-lists/ports-from-env";
import { configureJobRunner } from "@callboard/core/jobs/registry";
import { createSqsJobRunner } from "../jobs/sqs-runner";
import { createApiApp } from "./app";
import { withObservability } from "../runtime/log";

// The composition root of the API Lambda: core's seams, then this environment's ports.
compose();
configurePortsFromEnv();
// Imports and exports run on the jobs queue (infra/jobs.ts).
if (process.env.JOBS_QUEUE_URL) configureJobRunner(createSqsJobRunner(process.env.JOBS_QUEUE_URL));

// JSON logs with the request ID, metrics flushed per invocation (runtime/log.ts).
export const handler = withObservability(handle(createApiApp()));
