import { Function, use, type StackContext } from "sst/constructs";
import { Storage, tableDataAccess } from "./storage";

export const authHandler = "packages/functions/src/auth/lambda.handler";

/**
 * The OpenAuth issuer: one function behind a public Function URL. OpenAuth keeps its signing
 * keys, codes and refresh tokens in the app's table, so it gets item read/write on it.
 */
export function Auth({ stack, app }: StackContext) {
  const { table } = use(Storage);

  const issuer = new Function(stack, "Issuer", {
    handler: authHandler,
    url: true,
    memorySize: 512,
    timeout: 10,
    environment: {
      TABLE_NAME: table.tableName,
      STAGE: app.stage,
      // Where tokens may be sent: the console's origin(s) + /callback (see docs/infrastructure.md).
      CONSOLE_ORIGINS: process.env.CONSOLE_ORIGINS ?? "",
    },
    permissions: [tableDataAccess(table)],
  });

  // Function URLs always end in "/".
  const issuerUrl = issuer.url as string;
  stack.addOutputs({ AuthUrl: issuerUrl });

  return { issuer, issuerUrl };
}
