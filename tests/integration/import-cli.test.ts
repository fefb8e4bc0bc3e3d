import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { configureFiles, LocalFileStore } from "../../packages/core/src/files";
import { startLocalHost, type LocalHost } from "../../packages/functions/src/local/host";
import { amoHeaders, amoRow, csvText, encode } from "../fixtures/imports";

const admin = { email: "cli-admin@example.com", password: "cli admin password" };
let host: LocalHost;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "import-cli-"));
  configureFiles(new LocalFileStore(join(dir, "files")));
  host = await startLocalHost({ dynamoEndpoint: inject("dynamoEndpoint"), tableName: `cli-${randomUUID()}`, port: 0, admin, simulator: false });
});
afterAll(() => host?.stop());

/** `npm run import -- …` as a user runs it, in its own process. */
function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/import.ts", ...args], { env: { ...process.env, ADMIN_PASSWORD: "" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => resolve({ code, output }));
  });
}

describe("npm run import", () => {
  it("previews with --dry-run, then imports with a progress bar and saves the report of rows not imported", async () => {
    const file = join(dir, "amo.csv");
    writeFileSync(file, encode(csvText([amoHeaders, amoRow(1), amoRow(2), amoRow(3, { "Рабочий email": "nope", "Рабочий телефон": "", "Мобильный телефон": "" }), amoRow(1)], ";"), "windows-1251"));
    const credentials = ["--url", host.url, "--email", admin.email, "--password", admin.password];

    const dry = await runCli([file, "--dry-run", ...credentials]);
    expect(dry.output).toContain("4 rows, windows-1251, semicolon-separated, looks like a amocrm export");
    expect(dry.output).toMatch(/Рабочий телефон\s+→ workPhone/);
    expect(dry.output).toContain("row 4: Рабочий email: Not a valid email address.");
    expect(dry.output).toContain("row 5: duplicate of row 2");
    expect(dry.output).toContain("nothing was imported");
    expect(dry.code).toBe(0);

    const real = await runCli([file, "--duplicates", "skip", ...credentials]);
    expect(real.output).toContain("[##############################] 100% 4/4 rows");
    expect(real.output).toContain("Import done: 2 created, 0 updated, 1 skipped, 1 rejected.");
    expect(real.code).toBe(0);
    const report = readFileSync(join(dir, "amo-report.csv"), "utf8");
    expect(report).toContain("4,rejected,Рабочий email: Not a valid email address.");
    expect(report).toContain("5,skipped,Duplicate of row 2 in this file.");

    const list = await fetch(`${host.url}/v1/contacts?limit=50`, { headers: { authorization: `Bearer ${await token()}` } });
    const names = ((await list.json()) as { items: { firstName: string; source: { kind: string } }[] }).items.map((item) => `${item.firstName}:${item.source.kind}`).sort();
    expect(names).toEqual(["Иван1:import", "Иван2:import"]);
  });

  it("fails clearly on a wrong password or a bad option, importing nothing", async () => {
    const file = join(dir, "one.csv");
    writeFileSync(file, csvText([amoHeaders, amoRow(9)]));
    const wrong = await runCli([file, "--url", host.url, "--email", admin.email, "--password", "wrong password!"]);
    expect(wrong.code).toBe(1);
    expect(wrong.output).toContain(`sign-in as ${admin.email} failed`);
    const bad = await runCli([file, "--duplicates", "merge", "--url", host.url, "--password", admin.password]);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain("--duplicates must be skip, update or create");
    expect(existsSync(join(dir, "one-report.csv"))).toBe(false);
  });
});

async function token(): Promise<string> {
  const redirect = "http://localhost/cli-callback";
  const jar: string[] = [];
  const keep = (response: Response) => response.headers.getSetCookie().forEach((cookie) => jar.push(cookie.split(";")[0]!));
  keep(await fetch(`${host.url}/authorize?client_id=cli&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&provider=password`, { redirect: "manual" }));
  const login = await fetch(`${host.url}/password/authorize`, { method: "POST", redirect: "manual", headers: { cookie: jar.join("; "), "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(admin) });
  const code = new URL(login.headers.get("location")!).searchParams.get("code")!;
  const tokens = (await (await fetch(`${host.url}/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirect, client_id: "cli" }) })).json()) as { access_token: string };
  return tokens.access_token;
}
