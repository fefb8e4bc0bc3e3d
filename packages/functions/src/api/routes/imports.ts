import { Hono } from "hono";
import { withActor } from "@callboard/core/actor";
import { CreateImportInput, ExportInput, PreviewInput, StartImportInput } from "@callboard/core/imports/schemas";
import type { ApiEnv } from "../auth";
import { jsonBody } from "../body";

// Rarely used and heavy (csv-parse, csv-stringify, the import planner): loaded by the first
// request that needs them, outside the API's entry chunk (issue 17).
const loadImports = () => import("@callboard/core/imports/imports");
const loadExports = () => import("@callboard/core/imports/exports");

const csvDownload = (fileName: string) => ({
  "content-type": "text/csv; charset=utf-8",
  "content-disposition": `attachment; filename="${fileName.replace(/[^\w.-]+/g, "_")}"`,
});

export const importRoutes = new Hono<ApiEnv>()
  .post("/", jsonBody(CreateImportInput), async (c) => {
    const Imports = await loadImports();
    const created = await withActor(c.var.actor, () => Imports.create(c.req.valid("json")));
    const uploadUrl = created.uploadUrl ?? new URL(`/v1/imports/${created.importId}/file`, c.req.url).toString();
    c.header("location", `/v1/imports/${created.importId}`);
    return c.json({ ...created, upload: { method: "PUT" as const, url: uploadUrl, headers: { "content-type": "text/csv" } } }, 201);
  })
  /** The local upload (no S3): the raw file is the body, 20 MB at most (app.ts). */
  .put("/:importId/file", async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const Imports = await loadImports();
    return c.json(await withActor(c.var.actor, () => Imports.upload(c.req.param("importId"), bytes)));
  })
  .post("/:importId/preview", jsonBody(PreviewInput), async (c) => {
    const Imports = await loadImports();
    return c.json(await withActor(c.var.actor, () => Imports.preview(c.req.param("importId"), c.req.valid("json"))));
  })
  .post("/:importId/start", jsonBody(StartImportInput), async (c) => {
    const Imports = await loadImports();
    const job = await withActor(c.var.actor, () => Imports.start(c.req.param("importId"), c.req.valid("json")));
    c.header("location", `/v1/jobs/${job.jobId}`);
    return c.json(job, 202);
  })
  .get("/:importId/report", async (c) => {
    const Imports = await loadImports();
    const { fileName, csv } = await withActor(c.var.actor, () => Imports.report(c.req.param("importId")));
    return c.body(csv, 200, csvDownload(fileName));
  });

export const exportRoutes = new Hono<ApiEnv>()
  /** 200 text/csv for a list up to 1,000 contacts; else 202 with the export job. */
  .post("/", jsonBody(ExportInput), async (c) => {
    const Exports = await loadExports();
    const result = await withActor(c.var.actor, () => Exports.exportContacts(c.req.valid("json")));
    if (result.kind === "file") return c.body(result.csv, 200, csvDownload("contacts.csv"));
    c.header("location", `/v1/jobs/${result.job.jobId}`);
    return c.json(result.job, 202);
  })
  .get("/:jobId/file", async (c) => {
    const Exports = await loadExports();
    const bytes = await withActor(c.var.actor, () => Exports.download(c.req.param("jobId")));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, csvDownload("contacts.csv"));
  });
