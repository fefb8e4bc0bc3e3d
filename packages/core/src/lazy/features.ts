/** Every lazily loaded feature group (lazy/index.ts), behind one split point. */
export * as Records from "./records";
export * as Calling from "./calling";
export * as Intake from "./intake";
