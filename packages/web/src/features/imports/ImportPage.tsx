import { useEffect, useState } from "react";
import { authFetch } from "../api/client";
import { API_URL } from "../config";
import { ErrorMessage } from "../components";

/** Import fields a column can map to (core/src/imports/columns.ts). */
const fields = [
  "fullName", "firstName", "lastName", "middleName", "position", "company", "workPhone", "mobilePhone", "homePhone", "otherPhone",
  "email", "workEmail", "otherEmail", "tags", "comment", "address", "website", "birthday", "telegram",
] as const;
type Field = (typeof fields)[number];

interface Preview {
  importId: string;
  encoding: string;
  delimiter: string;
  flavour: string;
  totalRows: number;
  columns: { index: number; header: string; field: Field | null; detected: Field | null; note?: string }[];
  rows: {
    row: number;
    fields?: Record<string, unknown>;
    errors: { field: string; message: string }[];
    /** Values left out of an imported row (bad secondary phone, email…), with column and reason. */
    dropped?: { column: string; value: string; reason: string }[];
    /** Whom the row concerns: name, phone, email found in it. */
    who?: string;
    company?: { name: string; match: "existing" | "new" | "ambiguous" };
    duplicateOf?: { row?: number; existing?: boolean };
  }[];
}
interface Job {
  jobId: string;
  status: "queued" | "running" | "done" | "failed" | "cancelled";
  total: number;
  done: number;
  failed: number;
  stats?: Record<string, number>;
  error?: string;
}

class ProblemError extends Error {}
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await authFetch(`${API_URL}${path}`, { method, headers: body !== undefined ? { "Content-Type": "application/json" } : {}, body: body !== undefined ? JSON.stringify(body) : undefined });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string; title?: string; errors?: { field: string; message: string }[] };
    throw new ProblemError([problem.detail ?? problem.title ?? `HTTP ${response.status}`, ...(problem.errors ?? []).map((e) => `${e.field}: ${e.message}`)].join(" "));
  }
  return response.json() as Promise<T>;
}

