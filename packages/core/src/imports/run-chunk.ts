// The `import` job's chunk: duplicate check, batch writes of new contacts, updates, the report's rows and progress.
import { withActor } from "../actor";
import { findStrongMatchesOfMany } from "../contacts/batch-matching";
import type { ClaimSnapshot } from "../contacts/claims";
import * as BatchCreate from "../contacts/batch-create";
import { inParallel } from "../contacts/batch-create";
import type { UnprocessableError, ValidationError } from "../errors";
import type { ChunkOutcome, StoredJob } from "../jobs";
import { countMetric, MetricName } from "../runtime/observability";
import { useStorage } from "../storage";
import { applyTagDeltasOnce } from "../tags/tags";
import { companyNameKey, linkCompany, type CompanyLink } from "./companies";
import { matchQuery } from "./duplicate-keys";
import type { ImportParams } from "./job-params";
import { prepare } from "./prepared-rows";
import { applyRow, rowContactId, runBeforeRowHook, updateRow, type RowResult } from "./row-writes";
import { describeDropped, type ContactFields, type DroppedValue } from "./rows";
import { loadFile } from "./source-file";

/** Rows per job chunk, and how many of a chunk's rows are in flight at once. */
export const CHUNK_ROWS = 500;
let chunkRows = CHUNK_ROWS;
/** Test hook: smaller chunks, so crash-and-resume tests need fewer rows. */
export function setChunkRows(rows: number | undefined): void {
  chunkRows = rows ?? CHUNK_ROWS;
}
export const ROW_CONCURRENCY = 16;
/** Rows planned at once; on a table whose claims are not complete, rows whose duplicate check (a Query per phone and email) runs at once. */
export const MATCH_CONCURRENCY = 32;

const issueText = (error: ValidationError | UnprocessableError) => error.issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ");

/**
 * A chunk of the file: rejected rows aside, every row's phones and emails are checked for
 * duplicates first (all rows at once, `MATCH_CONCURRENCY` in flight). Brand-new contacts then
 * go through the batch path (contacts/batch-create.ts): their items by BatchWriteItem, their
 * tag counts summed and added once per chunk. Rows that update an existing contact, and rows
 * repeating an earlier row of this chunk, go through the single-contact paths afterwards.
 * Replaying the chunk after a crash repeats it safely: rows get the same contact IDs, a row
 * whose lookups are its own is finished (or left alone when its contact row exists), and the
 * chunk's tag counts carry a marker (`applyTagDeltasOnce`).
 */
