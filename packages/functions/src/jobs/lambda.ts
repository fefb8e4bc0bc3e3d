import "@callboard/core/runtime/polyfills";
import { Jobs } from "@callboard/core/jobs";
import "@callboard/core/wiring";
import { createSqsJobRunner } from "./sqs-runner";
import { createWorker } from "./worker";
import { withObservability } from "../runtime/log";

const runner = createSqsJobRunner(process.env.JOBS_QUEUE_URL!);
Jobs.configureJobRunner(runner);

export const handler = withObservability(createWorker(runner));
