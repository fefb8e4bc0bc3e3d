import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { LocalSetupError, recordDynamoDbLocal, startDynamoDbLocal, stopLeftoverDynamoDbLocal, type RunningDynamoDbLocal } from "./dynamodb-local";
import { startLocalHost, type LocalHost } from "./host";
import { simulatorRulesFromEnv, type SimulatorRules } from "./telephony-simulator";

/** `npm start`: DynamoDB Local on disk under .data/, the API, the issuer and the console. */
const dataDir = resolve(process.env.DATA_DIR ?? ".data");
const port = Number(process.env.PORT ?? 3000);
const dynamoPort = Number(process.env.DYNAMODB_PORT ?? port + 5000);
const tableName = process.env.TABLE_NAME ?? "callboard-local";
/** Which Java process serves this data folder (PID, port, path), so a run after a crash can stop it. */
const pidFile = join(dataDir, "dynamodb-local.pid");
const dynamoPath = join(dataDir, "dynamodb");

let dynamo: RunningDynamoDbLocal | undefined;
let host: LocalHost | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await host?.stop().catch(() => undefined);
    await dynamo?.stop().catch(() => undefined);
    if (existsSync(pidFile)) writeFileSync(pidFile, "");
  }
  process.exit(code);
}

function leftoverHint(): string {
  const text = existsSync(pidFile) ? readFileSync(pidFile, "utf8").trim() : "";
  const pid = /"pid":(\d+)/.exec(text)?.[1] ?? (/^\d+$/.test(text) ? text : "");
  return pid ? ` (an earlier run's DynamoDB Local, pid ${pid}? stop it with \`kill ${pid}\`)` : "";
}

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  mkdirSync(dataDir, { recursive: true });
  // Telephony simulator settings are checked before anything starts, so a typo fails fast.
  let rules: SimulatorRules;
  try {
    rules = simulatorRulesFromEnv();
  } catch (error) {
    throw new LocalSetupError((error as Error).message);
  }
  const ringSeconds = Number(process.env.SIMULATOR_RING_SECONDS ?? 2);
  if (!Number.isFinite(ringSeconds) || ringSeconds < 0) throw new LocalSetupError(`SIMULATOR_RING_SECONDS must be a number of seconds ≥ 0, got ${process.env.SIMULATOR_RING_SECONDS}.`);
  const simulatorPort = Number(process.env.SIMULATOR_PORT ?? 0);
  process.once("SIGINT", () => void shutdown(0));
  process.once("SIGTERM", () => void shutdown(0));
  // A run killed with SIGKILL leaves its Java child serving these files: stop it first.
  const leftover = await stopLeftoverDynamoDbLocal(pidFile, dynamoPath);
  if (leftover) console.log(`Stopped DynamoDB Local (pid ${leftover}) left running by an earlier run on ${dataDir}.`);
  try {
    dynamo = await startDynamoDbLocal({ path: dynamoPath, port: dynamoPort });
  } catch (error) {
    if (error instanceof LocalSetupError && /is taken/.test(error.message)) throw new LocalSetupError(error.message + leftoverHint());
    throw error;
  }
  if (dynamo.pid) recordDynamoDbLocal(pidFile, { pid: dynamo.pid, port: dynamo.port, path: dynamoPath });

  const envAdmin = process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD;
  const admin = {
    email: process.env.ADMIN_EMAIL ?? "admin@callboard.local",
    password: process.env.ADMIN_PASSWORD ?? randomBytes(12).toString("base64url"),
  };
  host = await startLocalHost({ dynamoEndpoint: dynamo.endpoint, tableName, port, admin, simulator: { rules, ringSeconds, port: simulatorPort }, trashSweep: { firstAfterMs: 60_000, everyMs: 24 * 3600_000 } });

  console.log(`\nCallboard is running at ${host.url}  (API reference: ${host.url}/docs)`);
  if (host.adminCreated) {
    console.log(`First start: created the admin ${admin.email} with password ${envAdmin ? "from ADMIN_PASSWORD" : admin.password}`);
    if (!envAdmin) console.log("  (shown once; keep it, or set ADMIN_EMAIL/ADMIN_PASSWORD before the first start)");
  } else {
    console.log(`Sign in as an existing user (the admin seeded on first start: ${admin.email}).`);
  }
  if (host.simulator) {
    console.log(`Telephony: simulator at ${host.simulator.url}, rings ${ringSeconds} s; numbers ending in 0 never answer, 1 busy, 2 failed, 3 machine (SIMULATOR_RULES changes this).`);
  } else {
    console.log(`Telephony: ${process.env.TELEPHONY_PROVIDER} (from the environment).`);
  }
  console.log(`Data is kept in ${dataDir}. Ctrl-C stops everything.\n`);
}

main().catch(async (error) => {
  if (error instanceof LocalSetupError) console.error(`npm start: ${error.message}`);
  else console.error("npm start failed:", error);
  await shutdown(1);
});
