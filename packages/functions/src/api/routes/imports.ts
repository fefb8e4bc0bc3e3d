import { Hono } from "hono";
import { CreateImportInput, ExportInput, PreviewInput, StartImportInput } from "@callboard/core/imports/schemas";
import { loadFileJobs } from "@callboard/core/lazy/index";
import type { ApiEnv } from "../auth";
import { jsonBody } from "../body";
import { csv as csvFile, describe, json, locationHeader, problems } from "../describe";
import { ImportCreatedView, ImportPreviewView, ImportUploadedView } from "../schemas/imports";
import { JobView } from "../schemas/jobs";

// Rarely used and heavy (csv-parse, csv-stringify, the import planner): loaded by the first
// request that needs them, outside the API's entry chunk (issue 17).
const loadImports = async () => (await loadFileJobs()).Imports;
const loadExports = async () => (await loadFileJobs()).Exports;

const csvDownload = (fileName: string) => ({
  "content-type": "text/csv; charset=utf-8",
  "content-disposition": `attachment; filename="${fileName.replace(/[^\w.-]+/g, "_")}"`,
});

export const importRoutes = new Hono<ApiEnv>()
  .post(
    "/",
    describe({
      summary: "Start a CSV import: where to PUT the file (a presigned S3 URL on AWS, else PUT /v1/imports/{importId}/file); at most 20 MB and 100,000 rows",
      responses: { 201: json("Created", ImportCreatedView, locationHeader), ...problems(400, 401, 403, 413, 415) },
    }),
    jsonBody(CreateImportInput),
    async (c) => {
      const Imports = await loadImports();
      const created = await Imports.create(c.req.valid("json"));
      const uploadUrl = created.uploadUrl ?? new URL(`/v1/imports/${created.importId}/file`, c.req.url).toString();
      c.header("location", `/v1/imports/${created.importId}`);
      return c.json({ ...created, upload: { method: "PUT" as const, url: uploadUrl, headers: { "content-type": "text/csv" } } }, 201);
    },
  )
  /** The local upload (no S3): the raw file is the body, 20 MB at most (app.ts). */
  .put(
    "/:importId/file",
    describe({
      summary: "Upload the CSV (servers without S3); the raw file is the body",
      requestBody: { required: true, content: { "text/csv": { schema: { type: "string" } } } },
      responses: { 200: json("Read: rows, encoding, delimiter", ImportUploadedView), ...problems(400, 401, 404, 413) },
    }),
    async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const Imports = await loadImports();
      return c.json(await Imports.upload(c.req.param("importId"), bytes));
    },
  )
  .post(
    "/:importId/preview",
    describe({
      summary:
        "Dry run of the first 20 rows: columns, fields, `dropped` values, errors, company match and duplicates; `mapping` overrides the detection",
      responses: { 200: json("Preview", ImportPreviewView), ...problems(400, 401, 404, 409, 415) },
    }),
    jsonBody(PreviewInput),
    async (c) => {
      const Imports = await loadImports();
      return c.json(await Imports.preview(c.req.param("importId"), c.req.valid("json")));
    },
  )
  .post(
    "/:importId/start",
    describe({
      summary: "Process the file in the background; `duplicates`: skip, update or create. The job has the import's ID",
      responses: { 202: json("The job", JobView, locationHeader), ...problems(400, 401, 404, 409, 415) },
    }),
    jsonBody(StartImportInput),
    async (c) => {
      const Imports = await loadImports();
      const job = await Imports.start(c.req.param("importId"), c.req.valid("json"));
      c.header("location", `/v1/jobs/${job.jobId}`);
      return c.json(job, 202);
    },
  )
  .get(
    "/:importId/report",
    describe({
      summary: "CSV of the rows rejected, skipped or imported with lost values, with their cells",
      responses: { 200: csvFile("The report"), ...problems(400, 401, 404) },
    }),
    async (c) => {
      const Imports = await loadImports();
      const { fileName, csv } = await Imports.report(c.req.param("importId"));
      return c.body(csv, 200, csvDownload(fileName));
    },
  );

export const exportRoutes = new Hono<ApiEnv>()
  /** 200 text/csv for a list up to 1,000 contacts; else 202 with the export job. */
  .post(
    "/",
    describe({
      summary: "Export your visible contacts (optionally by `filter`) with the columns an import reads: the CSV at once up to 1,000 rows, else 202 with a job",
      responses: { 200: csvFile("The CSV"), 202: json("The export job", JobView, locationHeader), ...problems(400, 401, 415) },
    }),
    jsonBody(ExportInput),
    async (c) => {
      const Exports = await loadExports();
      const result = await Exports.exportContacts(c.req.valid("json"));
      if (result.kind === "file") return c.body(result.csv, 200, csvDownload("contacts.csv"));
      c.header("location", `/v1/jobs/${result.job.jobId}`);
      return c.json(result.job, 202);
    },
  )
  .get(
    "/:jobId/file",
    describe({ summary: "The finished export job's CSV", responses: { 200: csvFile("The CSV"), ...problems(400, 401, 404, 409) } }),
    async (c) => {
      const Exports = await loadExports();
      const bytes = await Exports.download(c.req.param("jobId"));
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, csvDownload("contacts.csv"));
    },
  );
