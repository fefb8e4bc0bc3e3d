/**
 * Offline synthesis of the SST app (no AWS account, no network), following SST v2's documented
 * stack tests: `initProject` loads sst.config.ts, an SST `App` in deploy mode runs the same
 * `stacks(app)` the CLI runs, and `Template.fromStack` inspects the CloudFormation.
 *
 * Two kinds of synthesis:
 * - "built": `app.finish()` runs what `sst deploy` runs before CloudFormation: it bundles both
 *   Lambda handlers with esbuild (so the real runtime, handler and code asset appear) and applies
 *   the app-wide removal policy. The Web stack is left inactive here, because its deferred task
 *   would run `vite build` in packages/web and overwrite packages/web/dist with placeholders.
 * - "shallow": all four stacks active, no `finish()`: checks the Web stack's wiring.
 */
import fs from "node:fs";
import path from "node:path";
import { Match, Template } from "aws-cdk-lib/assertions";
import { App, getStack, use, useSites } from "sst/constructs";
import { initProject, useProject } from "sst/project.js";
import { beforeAll, describe, expect, it } from "vitest";
import { TableSchema } from "../../packages/core/src/storage/table-schema";
import { Api, apiHandler, apiThrottle } from "../../infra/api";
import { Auth, authHandler } from "../../infra/auth";
import { CallLists, stepsHandler } from "../../infra/call-lists";
import { apiEsbuildOptions, lambdaBundling } from "../../infra/stage";
import { fileObjectActions, Storage, tableDataActions } from "../../infra/storage";
import { Web } from "../../infra/web";
import { contentSecurityPolicy, cspHeaderValue } from "../../packages/functions/src/security-headers";
import config from "../../sst.config";

// SST skips its AWS look-ups (bootstrap bucket, sourcemap uploader) only under NODE_ENV=test.
process.env.NODE_ENV = "test";
// Prod needs the admin's e-mail for its alarms (infra/alarms.ts; checked in operability.test.ts).
process.env.ALARM_EMAIL ??= "ops@example.com";

const SYNTH_TIMEOUT = 60_000;

type Templates = { storage: Template; auth: Template; api: Template; callLists: Template; web: Template };
type CfnResource = {
  Type: string;
  Properties?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

async function synth(stage: string, mode: "built" | "shallow") {
  await initProject({ stage });
  const project = useProject().config;
  const app = new App({
    mode: "deploy",
    name: project.name,
    stage: project.stage,
    region: project.region,
    account: "123456789012",
    isActiveStack: mode === "built" ? (name) => !name.endsWith("-Web") : undefined,
  });
  await config.stacks(app);
  const exports = { api: use(Api), auth: use(Auth), callLists: use(CallLists), web: use(Web) };
  const stacks = {
    storage: getStack(Storage),
    auth: getStack(Auth),
    api: getStack(Api),
    callLists: getStack(CallLists),
    web: getStack(Web),
  };
  if (mode === "built") await app.finish();
  const templates: Templates = {
    storage: Template.fromStack(stacks.storage),
    auth: Template.fromStack(stacks.auth),
    api: Template.fromStack(stacks.api),
    callLists: Template.fromStack(stacks.callLists),
    web: Template.fromStack(stacks.web),
  };
  return { app, stacks, exports, templates };
}

function resourcesOf(template: Template, type?: string): [string, CfnResource][] {
  const all = Object.entries(template.toJSON().Resources as Record<string, CfnResource>);
  return type ? all.filter(([, r]) => r.Type === type) : all;
}

function theOnly(template: Template, type: string, props: object): [string, CfnResource] {
  const found = Object.entries(template.findResources(type, { Properties: props })) as [
    string,
    CfnResource,
  ][];
  expect(found, `${type} matching ${JSON.stringify(props)}`).toHaveLength(1);
  return found[0]!;
}

function functionWithEnv(template: Template, variable: string) {
  return theOnly(template, "AWS::Lambda::Function", {
    Environment: { Variables: Match.objectLike({ [variable]: Match.anyValue() }) },
  });
}

/** All IAM statements (inline policies) that mention a DynamoDB action. */
function dynamoStatements(template: Template) {
  return resourcesOf(template, "AWS::IAM::Policy").flatMap(([, policy]) =>
    (policy.Properties!.PolicyDocument.Statement as any[]).filter((s) =>
      [s.Action].flat().some((a: string) => a.startsWith("dynamodb:")),
    ),
  );
}

function policiesOfRole(template: Template, roleLogicalId: string) {
  return resourcesOf(template, "AWS::IAM::Policy")
    .filter(([, p]) => (p.Properties!.Roles as any[]).some((r) => r.Ref === roleLogicalId))
    .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement as any[]);
}

