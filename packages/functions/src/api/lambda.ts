import { handle } from "hono/aws-lambda";
import { configurePortsFromEnv } from "../call-lists/ports-from-env";
import { Jobs } from "@callboard/core/jobs";
import { createSqsJobRunner } from "../jobs/sqs-runner";
import { createApiApp } from "./app";

configurePortsFromEnv();
// Imports and exports run on the jobs queue (infra/jobs.ts).
if (process.env.JOBS_QUEUE_URL) Jobs.configureJobRunner(createSqsJobRunner(process.env.JOBS_QUEUE_URL));

export const handler = handle(createApiApp());
