import { Hono } from "hono";
import { withActor } from "@callboard/core/actor";
import { BlockedNumbers, CallEngine, CallLists, CallListStatistics, nextCall } from "@callboard/core/call-lists";
import type { ApiEnv } from "../auth";
import { jsonBody, query } from "../body";
import { pageQuery } from "../preconditions";

const PageQuery = pageQuery(CallLists.pageSizes);

export const callListRoutes = new Hono<ApiEnv>()
  .get("/", query(PageQuery), async (c) => c.json(await withActor(c.var.actor, () => CallLists.list(c.req.valid("query")))))
  .post("/", jsonBody(CallLists.CreateCallListInput), async (c) => {
    const created = await withActor(c.var.actor, () => CallLists.create(c.req.valid("json")));
    c.header("location", `/v1/call-lists/${created.list.listId}`);
    return c.json(created, 201);
  })
  .get("/:listId", async (c) => c.json(await withActor(c.var.actor, () => CallLists.get(c.req.param("listId")))))
  .patch("/:listId", jsonBody(CallLists.UpdateCallListInput), async (c) =>
    c.json(await withActor(c.var.actor, () => CallLists.update(c.req.param("listId"), c.req.valid("json")))),
  )
  .post("/:listId/entries", jsonBody(CallLists.AddEntriesInput), async (c) =>
    c.json(await withActor(c.var.actor, () => CallLists.addEntries(c.req.param("listId"), c.req.valid("json")))),
  )
  /** Charts of the list: funnel, calls per hour, talk time per operator (issue 18). */
  .get("/:listId/statistics", async (c) => c.json(await withActor(c.var.actor, () => CallListStatistics.statistics(c.req.param("listId")))))
  .get("/:listId/operators", async (c) => c.json(await withActor(c.var.actor, () => CallLists.operatorsWithPresence(c.req.param("listId")))))
  .put("/:listId/operators", jsonBody(CallLists.SetOperatorsInput), async (c) =>
    c.json(await withActor(c.var.actor, () => CallLists.setOperators(c.req.param("listId"), c.req.valid("json")))),
  )
  .get("/:listId/entries", query(PageQuery), async (c) =>
    c.json(await withActor(c.var.actor, () => CallLists.listEntries(c.req.param("listId"), c.req.valid("query")))),
  )
  .get("/:listId/entries/:entryId", async (c) =>
    c.json(await withActor(c.var.actor, () => CallLists.getEntry(c.req.param("listId"), c.req.param("entryId")))),
  )
  .post("/:listId/entries/:entryId/disposition", jsonBody(CallEngine.DispositionInput), async (c) =>
    c.json(await withActor(c.var.actor, () => CallEngine.dispose(c.req.param("listId"), c.req.param("entryId"), c.req.valid("json")))),
  )
  .post("/:listId/start", async (c) => c.json(await withActor(c.var.actor, () => CallLists.start(c.req.param("listId")))))
  .post("/:listId/pause", async (c) => c.json(await withActor(c.var.actor, () => CallLists.pause(c.req.param("listId")))))
  .post("/:listId/resume", async (c) => c.json(await withActor(c.var.actor, () => CallLists.resume(c.req.param("listId")))))
  .post("/:listId/cancel", async (c) => c.json(await withActor(c.var.actor, () => CallLists.cancel(c.req.param("listId")))));

/** The operator's screen: the answered call waiting for me (the card pop), polled every second. */
export const operatorRoutes = new Hono<ApiEnv>()
  .get("/active-call", async (c) => {
    const active = await withActor(c.var.actor, () => CallEngine.activeCall());
    return c.json({ activeCall: active ?? null });
  })
  /** Between calls: when the operator's running lists next have an entry due. */
  .get("/next-call", async (c) => c.json(await withActor(c.var.actor, () => nextCall())));

export const blockedNumberRoutes = new Hono<ApiEnv>()
  .get("/", query(PageQuery), async (c) => c.json(await withActor(c.var.actor, () => BlockedNumbers.list(c.req.valid("query")))))
  .post("/", jsonBody(BlockedNumbers.BlockNumberInput), async (c) => c.json(await withActor(c.var.actor, () => BlockedNumbers.block(c.req.valid("json"))), 201))
  .delete("/:phone", async (c) => {
    await withActor(c.var.actor, () => BlockedNumbers.unblock(c.req.param("phone")));
    return c.body(null, 204);
  });