/** A cross-stack reference to the Storage stack's table ARN. */
const tableArnImport = {
  "Fn::ImportValue": Match.stringLikeRegexp("^dev-callboard-Storage:ExportsOutputFnGetAttTable\\w*Arn"),
};

function expectTableScopedGrant(template: Template, roleLogicalId: string) {
  const statements = policiesOfRole(template, roleLogicalId).filter((s) =>
    [s.Action].flat().some((a: string) => a.startsWith("dynamodb:")),
  );
  expect(statements).toHaveLength(1);
  const [statement] = statements;
  expect(statement.Effect).toBe("Allow");
  expect([...statement.Action].sort()).toEqual([...tableDataActions].sort());
  expect(statement.Action).not.toContain("dynamodb:*");
  expect(statement.Action).not.toContain("dynamodb:Scan");
  // Exactly the table and its indexes.
  const arns = Template.fromJSON({
    Resources: { Probe: { Type: "Probe::Arns", Properties: { Arns: statement.Resource } } },
  });
  arns.hasResourceProperties("Probe::Arns", {
    Arns: [tableArnImport, { "Fn::Join": ["", [tableArnImport, "/index/*"]] }],
  });
}

describe("bundling options", () => {
  it("derives SST's nodejs bundling from the one esbuild definition", () => {
    expect(apiEsbuildOptions).toMatchObject({ bundle: true, platform: "node", format: "esm" });
    expect(lambdaBundling.format).toBe(apiEsbuildOptions.format);
    expect(lambdaBundling.minify).toBe(apiEsbuildOptions.minify);
    expect(lambdaBundling.sourcemap).toBe(apiEsbuildOptions.sourcemap);
    // Packages that read data files by path ship installed, not bundled.
    expect(lambdaBundling.install).toEqual(["libphonenumber-geo-carrier"]);
    expect(lambdaBundling.esbuild?.target).toBe(apiEsbuildOptions.target);
    expect(apiEsbuildOptions.target).toBe("node22");
    // The SDK is bundled (tree-shaken) for a faster cold start; SST must not re-externalize it.
    expect(lambdaBundling.esbuild?.external).toEqual(["libphonenumber-geo-carrier"]);
    expect(apiEsbuildOptions.external).toEqual(["libphonenumber-geo-carrier"]);
  });
});

