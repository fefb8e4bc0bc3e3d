/**
 * The import and export request schemas, apart from the engines: the API's routes validate with
 * these at load, and load the engines (csv-parse, csv-stringify, the import planner) only when a
 * request needs them (its entry chunk stays small, issue 17).
 */
import * as v from "valibot";
import { FindContactsInput } from "../contacts/find-input";
import { importFields } from "./fields";
import { MAX_IMPORT_BYTES } from "./limits";

export const duplicatePolicies = ["skip", "update", "create"] as const;
export type DuplicatePolicy = (typeof duplicatePolicies)[number];
export const CreateImportInput = v.strictObject(
  {
    fileName: v.pipe(v.string("Must be text."), v.trim(), v.minLength(1, "Name the file."), v.maxLength(200, "At most 200 characters.")),
    size: v.optional(v.pipe(v.number("Must be a number of bytes."), v.integer("Must be a whole number."), v.minValue(1, "The file is empty."), v.maxValue(MAX_IMPORT_BYTES, `A file is at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`))),
  },
  "Unknown field: leave it out.",
);

/** Header → field (or null to leave the column out); overrides the detection column by column. */
const MappingInput = v.optional(v.record(v.pipe(v.string(), v.maxLength(200)), v.nullable(v.picklist(importFields, `One of: ${importFields.join(", ")}, or null.`))));

export const PreviewInput = v.strictObject({ mapping: MappingInput }, "Unknown field: leave it out.");
export const StartImportInput = v.strictObject(
  {
    mapping: MappingInput,
    duplicates: v.picklist(duplicatePolicies, `One of: ${duplicatePolicies.join(", ")}.`),
  },
  "Unknown field: leave it out.",
);

/**
 * Which contacts to export: the contacts list's filter object (`findContacts`), so any list or
 * filter the console shows exports as shown. `cursor` and `limit` are the export's business;
 * the export pages by creation (a stable order while it runs).
 */
export const ExportFilter = v.omit(FindContactsInput, ["cursor", "limit"]);
export type ExportFilter = v.InferInput<typeof ExportFilter>;
export const ExportInput = v.strictObject({ filter: v.optional(ExportFilter, {}) }, "Unknown field: leave it out.");
