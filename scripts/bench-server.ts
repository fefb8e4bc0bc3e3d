/** The local host in its own process for `npm run bench`, so load and server don't share a core. */
import { startLocalHost } from "../packages/functions/src/local/host";

const host = await startLocalHost({
  dynamoEndpoint: process.env.DYNAMODB_ENDPOINT!,
  tableName: process.env.TABLE_NAME!,
  port: 0,
  admin: { email: process.env.ADMIN_EMAIL!, password: process.env.ADMIN_PASSWORD! },
});
process.stdout.write(`LISTENING ${host.url}\n`);
process.once("SIGTERM", () => void host.stop().then(() => process.exit(0)));