describe("stage dev (built)", () => {
  let dev: Awaited<ReturnType<typeof synth>>;
  beforeAll(async () => {
    dev = await synth("dev", "built");
  }, SYNTH_TIMEOUT);

  it("names the app and parameterizes stacks with the stage", () => {
    expect(dev.app.name).toBe("callboard");
    expect(dev.app.region).toBe(process.env.AWS_REGION ?? "eu-central-1");
    expect(dev.stacks.storage.stackName).toBe("dev-callboard-Storage");
    expect(dev.stacks.api.stackName).toBe("dev-callboard-Api");
  });

  it("lays the table out from TableSchema", () => {
    expect(TableSchema.globalIndexes).toHaveLength(6);
    const [, table] = theOnly(dev.templates.storage, "AWS::DynamoDB::Table", {});
    const props = table.Properties!;
    expect(props.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    expect(props.BillingMode).toBe("PAY_PER_REQUEST");
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: "expiresAt", Enabled: true });
    expect(props.StreamSpecification).toBeUndefined();
    expect(
      [...props.GlobalSecondaryIndexes].sort((a: any, b: any) =>
        a.IndexName.localeCompare(b.IndexName),
      ),
    ).toEqual(
      TableSchema.globalIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
    );
    const keyNames = ["pk", "sk", ...TableSchema.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey])];
    expect(
      [...props.AttributeDefinitions].sort((a: any, b: any) =>
        a.AttributeName.localeCompare(b.AttributeName),
      ),
    ).toEqual(keyNames.sort().map((name) => ({ AttributeName: name, AttributeType: "S" })));
  });

  it("is disposable: no PITR, every resource deleted with its stack", () => {
    const [, table] = theOnly(dev.templates.storage, "AWS::DynamoDB::Table", {});
    expect(table.Properties!.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled ?? false).toBe(
      false,
    );
    expect(table.DeletionPolicy).toBe("Delete");
    expect(table.UpdateReplacePolicy).toBe("Delete");
    // CloudFormation deletes a resource without a DeletionPolicy; nothing may be retained.
    for (const template of [dev.templates.storage, dev.templates.auth, dev.templates.api]) {
      for (const [id, resource] of resourcesOf(template)) {
        expect(resource.DeletionPolicy ?? "Delete", id).toBe("Delete");
      }
    }
    // CDK retains log groups by default: the app-wide DESTROY rule must have reached them.
    const [, accessLogs] = theOnly(dev.templates.api, "AWS::Logs::LogGroup", {});
    expect(accessLogs.DeletionPolicy).toBe("Delete");
  });

  it("runs the API on one nodejs22.x arm64 function with its environment", () => {
    const [, fn] = functionWithEnv(dev.templates.api, "OPENAUTH_ISSUER");
    const props = fn.Properties!;
    expect(props.Runtime).toBe("nodejs22.x");
    expect(props.Architectures).toEqual(["arm64"]);
    expect(props.Handler).toBe(apiHandler);
    expect(props.MemorySize).toBe(1024);
    expect(props.Timeout).toBe(10);
    expect(props.Code.S3Key).toMatch(/\.zip$/); // a bundled asset, not SST's inline placeholder
    expect(props.Environment.Variables).toMatchObject({
      TABLE_NAME: { "Fn::ImportValue": expect.stringMatching(/^dev-callboard-Storage:ExportsOutputRefTable/) },
      OPENAUTH_ISSUER: {
        "Fn::ImportValue": expect.stringMatching(/^dev-callboard-Auth:ExportsOutputFnGetAttIssuerFunctionUrl/),
      },
      FILES_BUCKET: { "Fn::ImportValue": expect.stringMatching(/^dev-callboard-Storage:ExportsOutputRefFiles/) },
      DEFAULT_COUNTRY: process.env.DEFAULT_COUNTRY ?? "RU",
      STAGE: "dev",
    });
    dev.templates.api.hasResourceProperties("Custom::LogRetention", { RetentionInDays: 7 });
  });

  it("routes /v1/{proxy+} and /docs to that one function", () => {
    const api = dev.templates.api;
    const [fnId] = functionWithEnv(api, "OPENAUTH_ISSUER");
    const routes = resourcesOf(api, "AWS::ApiGatewayV2::Route").map(([, r]) => r.Properties!);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(["ANY /v1/{proxy+}", "GET /docs"]);
    const integrations = Object.fromEntries(
      resourcesOf(api, "AWS::ApiGatewayV2::Integration").map(([id, r]) => [id, r.Properties!]),
    );
    for (const route of routes) {
      const integrationId = route.Target["Fn::Join"][1][1].Ref as string;
      expect(integrations[integrationId]!.IntegrationUri).toEqual({
        "Fn::GetAtt": [fnId, "Arn"],
      });
    }
    expect(resourcesOf(api, "AWS::Lambda::Function").filter(([, r]) => r.Properties!.Handler === apiHandler)).toHaveLength(1);
  });

  it("throttles the default route and allows CORS", () => {
    dev.templates.api.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      DefaultRouteSettings: {
        ThrottlingBurstLimit: apiThrottle.burst,
        ThrottlingRateLimit: apiThrottle.rate,
      },
    });
    // CORS is answered by the function with the console's origin (tests/infra/operability.test.ts).
    dev.templates.api.hasResourceProperties("AWS::ApiGatewayV2::Api", { ProtocolType: "HTTP", CorsConfiguration: Match.absent() });
    dev.templates.api.hasOutput("ApiUrl", {});
  });

  it("grants the API function item access to the table and its indexes only", () => {
    const [, fn] = functionWithEnv(dev.templates.api, "OPENAUTH_ISSUER");
    expectTableScopedGrant(dev.templates.api, fn.Properties!.Role["Fn::GetAtt"][0]);
    for (const statement of dynamoStatements(dev.templates.api)) {
      expect([statement.Resource].flat()).not.toContain("*");
    }
  });

  it("keeps files in a private, encrypted, TLS-only bucket the API may read and write (objects only)", () => {
    const [bucketId, bucket] = theOnly(dev.templates.storage, "AWS::S3::Bucket", {});
    expect(bucket.Properties!.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties!.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe("AES256");
    expect(bucket.DeletionPolicy).toBe("Delete");
    // The console PUTs imports to presigned URLs and GETs reports: the Web stack sets that CORS
    // with the console's origin (infra/console-origin.ts, checked in operability.test.ts).
    expect(bucket.Properties!.CorsConfiguration).toBeUndefined();
    const [, policy] = theOnly(dev.templates.storage, "AWS::S3::BucketPolicy", {});
    expect(JSON.stringify(policy.Properties!.PolicyDocument)).toContain("aws:SecureTransport");
    expect(JSON.stringify(policy.Properties!.Bucket)).toContain(bucketId);

    const [, fn] = functionWithEnv(dev.templates.api, "OPENAUTH_ISSUER");
    const s3Statements = policiesOfRole(dev.templates.api, fn.Properties!.Role["Fn::GetAtt"][0]).filter((statement) =>
      [statement.Action].flat().some((action: string) => action.startsWith("s3:")),
    );
    expect(s3Statements).toHaveLength(1);
    expect([...[s3Statements[0].Action].flat()].sort()).toEqual([...fileObjectActions].sort());
    expect(JSON.stringify(s3Statements[0].Resource)).toMatch(/ExportsOutputFnGetAttFiles\w*Arn/);
    expect(JSON.stringify(s3Statements[0].Resource)).toContain("/*");
    // The auth function has no business with files.
    const [, authFn] = functionWithEnv(dev.templates.auth, "TABLE_NAME");
    expect(authFn.Properties!.Environment.Variables.FILES_BUCKET).toBeUndefined();
  });

  it("retains the files bucket in prod", async () => {
    const prod = await synth("prod", "shallow");
    const [, bucket] = theOnly(prod.templates.storage, "AWS::S3::Bucket", {});
    expect(bucket.DeletionPolicy).toBe("Retain");
  }, SYNTH_TIMEOUT);

  it("serves the OpenAuth issuer from a function with a public Function URL", () => {
    const auth = dev.templates.auth;
    const [fnId, fn] = functionWithEnv(auth, "TABLE_NAME");
    expect(fn.Properties!.Handler).toBe(authHandler);
    expect(fn.Properties!.Runtime).toBe("nodejs22.x");
    expect(fn.Properties!.Architectures).toEqual(["arm64"]);
    auth.hasResourceProperties("AWS::Lambda::Url", {
      AuthType: "NONE",
      TargetFunctionArn: { "Fn::GetAtt": [fnId, "Arn"] },
    });
    expectTableScopedGrant(auth, fn.Properties!.Role["Fn::GetAtt"][0]);
    auth.hasOutput("AuthUrl", { Value: { "Fn::GetAtt": [Match.anyValue(), "FunctionUrl"] } });
  });

  it("bundles both handlers as ESM without sourcemaps", () => {
    const artifacts = useProject().paths.artifacts;
    const files = fs.readdirSync(artifacts, { recursive: true, encoding: "utf8" });
    for (const entry of ["api", "auth"]) {
      const bundles = files.filter((file) => file.endsWith(path.join("src", entry, "lambda.mjs")));
      expect(bundles.length, entry).toBeGreaterThan(0);
      for (const bundle of bundles) {
        const code = fs.readFileSync(path.join(artifacts, bundle), "utf8");
        expect(code).toMatch(/^import /m);
        expect(code).toMatch(/export\s*\{[^}]*\bhandler\b/);
        expect(files).not.toContain(`${bundle}.map`);
      }
    }
  });
});

