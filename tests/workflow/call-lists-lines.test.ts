import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CallEngine, CallLists } from "../../packages/core/src/call-lists";
import { Contacts } from "../../packages/core/src/contacts";
import { Presence } from "../../packages/core/src/presence";
import { now, setClock } from "../../packages/core/src/runtime/clock";
import { useStorage } from "../../packages/core/src/storage";
import type { User } from "../../packages/core/src/users";
import type { SimulatorBehaviour } from "../../packages/functions/src/local/telephony-simulator";
import { asSystem, listState, openConsoles, seedContacts, startEngine, startTelephony, type Telephony } from "../fixtures/call-lists";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";
import { createTestTable } from "../fixtures/table";

/**
 * Progressive dialing on the real ASL (inline Map of lines on aws-local-stepfunctions): a line
 * dials only after reserving a ready operator, so a list has at most as many calls as ready
 * operators, nobody is reserved twice, and a crash at any step leaks no reservation.
 */
let admin: User;
let manager: User;
let telephony: Telephony;
const running: { stop(): void }[] = [];
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  await createTestTable("workflow");
  telephony = await startTelephony();
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager");
});

afterEach(() => {
  for (const runner of running.splice(0)) runner.stop();
  for (const cleanup of cleanups.splice(0)) cleanup();
  setClock(undefined);
});

afterAll(async () => {
  await telephony.stop();
});

/** Polls every 100 ms (the engine and the operators share DynamoDB Local with these reads). */
async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs: number, label: string): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let phoneSequence = 4000;
const phones = (count: number) => Array.from({ length: count }, () => `+7916${String(3_000_000 + phoneSequence++).slice(-7)}`);

function script(rules: Record<string, SimulatorBehaviour | SimulatorBehaviour[]>) {
  telephony.simulator.setRules({ numbers: rules });
  const simulator = telephony.simulator;
  return { dialsTo: (phone: string) => simulator.dialsTo(phone), calls: () => simulator.calls.filter((call) => call.to in rules) };
}

async function operators(count: number) {
  const users: User[] = [];
  for (let index = 0; index < count; index++) users.push(await seedUser(admin, "operator"));
  return users;
}

async function makeList(operatorIds: string[], numbers: string[], settings: Record<string, unknown> = {}) {
  const contacts = await seedContacts(manager, numbers);
  const { list } = await asUser(manager, () =>
    CallLists.create({ name: "Lines", operatorIds, settings: { maxAttempts: 1, ...settings }, entries: contacts.map((contact) => ({ contactId: contact.contactId })) }),
  );
  return list;
}

/**
 * Operators who dispose at once: each polls for the call on their screen and sets a verdict,
 * noting the moment before (their reservation cannot end earlier than that).
 */
