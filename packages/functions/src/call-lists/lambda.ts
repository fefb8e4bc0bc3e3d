import "@callboard/core/runtime/polyfills";
import { configurePortsFromEnv } from "./ports-from-env";
import { runStep } from "./steps";
import { withObservability } from "../runtime/log";

configurePortsFromEnv();

/** Every Task state of the call-list engine invokes this one function with `{ step, … }`. */
export const handler = withObservability((event: unknown, _context: { awsRequestId?: string } | undefined) => runStep(event));