describe("call-list engine (built, dev)", () => {
  let dev: Awaited<ReturnType<typeof synth>>;
  beforeAll(async () => {
    dev = await synth("dev", "built");
  }, SYNTH_TIMEOUT);

  const engineArn = "arn:aws:states:eu-central-1:123456789012:stateMachine:dev-callboard-CallListEngine";
  const engineArnOf = (template: Template) => {
    const [, machine] = theOnly(template, "AWS::StepFunctions::StateMachine", {});
    return machine;
  };
  const statementsWith = (statements: any[], prefix: string) => statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith(prefix)));

  it("is a Standard state machine named for the stage, defined by the CDK chain (task tokens, hand-over)", () => {
    const machine = engineArnOf(dev.templates.callLists);
    expect(machine.Properties!.StateMachineType).toBe("STANDARD");
    expect(machine.Properties!.StateMachineName).toBe("dev-callboard-CallListEngine");
    const [, parts] = machine.Properties!.DefinitionString["Fn::Join"] as [string, unknown[]];
    const definition = parts.map((part) => (typeof part === "string" ? part : "<ref>")).join("");
    for (const state of ["ClaimNext", "Dial", "AwaitWrapUp", "HandOver", "ReconcileCall", "WrapUpTimedOut"]) expect(definition).toContain(`"${state}"`);
    expect(definition).toContain("lambda:invoke.waitForTaskToken");
    expect(definition).toContain("states:startExecution");
    expect(machine.DeletionPolicy).toBe("Delete");
  });

  it("runs the steps on one nodejs22.x arm64 function with the table, the engine and the webhook URL", () => {
    const [, fn] = functionWithEnv(dev.templates.callLists, "CALL_LIST_ENGINE_ARN");
    expect(fn.Properties!.Handler).toBe(stepsHandler);
    expect(fn.Properties!.Runtime).toBe("nodejs22.x");
    expect(fn.Properties!.Architectures).toEqual(["arm64"]);
    expect(fn.Properties!.Environment.Variables).toMatchObject({
      CALL_LIST_ENGINE_ARN: engineArn,
      PUBLIC_URL: { "Fn::ImportValue": expect.stringMatching(/^dev-callboard-Api:/) },
      TABLE_NAME: { "Fn::ImportValue": expect.stringMatching(/^dev-callboard-Storage:/) },
    });
    expectTableScopedGrant(dev.templates.callLists, fn.Properties!.Role["Fn::GetAtt"][0]);
  });

  it("lets the machine invoke only the steps function and start only itself", () => {
    const machine = engineArnOf(dev.templates.callLists);
    const statements = policiesOfRole(dev.templates.callLists, machine.Properties!.RoleArn["Fn::GetAtt"][0]);
    const [stepsId] = functionWithEnv(dev.templates.callLists, "CALL_LIST_ENGINE_ARN");
    const invoke = statementsWith(statements, "lambda:");
    expect(invoke.flatMap((s) => [s.Action].flat())).toEqual(["lambda:InvokeFunction"]);
    expect(JSON.stringify(invoke.map((s) => s.Resource))).toContain(stepsId);
    const start = statementsWith(statements, "states:");
    expect(start.flatMap((s) => [s.Action].flat())).toEqual(["states:StartExecution"]);
    expect(JSON.stringify(start[0].Resource)).toContain("stateMachine");
    expect(JSON.stringify(start[0].Resource)).toContain("dev-callboard-CallListEngine");
    for (const statement of statements) expect([statement.Resource].flat()).not.toContain("*");
  });

  it("lets the steps and the API complete task tokens of the engine, and the API start it", () => {
    const [, steps] = functionWithEnv(dev.templates.callLists, "CALL_LIST_ENGINE_ARN");
    const stepStatements = statementsWith(policiesOfRole(dev.templates.callLists, steps.Properties!.Role["Fn::GetAtt"][0]), "states:");
    expect(stepStatements.flatMap((s) => [s.Action].flat()).sort()).toEqual(["states:SendTaskFailure", "states:SendTaskHeartbeat", "states:SendTaskSuccess"]);
    const [, api] = functionWithEnv(dev.templates.api, "OPENAUTH_ISSUER");
    expect(api.Properties!.Environment.Variables.CALL_LIST_ENGINE_ARN).toBe(engineArn);
    const apiStatements = statementsWith(policiesOfRole(dev.templates.api, api.Properties!.Role["Fn::GetAtt"][0]), "states:");
    expect(apiStatements.flatMap((s) => [s.Action].flat()).sort()).toEqual(["states:DescribeExecution", "states:SendTaskFailure", "states:SendTaskSuccess", "states:StartExecution"]);
    for (const statement of apiStatements) {
      const expected = [statement.Action].flat().includes("states:DescribeExecution") ? engineArn.replace(":stateMachine:", ":execution:") + ":*" : engineArn;
      expect(statement.Resource).toBe(expected);
    }
  });
});

