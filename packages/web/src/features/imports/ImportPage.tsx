import { ErrorMessage } from "../../components";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, authFetch } from "../../api/client";
import type { FieldError, Problem } from "../../api/types";
import { API_URL } from "../../config";
import { FieldMessages } from "../../form";
import { formatCalendarDate, formatNumber, formatPhone } from "../../format";
import { t } from "../../i18n";
import { fieldErrorText, fieldPath, withLabel } from "../../i18n/errors";
import { localizedFieldErrors } from "../admin/fieldErrors";
import { PageFrame } from "../shell/PageFrame";
import "./imports.css";

/** Import fields a column can map to (core/src/imports/columns.ts). */
const fields = [
  "fullName", "firstName", "lastName", "middleName", "position", "company", "workPhone", "mobilePhone", "homePhone", "otherPhone",
  "email", "workEmail", "otherEmail", "tags", "comment", "address", "website", "birthday", "telegram",
] as const;
type Field = (typeof fields)[number];

/** Why a value or a row was refused: English `reason`/`message`, and a stable `code` the console translates. */
type Coded = { code?: string; values?: Record<string, unknown> };
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
    errors: ({ field: string; message: string } & Coded)[];
    /** Values left out of an imported row (bad secondary phone, email…), with column and reason. */
    dropped?: ({ column: string; value: string; reason: string } & Coded)[];
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

/** A request of the import flow; a refusal is an ApiError, said in the user's language by ErrorMessage. */
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await authFetch(`${API_URL}${path}`, { method, headers: body !== undefined ? { "Content-Type": "application/json" } : {}, body: body !== undefined ? JSON.stringify(body) : undefined });
  if (!response.ok) throw await refusal(response);
  return response.json() as Promise<T>;
}

async function refusal(response: Response): Promise<ApiError> {
  const problem = (await response.json().catch(() => ({}))) as Partial<Problem>;
  return new ApiError({ type: "about:blank", title: "", ...problem, status: response.status });
}

const delimiters: Record<string, "comma" | "semicolon" | "tab"> = { ",": "comma", ";": "semicolon", "\t": "tab" };

/** A refused value's reason in the reader's language (the API's English only for a code it has no words for). */
const reasonText = (reason: { message: string } & Coded) => fieldErrorText({ message: reason.message, ...(reason.code ? { code: reason.code } : {}), ...(reason.values ? { values: reason.values } : {}) } as FieldError);

/** A previewed contact's fields as "Имя: Иван; Телефоны: 8 (916) 123-45-67". */
function summarize(values?: Record<string, unknown>): string {
  return Object.entries(values ?? {})
    .map(([key, value]) => {
      const items = Array.isArray(value) ? value.map((item) => (typeof item === "object" && item ? (item as { number?: string }).number ?? (item as { address?: string }).address ?? JSON.stringify(item) : String(item))) : [typeof value === "object" && value ? Object.values(value).join(", ") : String(value)];
      const shown = key === "phones" ? items.map((number) => formatPhone(number)) : key === "birthday" ? items.map((date) => formatCalendarDate(date)) : items;
      return t("imports:row.value", { field: t(`imports:contactField.${key}`, { defaultValue: key }), value: shown.join(", ") });
    })
    .join("; ");
}

