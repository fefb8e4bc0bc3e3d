import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort, isPortInUse, startDynamoDbLocal } from "../../packages/functions/src/local/dynamodb-local";

/** `npm start`'s entry point, run as a user runs it, in its own process. */
function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "packages/functions/src/local/main.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(predicate: () => boolean, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The sign-in form's answer for these credentials: 302 (to the callback, with a code) when right. */
async function signInStatus(url: string, email: string, password: string): Promise<number> {
  const authorize = await fetch(`${url}/authorize?client_id=cli&redirect_uri=${encodeURIComponent("http://localhost/cli-callback")}&response_type=code&provider=password`, { redirect: "manual" });
  const cookie = authorize.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  const login = await fetch(`${url}/password/authorize`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }).toString(),
  });
  return login.status;
}

const children: ChildProcess[] = [];
/** Java children a crashed run may have orphaned (stopped here if the test fails half-way). */
const orphans: number[] = [];
afterAll(() => {
  children.forEach((child) => child.kill("SIGKILL"));
  for (const pid of orphans) {
    try {
      // Only if that PID is still our DynamoDB Local (PIDs are reused).
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("callboard-crash-")) process.kill(pid, "SIGKILL");
    } catch {
      // already gone, as it should be
    }
  }
});

describe("npm start", () => {
  it("starts everything, seeds the admin once, reuses the data, and Ctrl-C stops the Java child too", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "callboard-start-"));
    const port = await findFreePort();
    const dynamoPort = await findFreePort();
    const env = { PORT: String(port), DYNAMODB_PORT: String(dynamoPort), DATA_DIR: dataDir };

    const first = start(env);
    children.push(first.child);
    await waitFor(() => /running at/.test(first.output()));
    expect(first.output()).toContain(`http://localhost:${port}`);
    const password = /password (\S+)/.exec(first.output())?.[1];
    expect(password).toBeTruthy();
    expect((await fetch(`http://localhost:${port}/docs`)).status).toBe(200);
    expect((await fetch(`http://localhost:${port}/v1/contacts`)).status).toBe(401);
    await waitFor(() => /Telephony: simulator at/.test(first.output()));
    const simulatorUrl = /Telephony: simulator at (http:\/\/localhost:\d+)/.exec(first.output())?.[1];
    expect((await fetch(`${simulatorUrl}/calls/none`)).status).toBe(401);
    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);
    expect(await isPortInUse(dynamoPort)).toBe(false);
    expect(await isPortInUse(Number(new URL(simulatorUrl!).port))).toBe(false);

    const second = start(env);
    children.push(second.child);
    await waitFor(() => /running at/.test(second.output()));
    expect(second.output()).not.toContain("First start");
    expect(second.output()).toContain("existing user");
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expect(await isPortInUse(dynamoPort)).toBe(false);
  }, 240_000);

  it("after a kill -9 of the server, the next start stops the Java child it left and comes up with the data intact", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "callboard-crash-"));
    const port = await findFreePort();
    const dynamoPort = await findFreePort();
    const env = { PORT: String(port), DYNAMODB_PORT: String(dynamoPort), DATA_DIR: dataDir, ADMIN_EMAIL: "crash@callboard.test", ADMIN_PASSWORD: "crash test password" };

    const first = start(env);
    children.push(first.child);
    await waitFor(() => /running at/.test(first.output()));
    expect(first.output()).toContain("First start");
    const record = JSON.parse(readFileSync(join(dataDir, "dynamodb-local.pid"), "utf8")) as { pid: number; port: number; path: string };
    expect(record).toEqual({ pid: expect.any(Number), port: dynamoPort, path: join(dataDir, "dynamodb") });
    orphans.push(record.pid);
    // A crash: no exit hook runs, the Java child is orphaned and keeps the port.
    first.child.kill("SIGKILL");
    await first.exited;
    expect(await isPortInUse(dynamoPort)).toBe(true);

    const second = start(env);
    children.push(second.child);
    await waitFor(() => /running at|npm start:/.test(second.output()));
    expect(second.output()).toContain(`Stopped DynamoDB Local (pid ${record.pid})`);
    expect(second.output()).toContain("existing user");
    // The data survived: the admin made by the first run signs in.
    expect(await signInStatus(`http://localhost:${port}`, env.ADMIN_EMAIL, env.ADMIN_PASSWORD)).toBe(302);
    expect(() => process.kill(record.pid, 0)).toThrow();
    orphans.splice(orphans.indexOf(record.pid), 1);
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
    expect(await isPortInUse(dynamoPort)).toBe(false);
  }, 240_000);

  it("explains a busy port in one line instead of a stack trace", async () => {
    const blocker = net.createServer().listen(0, "localhost");
    await new Promise((resolve) => blocker.once("listening", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const run = start({ PORT: String(port), DYNAMODB_PORT: String(await findFreePort()), DATA_DIR: mkdtempSync(join(tmpdir(), "callboard-busy-")) });
    children.push(run.child);
    expect(await run.exited).toBe(1);
    blocker.close();
    expect(run.output()).toMatch(new RegExp(`Port ${port} is already in use .*PORT=`));
    expect(run.output()).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("explains a DynamoDB Local left running by a crashed run", async () => {
    const leftover = await startDynamoDbLocal();
    try {
      const run = start({ PORT: String(await findFreePort()), DYNAMODB_PORT: String(leftover.port), DATA_DIR: mkdtempSync(join(tmpdir(), "callboard-left-")) });
      children.push(run.child);
      expect(await run.exited).toBe(1);
      expect(run.output()).toMatch(/DynamoDB Local is taken.*(pkill|kill)/);
      expect(run.output()).not.toMatch(/\n\s+at /);
    } finally {
      await leftover.stop();
    }
  }, 60_000);

  it("names the bad field of SIMULATOR_RULES in one line before starting anything", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "packages/functions/src/local/main.ts"], {
      env: { ...process.env, SIMULATOR_RULES: '{"lastDigit":{"5":"explode"}}', DATA_DIR: mkdtempSync(join(tmpdir(), "callboard-rules-")) },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/SIMULATOR_RULES: lastDigit\.5: One of answered/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("explains a missing Java runtime", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "packages/functions/src/local/main.ts"], {
      env: { ...process.env, PATH: "/nonexistent", DATA_DIR: mkdtempSync(join(tmpdir(), "callboard-java-")) },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/needs a Java 17\+ runtime/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
