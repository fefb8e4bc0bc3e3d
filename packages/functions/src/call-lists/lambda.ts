import "@callboard/core/runtime/polyfills";
import { configurePortsFromEnv } from "./ports-from-env";
import { runStep } from "./steps";

configurePortsFromEnv();

/** Every Task state of the call-list engine invokes this one function with `{ step, … }`. */
export const handler = (event: unknown) => runStep(event);
