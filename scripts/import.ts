/**
 * `npm run import -- file.csv [--dry-run] [--duplicates skip|update|create] [--map "Header=field" …] [--url …] [--token …]`
 *
 * Imports a CSV of contacts through the API, as the console does: upload, preview, start, then a
 * progress bar until the job is done; rejected and skipped rows are saved next to the file as
 * `<file>-report.csv`. `--map "Компания контакта=company"` (repeatable) maps a column to a field
 * (`--map "Header="` leaves it out), overriding the detection. Defaults to the local `npm start` server (http://localhost:3000) and its
 * seeded admin (ADMIN_EMAIL / ADMIN_PASSWORD, or --email / --password); --token skips sign-in.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";

const usage = 'usage: npm run import -- file.csv [--dry-run] [--duplicates skip|update|create] [--map "Header=field" ...] [--url URL] [--token TOKEN | --email EMAIL --password PASSWORD]';

/** `--map "Header=field"` options as the API's mapping (header → field, or null for "not imported"). */
function mappingOf(options: string[]): Map<string, string | null> {
  const mapping = new Map<string, string | null>();
  for (const option of options) {
    const at = option.lastIndexOf("=");
    if (at <= 0) fail(`--map takes "Header=field" (or "Header=" to leave the column out), not ${JSON.stringify(option)}.`);
    const field = option.slice(at + 1).trim();
    mapping.set(option.slice(0, at).trim(), field === "" || field === "null" ? null : field);
  }
  return mapping;
}

function fail(message: string): never {
  console.error(`import: ${message}`);
  process.exit(1);
}

