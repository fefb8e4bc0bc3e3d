/** The CSV import and export engines (lazy/index.ts `loadFileJobs`). */
export * as Imports from "../imports/imports";
export * as Exports from "../imports/exports";
