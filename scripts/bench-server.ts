/** The local host in its own process for `npm run bench`, so load and server don't share a core. */
import { startLocalHost } from "../packages/functions/src/local/host";

const host = await startLocalHost({
  dynamoEndpoint: process.env.DYNAMODB_ENDPOINT!,
  tableName: process.env.TABLE_NAME!,
  port: 0,
  admin: { email: process.env.ADMIN_EMAIL!, password: process.env.ADMIN_PASSWORD! },
});
// Started by scripts/bench.ts with an IPC channel (its stdout is a log file); by hand, it prints the URL.
if (process.send) process.send({ url: host.url });
else process.stdout.write(`LISTENING ${host.url}\n`);
process.channel?.unref();
process.once("SIGTERM", () => void host.stop().then(() => process.exit(0)));
