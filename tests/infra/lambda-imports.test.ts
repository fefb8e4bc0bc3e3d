/**
 * No Lambda entry imports infra/ (issue 17): infra/ is deploy-time code (aws-cdk-lib, SST); a
 * Lambda that bundled it would carry CDK into its cold start. Each entry the stacks deploy is
 * bundled with the options SST uses, and esbuild's metafile lists every input file of the bundle.
 * The local runner may read infra/call-lists-definition (local code only): it is no Lambda entry.
 */
import { readdirSync } from "node:fs";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { apiHandler } from "../../infra/api";
import { authHandler } from "../../infra/auth";
import { stepsHandler } from "../../infra/call-lists";
import { jobsWorkerHandler } from "../../infra/jobs";
import { apiEsbuildOptions } from "../../infra/stage";

/** The files the stacks deploy as Lambda handlers (`…/lambda.handler` → `…/lambda.ts`). */
const entries = [apiHandler, authHandler, stepsHandler, jobsWorkerHandler].map((handler) => handler.replace(/\.handler$/, ".ts"));

async function infraInputs(entry: string, options: { packages?: "external" } = {}): Promise<string[]> {
  const { metafile } = await build({ ...apiEsbuildOptions, ...options, entryPoints: [entry], write: false, metafile: true, logLevel: "silent", outfile: "lambda.mjs" });
  return Object.keys(metafile.inputs).filter((input) => input.startsWith("infra/"));
}

describe("Lambda entries", () => {
  it("are every lambda.ts under packages/functions/src", () => {
    const found = readdirSync("packages/functions/src", { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith("lambda.ts"))
      .map((file) => `packages/functions/src/${file}`);
    expect(entries.sort()).toEqual(found.sort());
  });

  it("bundle no file from infra/", async () => {
    const offenders: Record<string, string[]> = {};
    for (const entry of entries) {
      const inputs = await infraInputs(entry);
      if (inputs.length) offenders[entry] = inputs;
    }
    expect(offenders).toEqual({});
  }, 120_000);

  // The check sees such an import: the local runner (no Lambda) bundles infra/call-lists-definition.
  // Packages stay external here only to keep it fast (aws-cdk-lib takes half a minute to bundle).
  it("would see an infra/ import", async () => {
    expect(await infraInputs("packages/functions/src/call-lists/local-runner.ts", { packages: "external" })).toContain("infra/call-lists-definition.ts");
  }, 60_000);
});
