import { Hono } from "hono";
import type { ApiEnv } from "../auth";
import { jsonBody, query } from "../body";
import { pageQuery } from "../preconditions";
import { describe, empty, json, locationHeader, problems } from "../describe";
import {
  BlockedNumberPageView,
  BlockedNumberView,
  CallEntryDetailView,
  CallEntryPageView,
  CallListCreatedView,
  CallListPageView,
  CallListStatisticsView,
  CallListView,
  DispositionView,
  EntriesAddedView,
  ListOperatorsView,
} from "../schemas/call-lists";
import * as v from "valibot";
import { presenceStates } from "@callboard/core/presence/presence.entity";
import * as CallListModel from "@callboard/core/call-lists/model";
import { lazyModule } from "../lazy-module";
import { loadCalling } from "@callboard/core/lazy/index";

// The call-list code loads with the first call-list request (lazy-module.ts).
const CallLists = lazyModule(async () => (await loadCalling()).CallLists);
const CallEngine = lazyModule(async () => (await loadCalling()).CallEngine);
const BlockedNumbers = lazyModule(async () => (await loadCalling()).BlockedNumbers);
const CallListStatistics = lazyModule(async () => (await loadCalling()).CallListStatistics);
const NextCall = lazyModule(async () => (await loadCalling()).NextCall);

/** start, pause, resume and cancel answer the list. */
const listChange = (summary: string) => describe({ summary, responses: { 200: json("The list", CallListView), ...problems(400, 401, 403, 404, 409) } });

const PageQuery = pageQuery(CallListModel.pageSizes);

