/**
 * Everything the API loads after its cold start, behind one split point (lazy/index.ts): the
 * feature groups, the CSV engines and the table's libraries and entities.
 */
export * as Records from "./records";
export * as Calling from "./calling";
export * as Intake from "./intake";
export * as FileJobs from "./file-jobs";
export * as TableLibraries from "../storage/library-exports";