async function signIn(url: string, email: string, password: string): Promise<string> {
  const redirect = "http://localhost/cli-callback";
  const jar: string[] = [];
  const keep = (response: Response) => response.headers.getSetCookie().forEach((cookie) => jar.push(cookie.split(";")[0]!));
  keep(await fetch(`${url}/authorize?client_id=cli&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&provider=password`, { redirect: "manual" }));
  const login = await fetch(`${url}/password/authorize`, { method: "POST", redirect: "manual", headers: { cookie: jar.join("; "), "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ email, password }) });
  const code = new URL(login.headers.get("location") ?? "http://x/").searchParams.get("code");
  if (!code) fail(`sign-in as ${email} failed (${login.status}): pass --token, or --email/--password (or ADMIN_EMAIL/ADMIN_PASSWORD).`);
  const tokens = (await (await fetch(`${url}/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirect, client_id: "cli" }) })).json()) as { access_token?: string };
  if (!tokens.access_token) fail("the issuer gave no token.");
  return tokens.access_token;
}

function bar(done: number, total: number): string {
  const width = 30;
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(share * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${done}/${total} rows`;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "dry-run": { type: "boolean", default: false },
      duplicates: { type: "string", default: "skip" },
      map: { type: "string", multiple: true, default: [] },
      url: { type: "string", default: process.env.CALLBOARD_URL ?? "http://localhost:3000" },
      token: { type: "string", default: process.env.CALLBOARD_TOKEN },
      email: { type: "string", default: process.env.ADMIN_EMAIL ?? "admin@callboard.local" },
      password: { type: "string", default: process.env.ADMIN_PASSWORD },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return console.log(usage);
  const [file] = positionals;
  if (!file || positionals.length > 1) fail(usage);
  if (!["skip", "update", "create"].includes(values.duplicates!)) fail(`--duplicates must be skip, update or create, not ${values.duplicates}.`);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    fail(`cannot read ${file}: ${(error as Error).message}`);
  }
  // Sent as JSON built from entries: a header never becomes a key of a plain object here.
  const mapping = Object.fromEntries(mappingOf(values.map ?? []));
  const url = values.url!.replace(/\/+$/, "");
  const token = values.token ?? (values.password ? await signIn(url, values.email!, values.password) : fail("no credentials: pass --token, or --password (or set ADMIN_PASSWORD)."));
  const auth = { authorization: `Bearer ${token}` };
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, { method, headers: { ...auth, ...(body !== undefined ? { "content-type": "application/json" } : {}) }, body: body !== undefined ? JSON.stringify(body) : undefined });
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as { detail?: string; title?: string; errors?: { field: string; message: string }[] };
      fail(`${method} ${path} answered ${response.status}: ${problem.detail ?? problem.title ?? ""}${problem.errors ? ` (${problem.errors.map((e) => `${e.field}: ${e.message}`).join("; ")})` : ""}`);
    }
    return (response.headers.get("content-type")?.includes("json") ? response.json() : response.text()) as Promise<T>;
  };

  const created = await api<{ importId: string; upload: { url: string } }>("POST", "/v1/imports", { fileName: basename(file), size: bytes.byteLength });
  // Local servers take the file through the API (bearer token); S3 URLs are presigned.
  const uploadHeaders = created.upload.url.startsWith(url) ? { ...auth, "content-type": "text/csv" } : { "content-type": "text/csv" };
  const uploaded = await fetch(created.upload.url, { method: "PUT", headers: uploadHeaders, body: bytes as Uint8Array<ArrayBuffer> });
  if (!uploaded.ok) fail(`upload answered ${uploaded.status}: ${await uploaded.text()}`);

  type Preview = {
    encoding: string;
    delimiter: string;
    flavour: string;
    totalRows: number;
    columns: { header: string; field: string | null; note?: string }[];
    rows: { row: number; errors: { field: string; message: string }[]; dropped?: { column: string; value: string; reason: string }[]; who?: string; company?: { name: string; match: string }; duplicateOf?: { row?: number; existing?: boolean } }[];
  };
  const preview = await api<Preview>("POST", `/v1/imports/${created.importId}/preview`, { mapping });
  const delimiterName = { ",": "comma", ";": "semicolon", "\t": "tab" }[preview.delimiter] ?? preview.delimiter;
  console.log(`${file}: ${preview.totalRows} rows, ${preview.encoding}, ${delimiterName}-separated, looks like a ${preview.flavour} export`);
  for (const column of preview.columns) console.log(`  ${column.header.padEnd(28)} → ${column.field ?? "(not imported)"}${column.note ? ` (${column.note})` : ""}`);
  const problems = preview.rows.filter((row) => row.errors.length > 0 || row.duplicateOf || row.dropped?.length || row.company?.match === "ambiguous");
  for (const row of problems) {
    // A rejected row names whom it concerns (the name, phone or email found in it) and why.
    const whom = row.who ? ` (${row.who})` : "";
    if (row.errors.length > 0) console.log(`  row ${row.row}${whom}: rejected: ${row.errors.map((error) => `${error.field}: ${error.message}`).join("; ")}`);
    else if (row.duplicateOf) console.log(`  row ${row.row}${whom}: ${row.duplicateOf.row ? `duplicate of row ${row.duplicateOf.row}` : "matches an existing contact"}`);
    for (const drop of row.dropped ?? []) console.log(`  row ${row.row}${whom}: imported without ${drop.column} "${drop.value}": ${drop.reason}`);
    if (row.company?.match === "ambiguous") console.log(`  row ${row.row}${whom}: several companies are named "${row.company.name}": linked to none`);
  }
  if (values["dry-run"]) {
    console.log(`Dry run: previewed the first ${preview.rows.length} rows, ${problems.length} with problems; nothing was imported.`);
    return;
  }

  await api("POST", `/v1/imports/${created.importId}/start`, { mapping, duplicates: values.duplicates });
  type Job = { status: string; total: number; done: number; failed: number; stats?: Record<string, number>; error?: string };
  let job: Job;
  const interactive = process.stdout.isTTY;
  let lastLine = "";
  for (;;) {
    job = await api<Job>("GET", `/v1/jobs/${created.importId}`);
    const line = bar(job.done, job.total);
    if (interactive) process.stdout.write(`\r${line}`);
    else if (line !== lastLine) console.log(line);
    lastLine = line;
    if (!["queued", "running"].includes(job.status)) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (interactive) process.stdout.write("\n");
  const stats = job.stats ?? {};
  console.log(`Import ${job.status}: ${stats.created ?? 0} created, ${stats.updated ?? 0} updated, ${stats.skipped ?? 0} skipped, ${stats.rejected ?? 0} rejected.${job.error ? ` Error: ${job.error}` : ""}`);
  if (stats.droppedValues || stats.companiesCreated) console.log(`${stats.droppedValues ?? 0} values left out (listed in the report), ${stats.companiesCreated ?? 0} companies created.`);
  if ((stats.skipped ?? 0) + (stats.rejected ?? 0) + (stats.droppedValues ?? 0) > 0) {
    const report = await api<string>("GET", `/v1/imports/${created.importId}/report`);
    const reportFile = file.replace(/\.csv$/i, "") + "-report.csv";
    writeFileSync(reportFile, report);
    console.log(`Rows not imported, and values left out, with reasons: ${reportFile}`);
  }
  if (job.status !== "done") process.exit(2);
}

main().catch((error) => fail((error as Error).message));