function disposingOperators(users: User[]) {
  const disposedAt = new Map<string, number>();
  let stopped = false;
  const loops = users.map(async (user) => {
    while (!stopped) {
      const active = await asUser(user, () => CallEngine.activeCallFor(user.userId)).catch(() => undefined);
      if (active) {
        const callId = `${active.entry.listId}.${active.entry.entryId}.${active.entry.attempts}`;
        disposedAt.set(callId, now().getTime());
        await asUser(user, () => CallEngine.dispose(active.entry.listId, active.entry.entryId, { disposition: "not-interested" })).catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  cleanups.push(() => (stopped = true));
  return {
    disposedAt,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

async function attemptsOf(listId: string) {
  const { service } = useStorage();
  const { data } = await service.entities.callAttempt.query.primary({ listId }).go({ pages: "all" });
  return data;
}

/**
 * Nobody reserved twice: per operator, each attempt is claimed only after their previous one was
 * over (its outcome for an unanswered call, the verdict's start for an answered one).
 */
function doubleReservations(attempts: Awaited<ReturnType<typeof attemptsOf>>, disposedAt: Map<string, number>) {
  let doubles = 0;
  const byOperator = new Map<string, typeof attempts>();
  for (const attempt of attempts) byOperator.set(attempt.operatorId!, [...(byOperator.get(attempt.operatorId!) ?? []), attempt]);
  for (const own of byOperator.values()) {
    own.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    for (let index = 1; index < own.length; index++) {
      const previous = own[index - 1]!;
      // Answered: free once disposed (or, abandoned, once the call ended); otherwise at its outcome.
      const ended = previous.outcome === "answered" ? (disposedAt.get(previous.callId) ?? (previous.abandoned && previous.callEndedAt ? Date.parse(previous.callEndedAt) : undefined)) : undefined;
      const over = previous.outcome === "answered" ? ended : previous.endedAt ? Date.parse(previous.endedAt) : undefined;
      if (over === undefined || Date.parse(own[index]!.createdAt) < over) {
        doubles++;
      }
    }
  }
  return doubles;
}

/** Reservations left behind: anyone still reserved, on a call or in wrap-up, or a line still holding a call. */
async function leaks(users: User[], listId: string) {
  const rows = await Promise.all(users.map((user) => Presence.rowOf(user.userId)));
  const held = rows.filter((row) => row?.callId || ["reserved", "on-call", "wrap-up"].includes(row?.state ?? "")).map((row) => `${row!.userId}:${row!.state}`);
  const { data: lines } = await useStorage().service.entities.callListLine.query.primary({ listId }).go({ pages: "all" });
  return [...held, ...lines.filter((line) => line.entryId).map((line) => `line ${line.line}: ${line.entryId}`)];
}

describe("progressive dialing: one line per ready operator", () => {
  it("3 operators, 30 entries: every operator gets calls, never two at once, up to 3 calls in parallel", async () => {
    const team = await operators(3);
    const consoles = openConsoles(team);
    cleanups.push(() => consoles.stop());
    await consoles.opened;
    const numbers = phones(30);
    const line = script(Object.fromEntries(numbers.map((number, index) => [number, index % 3 === 0 ? ("no-answer" as const) : ("answered" as const)])));
    const { runner } = startEngine();
    running.push(runner);
    const list = await makeList(team.map((user) => user.userId), numbers);
    const bots = disposingOperators(team);

    let mostInProgress = 0;
    await asUser(manager, () => CallLists.start(list.listId));
    const done = await eventually(async () => {
      const state = await listState(list.listId);
      mostInProgress = Math.max(mostInProgress, state.stats.byStatus.dialing + state.stats.byStatus.answered);
      return state.status === "done" ? state : undefined;
    }, 60_000, "list done");
    await bots.stop();

    const attempts = await attemptsOf(list.listId);
    expect(done.stats).toMatchObject({ total: 30, done: 30, attempts: 30 });
    expect(numbers.every((number) => line.dialsTo(number) === 1)).toBe(true);
    const perOperator = new Map(team.map((user) => [user.userId, attempts.filter((attempt) => attempt.operatorId === user.userId).length]));
    for (const user of team) expect(perOperator.get(user.userId)).toBeGreaterThan(0);
    expect(doubleReservations(attempts, bots.disposedAt)).toBe(0);
    expect(mostInProgress).toBeLessThanOrEqual(3);
    // Every call placed carries its reserved operator and the entry, for the voice leg and the pop.
    for (const call of line.calls()) expect(call.connectTo?.userId).toBe(attempts.find((attempt) => attempt.callId === call.callId)?.operatorId);
    expect(await leaks(team, list.listId)).toEqual([]);
    // Everyone is back to ready, and the list's operators show it.
    const board = await asUser(manager, () => CallLists.operatorsWithPresence(list.listId));
    expect(board.items.map((item) => item.state)).toEqual(["ready", "ready", "ready"]);
  }, 180_000);

  it("an operator who pauses finishes the current call, then their line stops; the others go on", async () => {
    const team = await operators(3);
    const consoles = openConsoles(team);
    cleanups.push(() => consoles.stop());
    await consoles.opened;
    const [pausing] = team as [User, User, User];
    const numbers = phones(18);
    script(Object.fromEntries(numbers.map((number) => [number, "answered" as const])));
    const { runner } = startEngine();
    running.push(runner);
    const list = await makeList(team.map((user) => user.userId), numbers);
    const bots = disposingOperators(team);

    await asUser(manager, () => CallLists.start(list.listId));
    await eventually(async () => (await attemptsOf(list.listId)).some((attempt) => attempt.operatorId === pausing.userId), 20_000, "a call for the pausing operator");
    const paused = await asUser(pausing, () => Presence.setOwn({ state: "paused", reason: "break" }));
    const pausedAt = now().getTime();
    await eventually(async () => (await listState(list.listId)).status === "done", 60_000, "list done");
    await bots.stop();

    const attempts = await attemptsOf(list.listId);
    const theirs = attempts.filter((attempt) => attempt.operatorId === pausing.userId);
    // At most the call they were on when they paused came after: nothing claimed for them since.
    const claimedAfter = theirs.filter((attempt) => Date.parse(attempt.createdAt) > pausedAt);
    expect(claimedAfter).toEqual([]);
    expect(attempts).toHaveLength(18);
    expect(attempts.filter((attempt) => attempt.operatorId !== pausing.userId).length).toBeGreaterThanOrEqual(18 - theirs.length);
    expect(["paused", "reserved", "on-call", "wrap-up"]).toContain(paused.state);
    const final = await asUser(pausing, () => Presence.getOwn());
    expect(final).toMatchObject({ state: "paused", reason: "break" });
    expect(doubleReservations(attempts, bots.disposedAt)).toBe(0);
    expect(await leaks(team.slice(1), list.listId)).toEqual([]);
  }, 180_000);

  it("no ready operator: no dial, and the list says it waits for an operator; one goes ready and it dials", async () => {
    const team = await operators(2);
    const consoles = openConsoles([]);
    cleanups.push(() => consoles.stop());
    const numbers = phones(3);
    const line = script(Object.fromEntries(numbers.map((number) => [number, "no-answer" as const])));
    const { runner } = startEngine();
    running.push(runner);
    const list = await makeList(team.map((user) => user.userId), numbers);
    // One is paused at the console, the other's console is closed (no heartbeat): nobody is ready.
    await consoles.ready(team[0]!);
    await asUser(team[0]!, () => Presence.setOwn({ state: "paused", reason: "training" }));

    await asUser(manager, () => CallLists.start(list.listId));
    const waiting = await eventually(async () => {
      const state = await listState(list.listId);
      return state.waiting ? state : undefined;
    }, 10_000, "waiting for an operator");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(line.calls()).toHaveLength(0);
    expect(waiting.waiting).toMatchObject({ reason: "no-ready-operator", message: "Waiting for an operator" });
    expect(waiting.status).toBe("running");

    await asUser(team[0]!, () => Presence.setOwn({ state: "ready" }));
    const done = await eventually(async () => {
      const state = await listState(list.listId);
      return state.status === "done" ? state : undefined;
    }, 20_000, "list done");
    expect(line.calls()).toHaveLength(3);
    expect(done.waiting).toBeUndefined();
  }, 60_000);

  /**
   * Two operators on a one-number list whose calls are answered, allowed 2 attempts: the list
   * starts and the first call pops on one operator's screen.
   */
  async function firstPopOfCallBackList() {
    const team = await operators(2);
    const consoles = openConsoles(team);
    cleanups.push(() => consoles.stop());
    await consoles.opened;
    const numbers = phones(1);
    script({ [numbers[0]!]: ["answered", "answered"] });
    const { runner } = startEngine();
    running.push(runner);
    const list = await makeList(team.map((user) => user.userId), numbers, { maxAttempts: 2 });
    await asUser(manager, () => CallLists.start(list.listId));
    const first = await eventually(async () => {
      for (const user of team) {
        const active = await asUser(user, () => CallEngine.activeCallFor(user.userId));
        if (active) return { user, active };
      }
      return undefined;
    }, 10_000, "first pop");
    return { list, first };
  }

  /**
   * The one who set the call-back is now the most recently idle (released by the verdict):
   * longest-idle-first alone would pick the other operator, who has been ready since the start.
   * The due time comes once they are ready again (released by their line), as the scenario says;
   * before that the other line rightly gives the call-back to whoever is ready. Answers the pop.
   */
  async function callBackPop(user: User, callbackAt: string) {
    await eventually(async () => (await asUser(user, () => Presence.getOwn()))?.state === "ready", 10_000, "the operator ready again");
    setClock(new Date(Date.parse(callbackAt) + 1000));
    return eventually(() => asUser(user, () => CallEngine.activeCallFor(user.userId)), 10_000, "call-back pop");
  }

  it("a call-back goes back to the operator who set it when they are ready", async () => {
    const { list, first } = await firstPopOfCallBackList();
    const callbackAt = new Date(now().getTime() + 60_000).toISOString();
    await asUser(first.user, () => CallEngine.dispose(list.listId, first.active.entry.entryId, { disposition: "call-back", callbackAt }));
    const second = await callBackPop(first.user, callbackAt);
    expect(second.entry.entryId).toBe(first.active.entry.entryId);
    expect(second.entry.attempts).toBe(2);
    // The card's note keeps the call-back time as data (the console formats it for its reader).
    const card = await asSystem(() => Contacts.get(first.active.entry.entryId));
    expect(card.timeline.items.map((item) => item.note)).toContainEqual({
      kind: "list-call-disposition",
      values: { callListId: list.listId, callListName: expect.any(String), disposition: "call-back", afterTimeout: false, callbackAt },
    });
  }, 60_000);

  it("a verdict landing between a line's last look and its finish: the list waits for the call-back instead of finishing", async () => {
    const { list, first } = await firstPopOfCallBackList();
    // The race made certain: the idle line's last look at the due entries (waitOrFinish's Query
    // without a time bound) finds nothing, the call-back verdict commits, and only then does the
    // line try to finish the list. Only the list's counters can tell it the entry came back.
    const callbackAt = new Date(now().getTime() + 60_000).toISOString();
    let disposed: Promise<unknown> | undefined;
    const stack = useStorage().clients.raw.middlewareStack;
    stack.add(
      (next) => async (args) => {
        const input = args.input as { IndexName?: string; KeyConditionExpression?: string };
        const result = await next(args);
        const items = (result.output as { Items?: unknown[] }).Items;
        if (!disposed && input.IndexName === "gsi5" && !input.KeyConditionExpression?.includes("<") && items?.length === 0) {
          disposed = asUser(first.user, () => CallEngine.dispose(list.listId, first.active.entry.entryId, { disposition: "call-back", callbackAt }));
          await disposed;
        }
        return result;
      },
      { step: "initialize", name: "verdictBeforeFinish" },
    );
    cleanups.push(() => stack.remove("verdictBeforeFinish"));
    await eventually(async () => disposed, 10_000, "the verdict inside the line's last look");
    stack.remove("verdictBeforeFinish");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await listState(list.listId)).status).toBe("running");

    const second = await callBackPop(first.user, callbackAt);
    expect(second.entry).toMatchObject({ entryId: first.active.entry.entryId, attempts: 2 });
  }, 60_000);

  const crashStates = ["ClaimNext", "Dial", "AfterCall", "AwaitWrapUp", "Route", "WaitUntilDue", "AfterWrapUp"] as const;
  it.each(crashStates)("a crash on entering %s: no double dial, no leaked reservation after the restart", async (crashAt) => {
    const team = await operators(3);
    const consoles = openConsoles(team);
    cleanups.push(() => consoles.stop());
    await consoles.opened;
    const numbers = phones(9);
    const line = script(Object.fromEntries(numbers.map((number, index) => [number, index % 2 === 0 ? ("answered" as const) : ("no-answer" as const)])));
    let crashed = false;
    let seen = 0;
    let first: ReturnType<typeof startEngine> | undefined = undefined;
    // Crash the second time any line enters the state (mid-run, with other lines busy).
    first = startEngine({
      onStateEntered: (name) => {
        if (name === crashAt && ++seen === 2 && !crashed) {
          crashed = true;
          first!.runner.stop();
        }
      },
    });
    const settings = crashAt === "AfterWrapUp" ? { wrapUpTimeoutSeconds: 10 } : crashAt === "WaitUntilDue" ? { maxAttempts: 2, retryDelayMinutes: { noAnswer: 1, busy: 1, failed: 1, machine: 1 } } : {};
    const list = await makeList(team.map((user) => user.userId), numbers, settings);
    // For AfterWrapUp nobody disposes at first: the wrap-up times out (10 s, on a clock moved on).
    const bots = crashAt === "AfterWrapUp" ? undefined : disposingOperators(team);
    await asUser(manager, () => CallLists.start(list.listId));
    if (crashAt === "AfterWrapUp") {
      await eventually(async () => (await listState(list.listId)).stats.byStatus.answered > 0, 10_000, "an answered call");
      setClock(new Date(now().getTime() + 11_000));
    }
    if (crashAt === "WaitUntilDue") {
      // Retries are a minute away: the line waits, and crashes in the wait.
      await eventually(async () => crashed || (await listState(list.listId)).stats.byStatus["retry-scheduled"] > 0, 20_000, "a retry");
    }
    await eventually(async () => crashed, 30_000, `a crash at ${crashAt}`);

    // Restart: a fresh runner takes the running list back from DynamoDB (the clock goes on from
    // where it was, so times before and after the crash compare).
    const crashedAt = now();
    const restarted = startEngine();
    setClock(crashedAt);
    running.push(restarted.runner);
    await asSystem(() => CallLists.resumeRunning());
    const laterBots = bots ?? disposingOperators(team);
    const done = await eventually(async () => {
      const state = await listState(list.listId);
      if (state.status === "done") return state;
      if (state.stats.byStatus["retry-scheduled"] > 0) setClock(new Date(now().getTime() + 60_000));
      return undefined;
    }, 60_000, "list done after the restart");
    await laterBots.stop();

    const attempts = await attemptsOf(list.listId);
    // Each attempt rang at most once (never a second call for the same attempt).
    const byAttempt = new Map<string, number>();
    for (const call of line.calls()) byAttempt.set(call.callId, (byAttempt.get(call.callId) ?? 0) + 1);
    expect([...byAttempt.values()].every((count) => count === 1)).toBe(true);
    expect(line.calls().length).toBe(attempts.length);
    expect(done.stats.done).toBe(9);
    if (crashAt !== "AfterWrapUp") expect(doubleReservations(attempts, laterBots.disposedAt)).toBe(0);
    expect(await leaks(team, list.listId)).toEqual([]);
  }, 150_000);

  it("phases: connected puts the operator on the call, ended starts the wrap-up with talk seconds, the verdict frees them", async () => {
    const [solo] = await operators(1);
    const consoles = openConsoles([solo!]);
    cleanups.push(() => consoles.stop());
    await consoles.opened;
    const numbers = phones(1);
    const line = script({ [numbers[0]!]: "answered" });
    const { runner } = startEngine();
    running.push(runner);
    const list = await makeList([solo!.userId], numbers);

    await asUser(manager, () => CallLists.start(list.listId));
    const onCall = await eventually(async () => {
      const presence = await asUser(solo!, () => Presence.getOwn());
      return presence.state === "on-call" ? presence : undefined;
    }, 20_000, "on-call");
    const call = line.calls()[0]!;
    expect(onCall.current).toMatchObject({ callId: call.callId, listId: list.listId });
    const ended = { provider: "simulator", callId: call.callId, providerCallId: call.providerCallId, occurredAt: new Date().toISOString(), phase: "ended" as const, talkSeconds: 42, ringSeconds: 3 };
    await asSystem(() => CallEngine.onCallEvent(ended));
    await asSystem(() => CallEngine.onCallEvent(ended));
    const wrapping = await asUser(solo!, () => Presence.getOwn());
    expect(wrapping).toMatchObject({ state: "wrap-up", wrapUpEndsAt: expect.any(String) });
    const entry = await asSystem(() => CallLists.getEntry(list.listId, call.callId.split(".")[1]!));
    expect(entry.attempts[0]).toMatchObject({ connectedAt: expect.any(String), callEndedAt: expect.any(String), talkSeconds: 42, ringSeconds: 3 });

    await asUser(solo!, () => CallEngine.dispose(list.listId, entry.entryId, { disposition: "interested" }));
    expect(await asUser(solo!, () => Presence.getOwn())).toMatchObject({ state: "ready" });
    await eventually(async () => (await listState(list.listId)).status === "done", 20_000, "done");
  }, 60_000);

  it("abandoned: counted on the list, the entry retried later, the operator released", async () => {
    const [solo] = await operators(1);
    const consoles = openConsoles([solo!]);
    cleanups.push(() => consoles.stop());
    await consoles.opened;
    // Heartbeating, but the push channel is gone: the simulator cannot put the call through.
    consoles.mute(solo!);
    const numbers = phones(1);
    const line = script({ [numbers[0]!]: "answered" });
    const { runner } = startEngine();
    running.push(runner);
    const list = await makeList([solo!.userId], numbers, { maxAttempts: 2 });

    await asUser(manager, () => CallLists.start(list.listId));
    await eventually(async () => (await listState(list.listId)).stats.byStatus.answered === 1, 20_000, "answered");
    const call = line.calls()[0]!;
    // What the provider reports 2 s after the answer with nobody connected (contract: ended + abandoned).
    await asSystem(() =>
      CallEngine.onCallEvent({ provider: "simulator", callId: call.callId, providerCallId: call.providerCallId, occurredAt: new Date().toISOString(), phase: "ended", abandoned: true, talkSeconds: 0, ringSeconds: 0 }),
    );
    const after = await eventually(async () => {
      const state = await listState(list.listId);
      return state.stats.abandoned === 1 && state.stats.byStatus["retry-scheduled"] === 1 ? state : undefined;
    }, 10_000, "abandoned counted");
    expect(after.stats.byStatus.answered).toBe(0);
    const presence = await eventually(async () => {
      const own = await asUser(solo!, () => Presence.getOwn());
      return own.state === "ready" ? own : undefined;
    }, 10_000, "released");
    expect(presence.current).toBeUndefined();
    const entry = await asSystem(() => CallLists.getEntry(list.listId, call.callId.split(".")[1]!));
    expect(entry).toMatchObject({ status: "retry-scheduled", lastOutcome: "abandoned" });
    expect(entry.attempts[0]).toMatchObject({ abandoned: true });
    await asUser(manager, () => CallLists.cancel(list.listId));
  }, 60_000);

  it("a verdict after the wrap-up timed out replaces \"no disposition\" (was 409)", async () => {
    const [solo] = await operators(1);
    const consoles = openConsoles([solo!]);
    cleanups.push(() => consoles.stop());
    await consoles.opened;
    const numbers = phones(2);
    const line = script({ [numbers[0]!]: "answered", [numbers[1]!]: "no-answer" });
    const { runner } = startEngine();
    running.push(runner);
    const list = await makeList([solo!.userId], numbers, { wrapUpTimeoutSeconds: 10 });

    await asUser(manager, () => CallLists.start(list.listId));
    const entryId = await eventually(async () => line.calls()[0]?.callId.split(".")[1], 20_000, "first call");
    // The call is talked and ended; nobody decides; the clock runs past the wrap-up, then the wait times out (10 s).
    await eventually(async () => (await asUser(solo!, () => Presence.getOwn())).state === "on-call", 20_000, "on-call");
    const call = line.calls()[0]!;
    await asSystem(() => CallEngine.onCallEvent({ provider: "simulator", callId: call.callId, providerCallId: call.providerCallId, occurredAt: new Date().toISOString(), phase: "ended", talkSeconds: 5, ringSeconds: 0 }));
    setClock(new Date(now().getTime() + 60_000));
    await eventually(async () => (await asSystem(() => CallLists.getEntry(list.listId, entryId))).disposition === "no-disposition", 40_000, "no disposition");
    await asUser(solo!, () => CallEngine.dispose(list.listId, entryId, { disposition: "interested", note: "called back by mail" }));
    const entry = await asSystem(() => CallLists.getEntry(list.listId, entryId));
    expect(entry).toMatchObject({ status: "wrapped-up", disposition: "interested" });
    // Once only: a second verdict is a conflict.
    await expect(asUser(solo!, () => CallEngine.dispose(list.listId, entryId, { disposition: "not-interested" }))).rejects.toMatchObject({ name: "ConflictError" });
    await asUser(manager, () => CallLists.cancel(list.listId));
  }, 90_000);
});
