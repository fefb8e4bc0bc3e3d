export * as Imports from "./imports";
export * as Exports from "./exports";
export { importFields, exportFlavours, detectMapping, detectFlavour, type ImportField } from "./columns";

export { registerImportJobs } from "./jobs";
