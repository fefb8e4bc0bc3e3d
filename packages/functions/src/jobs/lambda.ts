import "@callboard/core/runtime/polyfills";
import { Jobs } from "@callboard/core/jobs";
import { compose } from "@callboard/core/compose";
import { createSqsJobRunner } from "./sqs-runner";
import { createWorker } from "./worker";
import { withObservability } from "../runtime/log";

// The composition root of the jobs Lambda: core's seams and job kinds, then the queue.
compose();
const runner = createSqsJobRunner(process.env.JOBS_QUEUE_URL!);
Jobs.configureJobRunner(runner);

export const handler = withObservability(createWorker(runner));
