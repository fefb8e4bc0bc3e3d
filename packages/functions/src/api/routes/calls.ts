import { Hono } from "hono";
import * as v from "valibot";
import type { ApiEnv } from "../auth";
import { query } from "../body";
import { describe, json, problems } from "../describe";
import { ListCallsInput } from "@callboard/core/calls/schemas";
import { lazyModule } from "../lazy-module";
import { loadCalling } from "@callboard/core/lazy/index";

const Calls = lazyModule(async () => (await loadCalling()).Calls);

/** One call of the log (core/calls/record.ts), as the API shows it. */
export const CallRecordView = v.object({
  callId: v.pipe(v.string(), v.description("List calls: `<listId>.<entryId>.<attempt>`; manual: a ULID; inbound: `inbound:<provider>:<providerCallId>`.")),
  source: v.picklist(["list", "manual", "inbound"]),
  direction: v.picklist(["outbound", "inbound"]),
  number: v.string(),
  contactId: v.optional(v.string()),
  companyId: v.optional(v.string()),
  subjectName: v.optional(v.string()),
  operatorId: v.optional(v.pipe(v.string(), v.description("Who talked (or was reserved)."))),
  listId: v.optional(v.string()),
  entryId: v.optional(v.string()),
  attempt: v.optional(v.number()),
  placedAt: v.string(),
  answeredAt: v.optional(v.string()),
  connectedAt: v.optional(v.string()),
  endedAt: v.optional(v.string()),
  ringSeconds: v.optional(v.number()),
  talkSeconds: v.optional(v.number()),
  outcome: v.optional(v.picklist(["answered", "no-answer", "busy", "failed", "machine"])),
  abandoned: v.optional(v.boolean()),
  disposition: v.optional(v.string()),
  note: v.optional(v.string()),
  callWindowOverride: v.optional(v.boolean()),
  recording: v.optional(
    v.object({
      status: v.picklist(["pending", "stored", "deleted"]),
      durationSeconds: v.optional(v.number()),
      contentType: v.optional(v.string()),
      sizeBytes: v.optional(v.number()),
      storedAt: v.optional(v.string()),
      deletedAt: v.optional(v.string()),
      deletedReason: v.optional(v.string()),
    }),
  ),
  provider: v.optional(v.string()),
  providerCallId: v.optional(v.string()),
});

const CallPageView = v.object({ items: v.array(CallRecordView), cursor: v.optional(v.pipe(v.string(), v.description("The next page; absent on the last."))) });

/**
 * The call log (mounted at /v1/calls; the recording is routes/recordings.ts). Operators and
 * sales see the calls they took, managers their team's, admins all, and each row only if its
 * contact (company) is visible to the user; a call one may not see is a 404 like a missing one.
 */
export const callRoutes = new Hono<ApiEnv>()
  .get(
    "/",
    describe({
      summary:
        "Calls, newest first, by one of contactId, companyId, operatorId or listId, within from/to (YYYY-MM-DD for whole days, or ISO times), paged by cursor (limit 1–100, default 50). No key: managers and admins get the whole log by date (default the last 7 days, at most 92, one Query per day), others their own calls. Queries on an index, never a Scan; calls you may not see are left out, so a page may be short and still have a cursor. 400 names the field of a bad range or cursor",
      responses: { 200: json("A page of calls", CallPageView), ...problems(400, 401) },
    }),
    query(ListCallsInput),
    async (c) => c.json(await Calls.list(c.req.valid("query"))),
  )
  .get(
    "/:callId",
    describe({
      summary: "One call of the log: times, ring and talk seconds, outcome, disposition, note, recording metadata. 404 when you may not see it, exactly like a missing one; 400 for a call ID over 200 characters",
      responses: { 200: json("The call", CallRecordView), ...problems(400, 401, 404) },
    }),
    async (c) => c.json(await Calls.get(c.req.param("callId"))),
  );