async function runImportChunk(job: StoredJob): Promise<ChunkOutcome> {
  const params = job.params as ImportParams;
  const file = await loadFile(params.fileKey);
  const prepared = prepare(job.jobId, file, params, job.ownerId);
  const from = job.checkpoint ? Number(job.checkpoint) : 0;
  const to = Math.min(from + chunkRows, file.rows.length);
  const indexes = Array.from({ length: to - from }, (_, i) => from + i);
  const idOf = (index: number) => rowContactId(params.importId, Date.parse(job.createdAt), index);
  const results = new Map<number, RowResult>();

  // The company column: one link per name key in this chunk, asked when a row is about to be
  // written (a skipped row creates no company). Created companies converge across chunks.
  const links = new Map<string, Promise<CompanyLink>>();
  const companyNotes = new Map<number, string>();
  let companiesCreated = 0;
  const fieldsOf = async (index: number): Promise<ContactFields> => {
    const { fields, company } = prepared.mapped[index]!;
    if (!company) return fields!;
    const key = companyNameKey(company.name);
    let link = links.get(key);
    if (!link) {
      // As the importer, whoever runs the chunk: the companies they may see, created as theirs.
      const importer = { type: "user" as const, userId: job.ownerId, role: job.ownerRole, ...(job.ownerTeamId ? { teamId: job.ownerTeamId } : {}) };
      link = withActor(importer, () => linkCompany(company.name, params.importId, Date.parse(job.createdAt))).then((made) => {
        if (made.kind === "created") companiesCreated++;
        return made;
      });
      links.set(key, link);
    }
    const made = await link;
    if (made.kind === "existing" || made.kind === "created") return { ...fields!, companyId: made.companyId };
    companyNotes.set(index, made.kind === "ambiguous" ? `${company.column} "${company.name}": ${made.count} companies have this name; linked to none.` : `${company.column} "${company.name}": the company this import created is in the trash; not linked.`);
    return fields!;
  };

  const fresh: number[] = [];
  const toCheck: number[] = [];
  // A row repeating an earlier row of this chunk waits until that row is in the table.
  const repeats: number[] = [];
  for (const index of indexes) {
    const row = prepared.mapped[index]!;
    if (!row.fields) results.set(index, { outcome: "rejected", reason: row.errors.map((issue) => `${issue.field}: ${issue.message}`).join("; ") });
    else if (params.duplicates === "create") fresh.push(index);
    else if (prepared.firstSeen[index]! >= from) repeats.push(index);
    else toCheck.push(index);
  }

  // Each new row is planned (its items built) as soon as its check answers, while others wait on theirs.
  const plan = BatchCreate.planner();
  const source = { kind: "import" as const, fileName: params.fileName.slice(0, 200) };
  const plans = new Map<number, BatchCreate.PlanResult>();
  const planRow = async (index: number) => {
    plans.set(index, await plan({ input: { ...((await fieldsOf(index)) as object), source, ownerIds: [job.ownerId] } as never, contactId: idOf(index) }));
  };
  const matchesOf = new Map<number, string[]>();
  const updates: number[] = [];
  // The whole chunk's check at once: its values' claims, 100 per BatchGetItem (a Query per value
  // only on a table whose claims are not complete yet).
  const { results: checks, claims: checkedClaims } = await findStrongMatchesOfMany(toCheck.map((index) => ({ ...matchQuery(prepared.mapped[index]!.fields!), excludeContactId: idOf(index) })), MATCH_CONCURRENCY);
  const toPlan = [...fresh];
  toCheck.forEach((index, at) => {
    const { matches, excludedHolds } = checks[at]!;
    // Its own ID holds a value: the row was (partly) written by an earlier run of this chunk.
    if (matches.length === 0 || excludedHolds) return void toPlan.push(index);
    matchesOf.set(index, matches.map((match) => match.contactId));
    if (params.duplicates === "update") return void updates.push(index);
    const earlier = prepared.firstSeen[index]!;
    results.set(index, { outcome: "skipped", reason: earlier >= 0 ? `Duplicate of row ${earlier + 2} in this file.` : "A contact with this phone or email already exists." });
  });
  await inParallel(toPlan, MATCH_CONCURRENCY, planRow);
  // Rows whose value another write claimed first are checked again, one by one, below.
  const lostRows = await createFresh(indexes.filter((index) => plans.has(index)), plans, params, from, results, checkedClaims);
  updates.sort((a, b) => a - b);
  await inParallel(updates, ROW_CONCURRENCY, async (index) => {
    runBeforeRowHook(index);
    results.set(index, await updateRow(matchesOf.get(index)!, await fieldsOf(index)));
  });
  for (const index of repeats) {
    const earlier = prepared.firstSeen[index]!;
    if (params.duplicates === "skip" && results.get(earlier)?.outcome === "created") results.set(index, { outcome: "skipped", reason: `Duplicate of row ${earlier + 2} in this file.` });
    else results.set(index, await applyRow(index, job, params, prepared, fieldsOf));
  }
  for (const index of lostRows) results.set(index, await applyRow(index, job, params, prepared, fieldsOf));

  // Imported rows that lost values (or their company link) are reported too, each value with its column and reason.
  let droppedValues = 0;
  for (const [index, result] of results) {
    if (result.outcome !== "created" && result.outcome !== "updated") continue;
    const dropped: DroppedValue[] = prepared.mapped[index]!.dropped;
    droppedValues += dropped.length;
    const notes = [...dropped.map(describeDropped), ...(companyNotes.has(index) ? [companyNotes.get(index)!] : [])];
    if (notes.length > 0) result.notes = notes;
  }
  type IssueRow = { importId: string; row: number; outcome: "rejected" | "skipped" | "created" | "updated"; reason: string; cells: string[] };
  const issues: IssueRow[] = [];
  for (const [index, result] of results) {
    const base = { importId: params.importId, row: index + 2, cells: file.rows[index]! };
    if (result.outcome === "skipped" || result.outcome === "rejected") issues.push({ ...base, outcome: result.outcome, reason: result.reason.slice(0, 1000) });
    else if ("notes" in result && result.notes) issues.push({ ...base, outcome: result.outcome, reason: `Imported without: ${result.notes.join("; ")}`.slice(0, 1000) });
  }
  if (issues.length > 0) await useStorage().service.entities.importIssue.put(issues).go();
  const count = (outcome: RowResult["outcome"]) => [...results.values()].filter((result) => result.outcome === outcome).length;
  // Rows through this chunk (written, skipped or rejected), for the dashboard (infra/alarms.ts).
  countMetric(MetricName.importRows, indexes.length);
  return {
    checkpoint: to >= file.rows.length ? null : String(to),
    done: indexes.length,
    failed: count("rejected"),
    total: file.rows.length,
    stats: { created: count("created"), updated: count("updated"), skipped: count("skipped"), rejected: count("rejected"), droppedValues, companiesCreated },
    ...(to >= file.rows.length ? { result: { reportPath: `/v1/imports/${params.importId}/report` } } : {}),
  };
}

/**
 * The chunk's brand-new contacts through the batch path. Rows whose contact row exists were
 * finished by an earlier run: not written again, but their tag changes stay in the chunk's sum,
 * which is applied once (keyed by the chunk's first row) after every contact row is written.
 */
async function createFresh(fresh: number[], planned: Map<number, BatchCreate.PlanResult>, params: ImportParams, from: number, results: Map<number, RowResult>, claims?: ClaimSnapshot): Promise<number[]> {
  if (fresh.length === 0) return [];
  const plans: BatchCreate.PlannedContact[] = [];
  const indexOf = new Map<string, number>();
  for (const index of fresh) {
    const result = planned.get(index)!;
    if ("error" in result) results.set(index, { outcome: "rejected", reason: issueText(result.error) });
    else {
      plans.push(result.plan);
      indexOf.set(result.plan.contact.contactId, index);
      results.set(index, { outcome: "created" });
    }
  }
  const finished = await BatchCreate.existingContactIds(plans.map((plan) => plan.contact.contactId));
  const { lost } = await BatchCreate.writePlanned(plans.filter((plan) => !finished.has(plan.contact.contactId)), {
    beforeContact: (contactId) => runBeforeRowHook(indexOf.get(contactId)!),
    // skip / update: a row whose phone, email or handle another contact holds is not written here.
    duplicates: params.duplicates === "create" ? "allow" : "check",
    // The claims the chunk's check read: the first round is conditioned on them without reading again.
    ...(claims ? { claims } : {}),
  });
  for (const contactId of lost) results.delete(indexOf.get(contactId)!);
  await applyTagDeltasOnce("contact", `import:${params.importId}:${from}`, plans.filter((plan) => !lost.has(plan.contact.contactId)).flatMap((plan) => plan.tagDeltas));
  return [...lost].map((contactId) => indexOf.get(contactId)!).sort((a, b) => a - b);
}

export const importJobHandler = { kind: "import", runChunk: runImportChunk };
