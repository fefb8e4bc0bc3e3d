import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { configureFiles, LocalFileStore } from "../../packages/core/src/files";
import { startLocalHost, type LocalHost } from "../../packages/functions/src/local/host";
import { Imports } from "../../packages/core/src/imports";
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
    // Row 3 has a bad work phone beside a valid mobile (imported without it); row 4 has nothing usable.
    const headers = [...amoHeaders, "Фирма"];
    const rows = [amoRow(1), amoRow(2, { "Рабочий телефон": "12-34" }), amoRow(3, { "Имя": "", "Фамилия": "", "Рабочий email": "nope", "Рабочий телефон": "", "Мобильный телефон": "" }), amoRow(1)];
    writeFileSync(file, encode(csvText([headers, ...rows.map((row, i) => [...row, `Фирма Клиента ${i}`])], ";"), "windows-1251"));
    const credentials = ["--url", host.url, "--email", admin.email, "--password", admin.password];
    const map = ["--map", "Компания=", "--map", "Фирма=company"];

    const dry = await runCli([file, "--dry-run", ...map, ...credentials]);
    expect(dry.output).toContain("4 rows, windows-1251, semicolon-separated, looks like a amocrm export");
    expect(dry.output).toMatch(/Рабочий телефон\s+→ workPhone/);
    expect(dry.output).toMatch(/Компания\s+→ \(not imported\)/);
    expect(dry.output).toMatch(/Фирма\s+→ company/);
    // A rejected row names whom it concerns and why.
    expect(dry.output).toContain(`row 4 (nope): rejected: Рабочий email: Not a valid email address.; row: ${Imports.NOTHING_USABLE}`);
    expect(dry.output).toContain('row 3 (Иван2 Петров2, 12-34, ivan2@example.ru): imported without Рабочий телефон "12-34"');
    expect(dry.output).toContain("row 5 (Иван1 Петров1, +7 495 0000001, ivan1@example.ru): duplicate of row 2");
    expect(dry.output).toContain("nothing was imported");
    expect(dry.code).toBe(0);

    const real = await runCli([file, "--duplicates", "skip", ...map, ...credentials]);
    expect(real.output).toContain("[##############################] 100% 4/4 rows");
    expect(real.output).toContain("Import done: 2 created, 0 updated, 1 skipped, 1 rejected.");
    expect(real.output).toContain("1 values left out (listed in the report), 2 companies created.");
    expect(real.code).toBe(0);
    const report = readFileSync(join(dir, "amo-report.csv"), "utf8");
    expect(report).toContain('3,created,"Imported without: Рабочий телефон ""12-34"": ');
    expect(report).toContain('4,rejected,"Рабочий email: Not a valid email address.; row: Nothing usable is left');
    expect(report).toContain("5,skipped,Duplicate of row 2 in this file.");

    const list = await fetch(`${host.url}/v1/contacts?limit=50`, { headers: { authorization: `Bearer ${await token()}` } });
    const items = ((await list.json()) as { items: { contactId: string; firstName: string; source: { kind: string } }[] }).items;
    expect(items.map((item) => `${item.firstName}:${item.source.kind}`).sort()).toEqual(["Иван1:import", "Иван2:import"]);
    // The mapped column linked a company (not the comment); the unmapped «Компания» was left out.
    const card = (await (await fetch(`${host.url}/v1/contacts/${items.find((item) => item.firstName === "Иван2")!.contactId}`, { headers: { authorization: `Bearer ${await token()}` } })).json()) as { company?: { name: string }; comment?: string };
    expect(card.company?.name).toBe("Фирма Клиента 1");
    expect(card.comment).toBeUndefined();
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
