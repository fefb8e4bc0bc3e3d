import * as v from "valibot";

/** What `POST /v1/imports` answers: the import and where to PUT its file. */
export const ImportCreatedView = v.object({
  importId: v.string(),
  fileName: v.string(),
  uploadUrl: v.nullable(v.string()),
  maxBytes: v.number(),
  maxRows: v.number(),
  upload: v.object({ method: v.literal("PUT"), url: v.string(), headers: v.record(v.string(), v.string()) }),
});

/** What `PUT /v1/imports/{id}/file` answers: the file as read. */
export const ImportUploadedView = v.object({ rows: v.number(), encoding: v.string(), delimiter: v.string() });

/** What `POST /v1/imports/{id}/preview` answers (core/src/imports/imports.ts `Preview`). */
export const ImportPreviewView = v.object({
  importId: v.string(),
  fileName: v.string(),
  encoding: v.string(),
  delimiter: v.string(),
  flavour: v.string(),
  totalRows: v.number(),
  columns: v.array(v.object({ index: v.number(), header: v.string(), field: v.nullable(v.string()), detected: v.nullable(v.string()), note: v.optional(v.string()) })),
  rows: v.array(
    v.object({
      row: v.number(),
      fields: v.optional(v.record(v.string(), v.unknown())),
      /** `code` and `values` as in docs/api-errors.md: the console says the reason in the reader's language. */
      errors: v.array(v.object({ field: v.string(), message: v.string(), code: v.optional(v.string()), values: v.optional(v.record(v.string(), v.unknown())) })),
      dropped: v.array(v.object({ column: v.string(), value: v.string(), reason: v.string(), code: v.optional(v.string()), values: v.optional(v.record(v.string(), v.unknown())) })),
      who: v.optional(v.string()),
      company: v.optional(v.object({ name: v.string(), column: v.string(), match: v.picklist(["existing", "new", "ambiguous"]), companyId: v.optional(v.string()) })),
      duplicateOf: v.optional(v.object({ row: v.optional(v.number()), existing: v.optional(v.boolean()) })),
    }),
  ),
});
