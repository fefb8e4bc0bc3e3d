import "@callboard/core/runtime/polyfills";
import { compose } from "@callboard/core/compose";
import { storageReady } from "@callboard/core/storage/ready";
import { configurePortsFromEnv } from "./ports-from-env";
import { runStep } from "./steps";
import { withLogContext, withObservability } from "../runtime/log";

// The composition root of the call-list Lambda: core's seams, then Step Functions and telephony.
compose();
// Every invocation of this function touches the table: its libraries load with the module (storage/libraries.ts).
await storageReady();
configurePortsFromEnv();

/** Every Task state of the call-list engine invokes this one function with `{ step, … }`. */
/** The IDs a step carries (list, run, entry, attempt, call): on every log line of the step. */
const stepIds = (event: unknown) =>
  Object.fromEntries(Object.entries((event ?? {}) as Record<string, unknown>).filter(([key, value]) => ["step", "listId", "runId", "entryId", "attempt", "callId"].includes(key) && value !== undefined));

export const handler = withObservability((event: unknown, _context: { awsRequestId?: string } | undefined) => withLogContext(stepIds(event), () => runStep(event)));
