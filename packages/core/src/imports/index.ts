export * as Imports from "./imports";
export * as Exports from "./exports";
export { importFields, exportFlavours, type ImportField } from "./fields";
export { detectMapping, detectFlavour } from "./columns";

export { registerImportJobs } from "./jobs";