/** Upload a CSV, check the preview (and fix the mapping), start, watch progress, get the report. */
export function ImportPage() {
  const { t } = useTranslation();
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
      if (!put.ok) throw await refusal(put);
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

  // A refused file (too large, too many rows, not CSV) is said next to the file input; a refused
  // column mapping names its column, in the banner.
  const errors = localizedFieldErrors(failure, { rules: { file: t("imports:rule.file", { maxRows: formatNumber(100_000) }) } });
  const isFileError = (path: string) => ["file", "fileName", "size"].some((name) => path === name || path.startsWith(`${name}.`));
  // `size` and `fileName` are what the console sent about the file: said as what is wrong with the file.
  const emptyFile = failure instanceof ApiError && (failure.problem.errors ?? []).some((error) => fieldPath(error.field) === "size" && error.code === "too-small");
  const fileRule = emptyFile ? t("imports:rule.empty") : t("imports:rule.file", { maxRows: formatNumber(100_000) });
  const fileMessages = [...new Set(Object.entries(errors).flatMap(([path, messages]) => (path === "file" ? messages : isFileError(path) ? [fileRule] : [])))];
  const otherMessages = Object.entries(errors).flatMap(([path, messages]) =>
    isFileError(path) ? [] : messages.map((message) => (path.startsWith("mapping.") ? t("errors:labelled", { label: path.slice("mapping.".length), message }) : withLabel(path, message))),
  );
  const finished = job && !["queued", "running"].includes(job.status);
  const delimiter = preview ? delimiters[preview.delimiter] : undefined;
  return (
    <PageFrame id="import" title={t("imports:title")} className="import-page" intro={t("imports:intro", { maxRows: formatNumber(100_000) })}>
      {failure !== undefined && fileMessages.length === 0 ? (
        <ErrorMessage error={failure} fieldErrors={false}>
          {otherMessages.length ? (
            <ul data-testid="import-errors">
              {otherMessages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}
        </ErrorMessage>
      ) : null}
      <div className={`field${fileMessages.length ? " invalid" : ""}`}>
        <label htmlFor="import-file">{t("imports:step.file")}</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          disabled={busy || (job && !finished)}
          aria-invalid={fileMessages.length > 0}
          {...(fileMessages.length ? { "aria-describedby": "import-file-error" } : {})}
          onChange={(event) => event.target.files?.[0] && void upload(event.target.files[0])}
        />
        <FieldMessages id="import-file-error" testId="error-file" messages={fileMessages} />
      </div>

      {preview ? (
        <div data-testid="import-preview">
          <p data-testid="import-detected">
            {t("imports:preview.detected", {
              count: preview.totalRows,
              rows: formatNumber(preview.totalRows),
              encoding: preview.encoding,
              delimiter: delimiter ? t(`imports:delimiter.${delimiter}`) : preview.delimiter,
              flavour: t(`imports:flavour.${preview.flavour}`),
            })}
          </p>
          <h2>{t("imports:step.columns")}</h2>
          <div className="table-wrap">
            <table className="table" data-testid="import-columns">
              <thead>
                <tr>
                  <th scope="col">{t("imports:column.header")}</th>
                  <th scope="col">{t("imports:column.field")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.columns.map((column) => (
                  <tr key={column.index}>
                    <td data-label={t("imports:column.header")}>
                      {column.header}
                      {column.note ? <span className="muted"> {t("imports:column.reserved")}</span> : null}
                    </td>
                    <td data-label={t("imports:column.field")}>
                      <select aria-label={t("imports:column.fieldFor", { header: column.header })} value={column.field ?? ""} disabled={busy || Boolean(job)} onChange={(event) => void remap(column.header, (event.target.value || null) as Field | null)}>
                        <option value="">{t("imports:column.notImported")}</option>
                        {fields.map((field) => (
                          <option key={field} value={field}>
                            {t(`imports:field.${field}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>{t("imports:step.rows")}</h2>
          <div className="table-wrap">
            <table className="table" data-testid="import-rows">
              <thead>
                <tr>
                  <th scope="col">{t("imports:row.number")}</th>
                  <th scope="col">{t("imports:row.contact")}</th>
                  <th scope="col">{t("imports:row.problems")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <PreviewRow key={row.row} row={row} />
                ))}
              </tbody>
            </table>
          </div>
          <div className="field">
            <label htmlFor="import-duplicates">{t("imports:duplicates.label")}</label>
            <select id="import-duplicates" value={duplicates} disabled={Boolean(job)} onChange={(event) => setDuplicates(event.target.value as typeof duplicates)}>
              <option value="skip">{t("imports:duplicates.skip")}</option>
              <option value="update">{t("imports:duplicates.update")}</option>
              <option value="create">{t("imports:duplicates.create")}</option>
            </select>
          </div>
          {!job ? (
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void start()}>
              {t("imports:start")}
            </button>
          ) : null}
        </div>
      ) : null}

      {job ? (
        <div data-testid="import-progress" role="status">
          <h2>{t("imports:step.progress")}</h2>
          <progress max={Math.max(1, job.total)} value={job.done} aria-label={t("imports:progress.label")} />
          <p data-testid="import-progress-text">{t("imports:progress.rows", { count: job.total, done: formatNumber(job.done), total: formatNumber(job.total), status: t(`imports:status.${job.status}`) })}</p>
          {finished ? <ImportSummary job={job} /> : null}
          {report ? (
            <a className="button button-ghost" href={report.url} download={report.name}>
              {t("imports:report")}
            </a>
          ) : null}
        </div>
      ) : null}
    </PageFrame>
  );
}

/** One previewed row: whom it imports, and what is wrong or left out, in the reader's language. */
function PreviewRow({ row }: { row: Preview["rows"][number] }) {
  const { t } = useTranslation();
  const refusals = row.errors.map((error) => (error.field === "row" ? t("imports:row.nothingUsable") : t("imports:row.valueRefused", { column: error.field, reason: reasonText(error) })));
  const dropped = (row.dropped ?? []).map((drop) => t("imports:row.valueDropped", { column: drop.column, value: drop.value, reason: reasonText({ message: drop.reason, ...drop }) }));
  const duplicate = row.duplicateOf ? (row.duplicateOf.row ? t("imports:row.duplicateOfRow", { row: row.duplicateOf.row }) : t("imports:row.duplicateOfExisting")) : undefined;
  return (
    <tr className={row.errors.length ? "row-error" : undefined}>
      <td data-label={t("imports:row.number")}>{row.row}</td>
      <td data-label={t("imports:row.contact")}>
        {row.fields ? summarize(row.fields) : row.who ? t("imports:row.notImportedWho", { who: row.who }) : t("imports:row.notImported")}
        {row.company ? <span className="import-company">{t(`imports:row.company.${row.company.match}`, { name: row.company.name })}</span> : null}
      </td>
      <td data-label={t("imports:row.problems")}>
        <ul className="import-problems">
          {[...refusals, ...dropped, ...(duplicate ? [duplicate] : [])].map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      </td>
    </tr>
  );
}

/** What the finished import did, each count with its language's plural. */
function ImportSummary({ job }: { job: Job }) {
  const { t } = useTranslation();
  const stat = (name: string) => job.stats?.[name] ?? 0;
  const lines = [
    t("imports:summary.created", { count: stat("created") }),
    t("imports:summary.updated", { count: stat("updated") }),
    t("imports:summary.skipped", { count: stat("skipped") }),
    t("imports:summary.rejected", { count: stat("rejected") }),
    ...(stat("droppedValues") ? [t("imports:summary.droppedValues", { count: stat("droppedValues") })] : []),
    ...(stat("companiesCreated") ? [t("imports:summary.companiesCreated", { count: stat("companiesCreated") })] : []),
    ...(job.status === "failed" ? [t("imports:summary.failed")] : job.status === "cancelled" ? [t("imports:summary.cancelled")] : []),
  ];
  return (
    <ul data-testid="import-summary" className="import-summary">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
