import "@callboard/core/runtime/polyfills";
import { Jobs } from "@callboard/core/jobs";
import { compose } from "@callboard/core/compose";
import { storageReady } from "@callboard/core/storage/ready";
import { createSqsJobRunner } from "./sqs-runner";
import { createWorker } from "./worker";
import { withObservability } from "../runtime/log";

// The composition root of the jobs Lambda: core's seams and job kinds, then the queue.
compose();
// Every invocation of this function touches the table: its libraries load with the module (storage/libraries.ts).
await storageReady();
const runner = createSqsJobRunner(process.env.JOBS_QUEUE_URL!);
Jobs.configureJobRunner(runner);

export const handler = withObservability(createWorker(runner));
