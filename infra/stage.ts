/**
 * Stage rules: the ONE place that decides how a stage differs from another.
 * Everything stage-dependent in infra/ asks this module; no stack compares stage names itself.
 */
import type { BuildOptions } from "esbuild";
import type { App, FunctionProps, NodeJSProps } from "sst/constructs";
import { RemovalPolicy } from "aws-cdk-lib";

export const PROD_STAGE = "prod";

/** Only `prod` holds real data. Every other stage (dev, personal, pr-123) is disposable. */
export function isProd(stage: string): boolean {
  return stage === PROD_STAGE;
}

/** RETAIN keeps the data when a stack or resource is removed; DESTROY cleans a throwaway stage. */
export function removalPolicy(stage: string): RemovalPolicy {
  return isProd(stage) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
}

/** Point-in-time recovery (35 days of continuous backups) for data that matters. */
export function pointInTimeRecovery(stage: string): boolean {
  return isProd(stage);
}

type LogRetention = NonNullable<FunctionProps["logRetention"]>;

/** CloudWatch log retention of every function. */
export function logRetention(stage: string): LogRetention {
  return isProd(stage) ? "three_months" : "one_week";
}

/**
 * Applies the app-wide rules. Non-prod: every resource is destroyed with its stack (SST applies
 * this in `app.finish()`, i.e. on `sst deploy`). Prod keeps CDK's own per-resource defaults, and
 * data resources set RETAIN explicitly (see storage.ts), so prod never depends on a default.
 */
export function applyStageRules(app: App): void {
  if (!isProd(app.stage)) app.setDefaultRemovalPolicy("destroy");
}

/**
 * Lambda runtime facts shared by the SST defaults and by anyone bundling the same code by hand.
 */
export const lambdaRuntime = "nodejs22.x" as const;
export const lambdaArchitecture = "arm_64" as const;

/**
 * The `require` shim SST itself prepends to every ESM bundle (CommonJS dependencies that call
 * `require` keep working). SST adds it on its own; plain esbuild users need it spelled out.
 */
const esmRequireShim = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
].join("\n");

/**
 * The one definition of how Lambda code is bundled, as plain esbuild options. The benchmark
 * (scripts/bench.ts) bundles `packages/functions/src/api/lambda.ts` with exactly these options
 * (add `entryPoints` and `outfile`); `lambdaBundling` below derives SST's settings from it.
 *
 * The AWS SDK is bundled too, although the nodejs22.x runtime ships v3: resolving the SDK's
 * hundreds of files from node_modules alone took 114 ms in a fresh Node. With splitting, the
 * tree-shaken SDK, ElectroDB and libphonenumber-js sit in chunks of their own that the first
 * request touching the table loads (`storageReady()`, packages/core/src/storage/libraries.ts);
 * `npm run bench` prints the import alone and import + a first card read's loads.
 */
/**
 * Build-time swaps for the Lambda bundles: credentials come from the environment only (the SDK's
 * default chain is swapped for that one source), ElectroDB's load-time model validation is
 * skipped, and the DynamoDB packages export only the commands we send (see
 * packages/functions/src/runtime/).
 */
export const lambdaAliases = {
  "@aws-sdk/credential-provider-node": "./packages/functions/src/runtime/lambda-credentials.ts",
  // ElectroDB's model check; the same models are checked unbundled by every test run.
  jsonschema: "./packages/functions/src/runtime/model-validator.ts",
  // Only the document commands ElectroDB and our code send (ElectroDB requires the package whole).
  "@aws-sdk/lib-dynamodb": "./packages/functions/src/runtime/lib-dynamodb.mjs",
  "@aws-sdk/client-dynamodb": "./packages/functions/src/runtime/client-dynamodb.mjs",
} as const;

/** Packages installed into the Lambda package instead of bundled (they load data files by path). */
export const runtimePackages = ["libphonenumber-geo-carrier"] as const;

export const apiEsbuildOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  mainFields: ["module", "main"],
  minify: true,
  sourcemap: false,
  keepNames: false,
  legalComments: "none",
  // Reads its time-zone tables from its own files at run time, so it ships as a package.
  external: [...runtimePackages] as string[],
  alias: { ...lambdaAliases },
  banner: { js: esmRequireShim },
} as const satisfies BuildOptions;

/**
 * SST `Function` bundling (`nodejs` prop), derived from `apiEsbuildOptions`. SST itself sets
 * entryPoints, outfile, bundle, platform, format-specific mainFields and the ESM require shim;
 * the rest is passed through `esbuild` and overrides SST's own choices.
 */
export const lambdaBundling: NodeJSProps = {
  format: apiEsbuildOptions.format,
  // Dynamic imports stay in chunks of their own, out of the cold start (issue 17): rarely used
  // routes (CSV import/export, merges, the OpenAPI document) until their first request, the
  // table's libraries (ElectroDB, the DynamoDB client, the phone parser, the SigV4 signer) until
  // the first request that may touch the table (storage/libraries.ts).
  splitting: true,
  minify: apiEsbuildOptions.minify,
  sourcemap: apiEsbuildOptions.sourcemap,
  install: [...runtimePackages],
  esbuild: {
    target: apiEsbuildOptions.target,
    mainFields: [...apiEsbuildOptions.mainFields],
    keepNames: apiEsbuildOptions.keepNames,
    legalComments: apiEsbuildOptions.legalComments,
    external: [...apiEsbuildOptions.external],
    alias: { ...apiEsbuildOptions.alias },
  },
};

/** Default props of every SST Function in the app, for a given stage. */
export function defaultFunctionProps(stage: string): FunctionProps {
  return {
    runtime: lambdaRuntime,
    architecture: lambdaArchitecture,
    nodejs: lambdaBundling,
    logRetention: logRetention(stage),
  };
}

/**
 * CONSOLE_ORIGINS (comma-separated): extra console origins (a custom domain). The console's own
 * CloudFront origin is wired in the same deploy through an SSM parameter (infra/console-origin.ts);
 * `["*"]` when none is set (callers drop it: see extraConsoleOrigins).
 */
export function consoleOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const pinned = env.CONSOLE_ORIGINS?.split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  return pinned && pinned.length > 0 ? pinned : ["*"];
}
