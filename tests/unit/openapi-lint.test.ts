/**
 * Redocly CLI lints the document the API serves (recommended rules): 0 errors. The document is
 * written to a temporary file and the CLI run on it, as a developer would run `redocly lint`.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createApiApp } from "../../packages/functions/src/api/app";
import { openApiDocument } from "../../packages/functions/src/api/openapi";

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
}

describe("the OpenAPI document", () => {
  it("passes `redocly lint` with 0 errors", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "openapi-lint-")), "openapi.json");
    writeFileSync(file, JSON.stringify(await openApiDocument(createApiApp())));
    // Exit code 1 when there are errors: read the report either way.
    const output = await promisify(execFile)("node_modules/.bin/redocly", ["lint", file, "--format=json"], { maxBuffer: 64 * 1024 * 1024 }).catch(
      (failure: { stdout?: string }) => ({ stdout: failure.stdout ?? "" }),
    );
    const report = JSON.parse(output.stdout.slice(output.stdout.indexOf("{"))) as LintReport;
    const errors = report.problems.filter((problem) => problem.severity === "error").map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 120_000);
});