describe("stage prod (built)", () => {
  let prod: Awaited<ReturnType<typeof synth>>;
  beforeAll(async () => {
    prod = await synth("prod", "built");
  }, SYNTH_TIMEOUT);

  it("keeps the table: PITR on, retained on delete and replace", () => {
    expect(prod.stacks.storage.stackName).toBe("prod-callboard-Storage");
    const [, table] = theOnly(prod.templates.storage, "AWS::DynamoDB::Table", {});
    expect(table.Properties!.PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: true,
    });
    expect(table.DeletionPolicy).toBe("Retain");
    expect(table.UpdateReplacePolicy).toBe("Retain");
    // No app-wide DESTROY on prod: CDK's own RETAIN default for log groups stands.
    const [, accessLogs] = theOnly(prod.templates.api, "AWS::Logs::LogGroup", {});
    expect(accessLogs.DeletionPolicy).toBe("Retain");
  });

  it("sets STAGE and longer log retention on the API function", () => {
    const [, fn] = functionWithEnv(prod.templates.api, "OPENAUTH_ISSUER");
    expect(fn.Properties!.Runtime).toBe("nodejs22.x");
    expect(fn.Properties!.Environment.Variables.STAGE).toBe("prod");
    prod.templates.api.hasResourceProperties("Custom::LogRetention", { RetentionInDays: 90 });
  });
});

