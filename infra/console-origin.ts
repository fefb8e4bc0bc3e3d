/**
 * The console's origin, wired in the same deploy as the console (issue 20, "One deploy per stage").
 *
 * Web depends on Api, which depends on Auth, so the console URL cannot be passed to the issuer or
 * the API as a token (a stack cycle). Instead the Web stack publishes it where the others look at
 * run time or where it is applied by the Web stack itself:
 * - an SSM parameter with a fixed, stage-derived name: the issuer (allowed redirects) and the API
 *   (CORS) read it at cold start; they know its name without a reference to the Web stack;
 * - the files bucket's CORS (presigned uploads/downloads from the browser), set by a custom
 *   resource in the Web stack (PutBucketCors on that one bucket).
 * CONSOLE_ORIGINS adds extra origins (a custom domain, a second console) to both.
 */
import { Stack } from "aws-cdk-lib";
import { Effect, PolicyStatement, AnyPrincipal } from "aws-cdk-lib/aws-iam";
import type { Bucket, IBucket } from "aws-cdk-lib/aws-s3";
import { StringParameter } from "aws-cdk-lib/aws-ssm";
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from "aws-cdk-lib/custom-resources";
import type { App, StaticSite } from "sst/constructs";
import { consoleOrigins } from "./stage";

/** The parameter holding the console's origin (`https://…cloudfront.net`) of a stage. */
export function consoleOriginParameterName(app: Pick<App, "name" | "stage">): string {
  return `/${app.name}/${app.stage}/console-origin`;
}

export function consoleOriginParameterArn(app: Pick<App, "name" | "stage" | "region" | "account">): string {
  return `arn:aws:ssm:${app.region}:${app.account}:parameter${consoleOriginParameterName(app)}`;
}

/** Environment and permission a function needs to read the console origin at cold start. */
export function consoleOriginAccess(app: App): { environment: Record<string, string>; permission: PolicyStatement } {
  return {
    environment: { CONSOLE_ORIGIN_PARAMETER: consoleOriginParameterName(app) },
    permission: new PolicyStatement({ actions: ["ssm:GetParameter"], resources: [consoleOriginParameterArn(app)] }),
  };
}

/** Extra origins from CONSOLE_ORIGINS (never the "*" fallback). */
export function extraConsoleOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  return consoleOrigins(env).filter((origin) => origin !== "*");
}

/** CORS rules of the files bucket: the browser PUTs imports to presigned URLs and GETs reports. */
export function filesBucketCors(origins: string[]) {
  return { CORSRules: [{ AllowedMethods: ["PUT", "GET"], AllowedOrigins: origins, AllowedHeaders: ["content-type"], MaxAgeSeconds: 3600 }] };
}

/** Called by the Web stack once the console site exists. */
export function wireConsoleOrigin(stack: Stack, app: App, site: StaticSite, filesBucket: IBucket): { parameter?: StringParameter } {
  const origin = site.url;
  // An inactive Web stack (SST builds it only when deployed) has no URL yet: nothing to wire.
  if (!origin) return {};
  const parameter = new StringParameter(stack, "ConsoleOrigin", {
    parameterName: consoleOriginParameterName(app),
    stringValue: origin,
    description: "The console's origin: allowed redirect of the issuer, CORS origin of the API and the files bucket.",
  });
  const cors = filesBucketCors([origin, ...extraConsoleOrigins()]);
  const putCors = {
    service: "S3",
    action: "putBucketCors",
    parameters: { Bucket: filesBucket.bucketName, CORSConfiguration: cors },
    physicalResourceId: PhysicalResourceId.of(`${app.stage}-files-cors`),
  };
  new AwsCustomResource(stack, "FilesBucketCors", {
    onCreate: putCors,
    onUpdate: putCors,
    // The bucket keeps its last CORS when the Web stack goes (it goes with its stage anyway).
    policy: AwsCustomResourcePolicy.fromStatements([new PolicyStatement({ actions: ["s3:PutBucketCORS"], resources: [filesBucket.bucketArn] })]),
    installLatestAwsSdk: false,
  });

  // The console's own bucket: TLS only, like every bucket of the app (cdk-nag AwsSolutions-S10).
  const siteBucket = site.cdk?.bucket as Bucket | undefined;
  siteBucket?.addToResourcePolicy(
    new PolicyStatement({
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ["s3:*"],
      resources: [siteBucket.bucketArn, siteBucket.arnForObjects("*")],
      conditions: { Bool: { "aws:SecureTransport": "false" } },
    }),
  );
  return { parameter };
}
