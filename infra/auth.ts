import { Function, use, type StackContext } from "sst/constructs";
import { consoleOriginAccess } from "./console-origin";
import { Storage, tableDataAccess } from "./storage";

export const authHandler = "packages/functions/src/auth/lambda.handler";

/**
 * The OpenAuth issuer: one function behind a public Function URL. OpenAuth keeps its signing
 * keys, codes and refresh tokens in the app's table, so it gets item read/write on it.
 */
export function Auth({ stack, app }: StackContext) {
  const { table } = use(Storage);
  // The console's origin, published by the Web stack in the same deploy (infra/console-origin.ts).
  const consoleOrigin = consoleOriginAccess(app);

  const issuer = new Function(stack, "Issuer", {
    handler: authHandler,
    url: true,
    memorySize: 512,
    timeout: 10,
    environment: {
      TABLE_NAME: table.tableName,
      STAGE: app.stage,
      // Where tokens may be sent: the console's origin (read at cold start from the parameter the
      // Web stack writes) and any extra origins, each + /callback (see docs/infrastructure.md).
      CONSOLE_ORIGINS: process.env.CONSOLE_ORIGINS ?? "",
      ...consoleOrigin.environment,
    },
    permissions: [tableDataAccess(table), consoleOrigin.permission],
  });

  // Function URLs always end in "/".
  const issuerUrl = issuer.url as string;
  stack.addOutputs({ AuthUrl: issuerUrl });

  return { issuer, issuerUrl };
}
