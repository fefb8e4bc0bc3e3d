import { Api as HttpApi, Function, use, type StackContext } from "sst/constructs";
import { Auth } from "./auth";
import { consoleOriginAccess } from "./console-origin";
import { callListEngineArn, engineAccess, telephonyEnvironment } from "./call-lists-access";
import { Jobs, jobsQueueSend } from "./jobs";
import { filesAccess, Storage, tableDataAccess } from "./storage";
import { consoleOrigins } from "./stage";

export { consoleOrigins };

export const apiHandler = "packages/functions/src/api/lambda.handler";

/** Per-stage default route limits of the HTTP API (requests/s and burst), to cap abuse. */
export const apiThrottle = { rate: 50, burst: 100 } as const;

/** The HTTP API: every route goes to one Hono function. */
export function Api({ stack, app }: StackContext) {
  const { table, filesBucket } = use(Storage);
  const { issuerUrl } = use(Auth);
  const jobs = use(Jobs);
  // CORS origins: the console's (SSM parameter written by the Web stack) + CONSOLE_ORIGINS, at run time.
  const consoleOrigin = consoleOriginAccess(app);

  const handler = new Function(stack, "ApiHandler", {
    handler: apiHandler,
    memorySize: 1024,
    timeout: 10,
    environment: {
      TABLE_NAME: table.tableName,
      FILES_BUCKET: filesBucket.bucketName,
      OPENAUTH_ISSUER: issuerUrl,
      DEFAULT_COUNTRY: process.env.DEFAULT_COUNTRY ?? "RU",
      STAGE: app.stage,
      CALL_LIST_ENGINE_ARN: callListEngineArn(app),
      JOBS_QUEUE_URL: jobs.queueUrl,
      ...telephonyEnvironment(),
      CONSOLE_ORIGINS: process.env.CONSOLE_ORIGINS ?? "",
      ...consoleOrigin.environment,
    },
    permissions: [tableDataAccess(table), filesAccess(filesBucket), ...engineAccess(app), jobsQueueSend(jobs.queueArn), consoleOrigin.permission],
  });

  const api = new HttpApi(stack, "Api", {
    // CORS is answered by the function (packages/functions/src/api/cors.ts): its console origin is
    // known only at run time, and public forms answer CORS per form. API Gateway's own CORS would
    // override both.
    cors: false,
    defaults: { throttle: { ...apiThrottle } },
    routes: {
      "ANY /v1/{proxy+}": handler,
      "GET /docs": handler,
    },
  });

  stack.addOutputs({ ApiUrl: api.url });

  return { api, handler, apiUrl: api.url };
}