const delimiterNames: Record<string, string> = { ",": "comma", ";": "semicolon", "\t": "tab" };
const companyMatch = { existing: "links the existing company", new: "a new company", ambiguous: "several companies have this name: linked to none" } as const;
const summarize = (fields?: Record<string, unknown>) =>
  Object.entries(fields ?? {})
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.map((item) => (typeof item === "object" && item ? (item as { number?: string }).number ?? JSON.stringify(item) : String(item))).join(", ") : String(value)}`)
    .join("; ");

/** Upload a CSV, check the preview (and fix the mapping), start, watch progress, get the report. */
export function ImportPage() {
  const [preview, setPreview] = useState<Preview>();
  // Column headers are the file's own text: kept in a Map, never as keys of a plain object.
  const [mapping, setMapping] = useState<Map<string, Field | null>>(() => new Map());
  const [duplicates, setDuplicates] = useState<"skip" | "update" | "create">("skip");
  const [job, setJob] = useState<Job>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [report, setReport] = useState<{ url: string; name: string }>();

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await action();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const upload = (file: File) =>
    run(async () => {
      setPreview(undefined);
      setJob(undefined);
      setReport(undefined);
      setMapping(new Map());
      const created = await call<{ importId: string; upload: { url: string } }>("POST", "/v1/imports", { fileName: file.name, size: file.size });
      const sameOrigin = created.upload.url.startsWith(API_URL);
      const put = await (sameOrigin ? authFetch : fetch)(created.upload.url, { method: "PUT", headers: { "Content-Type": "text/csv" }, body: file });
      if (!put.ok) {
        const problem = (await put.json().catch(() => ({}))) as { detail?: string; errors?: { field: string; message: string }[] };
        throw new ProblemError(problem.errors?.map((e) => `${e.field}: ${e.message}`).join(" ") ?? problem.detail ?? `Upload failed (${put.status}).`);
      }
      setPreview(await call<Preview>("POST", `/v1/imports/${created.importId}/preview`, {}));
    });

  const remap = (header: string, field: Field | null) =>
    run(async () => {
      const next = new Map(mapping).set(header, field);
      setMapping(next);
      setPreview(await call<Preview>("POST", `/v1/imports/${preview!.importId}/preview`, { mapping: Object.fromEntries(next) }));
    });

  const start = () => run(async () => setJob(await call<Job>("POST", `/v1/imports/${preview!.importId}/start`, { mapping: Object.fromEntries(mapping), duplicates })));

  // Progress: poll the job until it ends.
  useEffect(() => {
    if (!job || !["queued", "running"].includes(job.status)) return;
    const timer = setTimeout(() => void call<Job>("GET", `/v1/jobs/${job.jobId}`).then(setJob, setFailure), 500);
    return () => clearTimeout(timer);
  }, [job]);

  // The report of rows not imported, as a file the browser downloads.
  useEffect(() => {
    if (job?.status !== "done" || !preview) return;
    let url: string | undefined;
    void authFetch(`${API_URL}/v1/imports/${preview.importId}/report`)
      .then((response) => response.blob())
      .then((blob) => {
        url = URL.createObjectURL(blob);
        setReport({ url, name: "import-report.csv" });
      });
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [job?.status, preview]);

  const finished = job && !["queued", "running"].includes(job.status);
  return (
    <section className="page" aria-labelledby="import-title">
      <div className="page-header">
        <h1 id="import-title">Import contacts</h1>
      </div>
      <p className="muted">
        A CSV of up to 20 MB and 100,000 rows: amoCRM/Kommo, Bitrix24, HubSpot, Google Contacts and Outlook exports are recognized; UTF-8 or Windows-1251, separated by commas, semicolons or tabs. A bad phone or email is left out (the report lists it); a row is refused only when nobody is left to reach.
      </p>
      {failure !== undefined ? <ErrorMessage error={failure} /> : null}
      <div className="field">
        <label htmlFor="import-file">CSV file</label>
        <input id="import-file" type="file" accept=".csv,text/csv" disabled={busy || (job && !finished)} onChange={(event) => event.target.files?.[0] && void upload(event.target.files[0])} />
      </div>

      {preview ? (
        <div data-testid="import-preview">
          <p>
            {preview.totalRows} rows, {preview.encoding}, {delimiterNames[preview.delimiter] ?? preview.delimiter}-separated; looks like a {preview.flavour} export.
          </p>
          <h2>Columns</h2>
          <table className="table" data-testid="import-columns">
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">Imported as</th>
              </tr>
            </thead>
            <tbody>
              {preview.columns.map((column) => (
                <tr key={column.index}>
                  <td>
                    {column.header}
                    {column.note ? <span className="muted"> ({column.note})</span> : null}
                  </td>
                  <td>
                    <select aria-label={`Field for ${column.header}`} value={column.field ?? ""} disabled={busy || Boolean(job)} onChange={(event) => void remap(column.header, (event.target.value || null) as Field | null)}>
                      <option value="">(not imported)</option>
                      {fields.map((field) => (
                        <option key={field} value={field}>
                          {field}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>First rows</h2>
          <table className="table" data-testid="import-rows">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Contact</th>
                <th scope="col">Problems</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.row} className={row.errors.length ? "row-error" : undefined}>
                  <td>{row.row}</td>
                  <td>
                    {row.fields ? summarize(row.fields) : row.who ? `Not imported: ${row.who}` : "Not imported"}
                    {row.company ? `; company: ${row.company.name} (${companyMatch[row.company.match]})` : ""}
                  </td>
                  <td>
                    {row.errors.map((error) => `${error.field}: ${error.message}`).join("; ")}
                    {row.dropped?.length ? `Imported without ${row.dropped.map((drop) => `${drop.column} “${drop.value}”: ${drop.reason}`).join("; ")}` : ""}
                    {row.duplicateOf ? `${row.dropped?.length ? " · " : ""}${row.duplicateOf.row ? `Duplicate of row ${row.duplicateOf.row}` : "Matches an existing contact"}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="field">
            <label htmlFor="import-duplicates">Duplicates (same phone or email)</label>
            <select id="import-duplicates" value={duplicates} disabled={Boolean(job)} onChange={(event) => setDuplicates(event.target.value as typeof duplicates)}>
              <option value="skip">Skip the row</option>
              <option value="update">Update the existing contact</option>
              <option value="create">Create anyway</option>
            </select>
          </div>
          {!job ? (
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void start()}>
              Start import
            </button>
          ) : null}
        </div>
      ) : null}

      {job ? (
        <div data-testid="import-progress" role="status">
          <progress max={Math.max(1, job.total)} value={job.done} aria-label="Import progress" />
          <span>
            {" "}
            {job.done} / {job.total} rows · {job.status}
          </span>
          {finished ? (
            <p data-testid="import-summary">
              {job.stats?.created ?? 0} created, {job.stats?.updated ?? 0} updated, {job.stats?.skipped ?? 0} skipped, {job.stats?.rejected ?? 0} rejected.
              {job.stats?.droppedValues ? ` ${job.stats.droppedValues} values left out (see the report).` : ""}
              {job.stats?.companiesCreated ? ` ${job.stats.companiesCreated} companies created.` : ""}
              {job.error ? ` ${job.error}` : ""}
            </p>
          ) : null}
          {report ? (
            <a className="button button-ghost" href={report.url} download={report.name}>
              Download report
            </a>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