export const callListRoutes = new Hono<ApiEnv>()
  .get(
    "/",
    describe({ summary: "Call lists you may see (creators, managers and admins: theirs or all; operators: the ones they work)", responses: { 200: json("Lists", CallListPageView), ...problems(400, 401, 403) } }),
    query(PageQuery),
    async (c) => c.json(await CallLists.list(c.req.valid("query"))),
  )
  .post(
    "/",
    describe({
      summary:
        "Create a call list (admin, manager, sales): name, active operators, settings (call window, attempts, retry delays, ring and wrap-up timeouts) and entries: contacts (`entries`), every contact of companies (`companyIds`) or a company's own phone (`companies`). Contacts you may not see, duplicates and numbers not on the card are listed as rejected",
      responses: { 201: json("Created (a draft: start it)", CallListCreatedView, locationHeader), ...problems(400, 401, 403, 413, 415) },
    }),
    jsonBody(CallListModel.CreateCallListInput),
    async (c) => {
    const created = await CallLists.create(c.req.valid("json"));
      c.header("location", `/v1/call-lists/${created.list.listId}`);
      return c.json(created, 201);
    },
  )
  .get("/:listId", describe({ summary: "A list with its progress and per-operator statistics", responses: { 200: json("The list", CallListView), ...problems(400, 401, 403, 404) } }), async (c) => c.json(await CallLists.get(c.req.param("listId"))))
  .patch(
    "/:listId",
    describe({
      summary:
        "Change the list's call script (`settings.script`, at most 4000 characters, placeholders {firstName} {lastName} {name} {company} {operatorName} {listName}; null removes it); the list's creator, managers and admins",
      responses: { 200: json("The list", CallListView), ...problems(400, 401, 403, 404, 409, 413, 415) },
    }),
    jsonBody(CallListModel.UpdateCallListInput),
    async (c) =>
    c.json(await CallLists.update(c.req.param("listId"), c.req.valid("json"))),
  )
  .post(
    "/:listId/entries",
    describe({ summary: "Add contacts or companies to a list, also while it runs (up to 1,000 per request)", responses: { 200: json("Added and rejected", EntriesAddedView), ...problems(400, 401, 403, 404, 409, 413, 415) } }),
    jsonBody(CallListModel.AddEntriesInput),
    async (c) =>
    c.json(await CallLists.addEntries(c.req.param("listId"), c.req.valid("json"))),
  )
  /** Charts of the list: funnel, calls per hour, talk time per operator (issue 18). */
  .get(
    "/:listId/statistics",
    describe({
      summary:
        "The list's charts: both rates named for what they divide (answeredPercentOfAttempts, reachedPercentOfFinishedEntries), the funnel (dialed, answered by a person, each disposition), calls per UTC hour over the list's life, talk time per operator, abandoned calls. Counts from the list's counters; dispositions, hours and talk time from the call log (one bounded Query). Whoever may see the list",
      responses: { 200: json("Statistics", CallListStatisticsView), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await CallListStatistics.statistics(c.req.param("listId"))),
  )
  .get(
    "/:listId/operators",
    describe({
      summary: "The list's operators with their live presence state and since when (managers, admins and the list's creator; an operator of the list: 403)",
      responses: { 200: json("Operators", ListOperatorsView), ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await CallLists.operatorsWithPresence(c.req.param("listId"))))
  .put(
    "/:listId/operators",
    describe({
      summary:
        "Replace the operators who take the list's answered calls (all must be active users); a running list uses them from its next call. Removed operators keep their statistics and stop seeing the list",
      responses: { 200: json("The list", CallListView), ...problems(400, 401, 403, 404, 409, 413, 415) },
    }),
    jsonBody(CallListModel.SetOperatorsInput),
    async (c) =>
    c.json(await CallLists.setOperators(c.req.param("listId"), c.req.valid("json"))),
  )
  .get("/:listId/entries", describe({ summary: "The list's entries in dialing order", responses: { 200: json("Entries", CallEntryPageView), ...problems(400, 401, 403, 404) } }), query(PageQuery), async (c) =>
    c.json(await CallLists.listEntries(c.req.param("listId"), c.req.valid("query"))),
  )
  .get("/:listId/entries/:entryId", describe({ summary: "One entry with every attempt (call ID, outcome, times)", responses: { 200: json("The entry", CallEntryDetailView), ...problems(400, 401, 403, 404) } }), async (c) =>
    c.json(await CallLists.getEntry(c.req.param("listId"), c.req.param("entryId"))),
  )
  .post(
    "/:listId/entries/:entryId/disposition",
    describe({
      summary:
        "The operator's verdict on an answered call; ends the wrap-up and the engine dials the next. `call-back` with `callbackAt` dials again then; `do-not-call` sets the flag on the card",
      responses: { 200: json("Recorded", DispositionView), ...problems(400, 401, 403, 404, 409, 413, 415) },
    }),
    jsonBody(CallListModel.DispositionInput),
    async (c) =>
    c.json(await CallEngine.dispose(c.req.param("listId"), c.req.param("entryId"), c.req.valid("json"))),
  )
  .post("/:listId/start", listChange("Start dialing (a running list keeps its one engine). 409 when the list was cancelled or every operator was deactivated"), async (c) => c.json(await CallLists.start(c.req.param("listId"))))
  .post("/:listId/pause", listChange("Pause: the current call and its wrap-up finish, then the engine stops"), async (c) => c.json(await CallLists.pause(c.req.param("listId"))))
  .post("/:listId/resume", listChange("Resume a paused or finished list where it stopped (same as start); a draft was never started: 409, start it"), async (c) => c.json(await CallLists.resume(c.req.param("listId"))))
  .post("/:listId/cancel", listChange("Cancel for good: pending entries are skipped"), async (c) => c.json(await CallLists.cancel(c.req.param("listId"))));

/** `GET /v1/operator/next-call`: what the operator sees between calls. */
const NextCallView = v.object({
  state: v.picklist(presenceStates),
  runningLists: v.array(v.object({ listId: v.string(), name: v.string() })),
  nextDueAt: v.optional(v.string()),
  dueInSeconds: v.optional(v.number()),
  listId: v.optional(v.string()),
  listName: v.optional(v.string()),
});

/** The operator's screen: the answered call waiting for me (the card pop), polled every second. */
export const operatorRoutes = new Hono<ApiEnv>()
  .get(
    "/active-call",
    describe({
      summary: "The answered call-list call waiting on your screen (the card pop; the console polls it every second), or null",
      responses: { 200: json("The call, its card and the list's progress", v.object({ activeCall: v.nullable(v.record(v.string(), v.unknown())) })), ...problems(401, 403) },
    }),
    async (c) => {
      const active = await CallEngine.activeCall();
      return c.json({ activeCall: active ?? null });
    },
  )
  /** Between calls: when the operator's running lists next have an entry due. */
  .get(
    "/next-call",
    describe({
      summary: "Between calls: your presence, your running lists and when their next entry is due (`dueInSeconds` 0: now; no `nextDueAt`: nothing waits to be dialed)",
      responses: { 200: json("Your queue", NextCallView), ...problems(401, 403) },
    }),
    async (c) => c.json(await NextCall.nextCall()),
  );

export const blockedNumberRoutes = new Hono<ApiEnv>()
  .get(
    "/",
    describe({ summary: "The organization's do-not-call numbers, in number order (anyone signed in may check them)", responses: { 200: json("Numbers", BlockedNumberPageView), ...problems(400, 401) } }),
    query(PageQuery),
    async (c) => c.json(await BlockedNumbers.list(c.req.valid("query"))),
  )
  .post(
    "/",
    describe({ summary: "Never call this number from any list (admin, manager); any format, stored as E.164", responses: { 201: json("Blocked", BlockedNumberView), ...problems(400, 401, 403, 409, 413, 415) } }),
    jsonBody(CallListModel.BlockNumberInput),
    async (c) => c.json(await BlockedNumbers.block(c.req.valid("json")), 201),
  )
  .delete("/:phone", describe({ summary: "Allow calls to the number again (admin, manager)", responses: { 204: empty("Removed"), ...problems(400, 401, 403, 404) } }), async (c) => {
    await BlockedNumbers.unblock(c.req.param("phone"));
    return c.body(null, 204);
  });