describe("web console (shallow, dev)", () => {
  let dev: Awaited<ReturnType<typeof synth>>;
  beforeAll(async () => {
    dev = await synth("dev", "shallow");
  }, SYNTH_TIMEOUT);

  it("sends the console with the same security headers as the local host (CloudFront response-headers policy)", () => {
    const [policyId, policy] = theOnly(dev.templates.web, "AWS::CloudFront::ResponseHeadersPolicy", {});
    const headers = policy.Properties!.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    // The CSP is one Fn::Join of the policy text and the API's, issuer's and region's tokens.
    const csp = headers.ContentSecurityPolicy.ContentSecurityPolicy;
    const text = typeof csp === "string" ? csp : (csp["Fn::Join"][1] as unknown[]).map((part) => (typeof part === "string" ? part : "TOKEN")).join("");
    const region = dev.stacks.web.region;
    expect(text.replaceAll(region, "TOKEN")).toBe(cspHeaderValue(contentSecurityPolicy({ connect: ["TOKEN", "TOKEN", "https://s3.TOKEN.amazonaws.com"], media: ["https://s3.TOKEN.amazonaws.com"] })));
    expect(text).toContain("frame-ancestors 'none'");
    expect(headers.ContentSecurityPolicy.Override).toBe(true);
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: "DENY", Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: "no-referrer", Override: true });
    expect(headers.StrictTransportSecurity).toMatchObject({ IncludeSubdomains: true, Override: true });
    // …and the console's distribution answers with it.
    dev.templates.web.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: { DefaultCacheBehavior: Match.objectLike({ ResponseHeadersPolicyId: { Ref: policyId } }) },
    });
  });

  it("serves packages/web from S3 behind CloudFront, wired to the API and issuer", () => {
    // SST's own registry of static sites (what `sst bind` reads).
    const sites = useSites().all;
    expect(sites).toHaveLength(1);
    const [{ stack, props }] = sites as [(typeof sites)[number]];
    expect(stack).toBe("dev-callboard-Web");
    expect(props).toMatchObject({
      path: "packages/web",
      buildCommand: "npx vite build",
      buildOutput: "dist",
    });
    expect(props.environment).toEqual({
      VITE_API_URL: dev.exports.api.apiUrl,
      VITE_AUTH_URL: dev.exports.auth.issuerUrl,
    });
    dev.templates.web.resourceCountIs("AWS::S3::Bucket", 1);
    dev.templates.web.resourceCountIs("AWS::CloudFront::Distribution", 1);
    dev.templates.web.hasOutput("ConsoleUrl", {
      Value: { "Fn::Join": ["", ["https://", { "Fn::GetAtt": [Match.anyValue(), "DomainName"] }]] },
    });
  });
});
