import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BlockedNumbers, CallEngine, CallLists, configureCallListPorts } from "../../packages/core/src/call-lists";
import { useTelephony, type PlaceCallInput, type TelephonyProvider } from "../../packages/core/src/telephony";
import { Contacts } from "../../packages/core/src/contacts";
import * as ContactMerges from "../../packages/core/src/contacts/merge";
import { advanceClock, setClock } from "../../packages/core/src/runtime/clock";
import { Users, type User } from "../../packages/core/src/users";
import { asSystem, eventually, listState, openConsoles, seedContacts, startEngine, startTelephony, type Telephony } from "../fixtures/call-lists";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";
import type { SimulatorBehaviour } from "../../packages/functions/src/local/telephony-simulator";
import { createTestTable } from "../fixtures/table";

let admin: User;
let manager: User;
let operator: User;
const running: { stop(): void }[] = [];
let telephony: Telephony;
/** The operators' consoles: ready, heartbeating (the engine dials only for ready operators). */
let consoles: ReturnType<typeof openConsoles>;

beforeAll(async () => {
  await createTestTable("workflow");
  telephony = await startTelephony();
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager");
  operator = await seedUser(admin, "operator");
  consoles = openConsoles([operator]);
  await consoles.opened;
});

afterEach(() => {
  for (const runner of running.splice(0)) runner.stop();
  setClock(undefined);
});

afterAll(async () => {
  consoles.stop();
  await telephony.stop();
});

/** What the simulator does for each of this test's numbers (a list plays out call by call). */
function script(rules: Record<string, SimulatorBehaviour | SimulatorBehaviour[]>) {
  telephony.simulator.setRules({ numbers: rules });
  const simulator = telephony.simulator;
  return {
    dialsTo: (phone: string) => simulator.dialsTo(phone),
    calls: () => simulator.calls.filter((call) => call.to in rules),
    refused: (phone: string) => simulator.refusedRequests.filter((request) => request.to === phone),
  };
}

let phoneSequence = 2000;
/** Fresh valid Moscow mobile numbers, so each test's contacts are its own. */
const phones = (count: number) => Array.from({ length: count }, () => `+7916${String(1_000_000 + phoneSequence++).slice(-7)}`);

/** The card's timeline, oldest first: what the engine wrote on it. */
async function cardNotes(contactId: string, kinds = ["call", "note"]) {
  const card = await asSystem(() => Contacts.get(contactId));
  return card.timeline.items.filter((activity) => kinds.includes(activity.kind)).reverse();
}

async function entriesOf(listId: string) {
  return asSystem(async () => (await CallLists.listEntries(listId, { limit: 50 })).items);
}

async function makeList(numbers: string[], settings: Record<string, unknown> = {}, name = "Spring promo") {
  const contacts = await seedContacts(manager, numbers);
  const { list } = await asUser(manager, () =>
    CallLists.create({
      name,
      operatorIds: [operator.userId],
      settings: { retryDelayMinutes: { busy: 1, noAnswer: 1, failed: 1, machine: 1 }, ...settings },
      entries: contacts.map((contact) => ({ contactId: contact.contactId })),
    }),
  );
  return { list, contacts };
}

/** Retries are minutes away: move the clock on whenever the engine waits for one. */
async function runToStatus(listId: string, status: string, timeoutMs = 15_000) {
  return eventually(async () => {
    const list = await listState(listId);
    if (list.status === status) return list;
    if (list.stats.byStatus["retry-scheduled"] > 0) advanceClock(60_000);
    return undefined;
  }, timeoutMs, `list ${status}`);
}

async function popAndDispose(disposition: "interested" | "not-interested" | "do-not-call" = "interested", listId?: string) {
  const popped = await eventually(async () => {
    const active = await asUser(operator, () => CallEngine.activeCallFor(operator.userId));
    if (active) return active;
    // Waiting for a retry minutes away: move the clock on instead of waiting.
    if (listId && (await listState(listId)).stats.byStatus["retry-scheduled"] > 0) advanceClock(60_000);
    return undefined;
  }, 10_000, "card pop");
  await asUser(operator, () => CallEngine.dispose(popped.entry.listId, popped.entry.entryId, { disposition }));
  return popped;
}

describe("call-list engine on the extracted ASL (aws-local-stepfunctions)", () => {
  it("dials a 3-contact list: no answer, answer + wrap-up, busy → retry → answer", async () => {
    // Prepare
    const [noAnswer, answers, busyThenAnswers] = phones(3) as [string, string, string];
    const line = script({ [noAnswer]: "no-answer", [answers]: "answered", [busyThenAnswers]: ["busy", "answered"] });
    const { runner, states } = startEngine();
    running.push(runner);
    const { list, contacts } = await makeList([noAnswer, answers, busyThenAnswers]);

    // Act
    await asUser(manager, () => CallLists.start(list.listId));
    const first = await popAndDispose("interested", list.listId);
    const second = await popAndDispose("interested", list.listId);
    const done = await runToStatus(list.listId, "done");

    // Assess
    expect(first.entry.contactId).toBe(contacts[1]!.contactId);
    expect(second.entry.contactId).toBe(contacts[2]!.contactId);
    const entries = await entriesOf(list.listId);
    const byContact = (index: number) => entries.find((entry) => entry.contactId === contacts[index]!.contactId)!;
    expect(byContact(0)).toMatchObject({ status: "unreached", attempts: 3, lastOutcome: "no-answer" });
    expect(byContact(1)).toMatchObject({ status: "wrapped-up", attempts: 1, disposition: "interested" });
    expect(byContact(2)).toMatchObject({ status: "wrapped-up", attempts: 2, disposition: "interested" });
    expect(line.dialsTo(noAnswer)).toBe(3);
    expect(line.dialsTo(answers)).toBe(1);
    expect(line.dialsTo(busyThenAnswers)).toBe(2);
    const attempts = await asSystem(() => CallLists.getEntry(list.listId, byContact(2).entryId));
    expect(attempts.attempts.map((attempt) => attempt.outcome)).toEqual(["busy", "answered"]);
    expect((await cardNotes(contacts[0]!.contactId)).map((note) => note.text)).toEqual([
      "Unanswered call (call list «Spring promo», attempt 1 of 3)",
      "Unanswered call (call list «Spring promo», attempt 2 of 3)",
      "Unanswered call (call list «Spring promo», attempt 3 of 3): not reached, no attempts left",
    ]);
    // The same notes as data, for the reader's language (docs/timeline-notes.md).
    const listCall = (attempt: number, final: boolean) => ({ kind: "list-call", values: { callListId: list.listId, callListName: "Spring promo", outcome: "no-answer", attempt, maxAttempts: 3, final } });
    const notes = (await cardNotes(contacts[0]!.contactId)).map((note) => note.note);
    expect(notes).toMatchObject([listCall(1, false), listCall(2, false), listCall(3, true)]);
    const retryAt = (note: (typeof notes)[number]) => (note?.kind === "list-call" ? note.values.retryAt : undefined);
    expect(notes.slice(0, 2).every((note) => !Number.isNaN(Date.parse(retryAt(note) ?? "")))).toBe(true);
    expect(retryAt(notes[2])).toBeUndefined();
    expect(done.stats).toMatchObject({ total: 3, done: 3, attempts: 6, answered: 2 });
    expect(done.stats.byOutcome).toEqual({ answered: 2, noAnswer: 3, busy: 1, failed: 0, machine: 0 });
    expect(done.stats.answeredPercent).toBeCloseTo(66.7, 1);
    expect(done.stats.perOperator).toEqual([{ operatorId: operator.userId, answered: 2, wrappedUp: 2 }]);
    // 6 dials: each costs ClaimNext, Route, Dial, AfterCall (+ AwaitWrapUp when answered).
    expect(states.filter((name) => name === "Dial")).toHaveLength(6);
  });

  it("skips numbers on the organization's do-not-call list at dial time", async () => {
    const [blocked, fine] = phones(2) as [string, string];
    const line = script({ [blocked]: "answered", [fine]: "no-answer" });
    const { runner } = startEngine();
    running.push(runner);
    const { list, contacts } = await makeList([blocked, fine], { maxAttempts: 1 });
    // Blocked after the list was made: the check happens when dialing, not when adding.
    await asUser(admin, () => BlockedNumbers.block({ phone: blocked.replace("+7", "8 "), reason: "asked by phone" }));

    await asUser(manager, () => CallLists.start(list.listId));
    await runToStatus(list.listId, "done");

    const entries = await entriesOf(list.listId);
    expect(entries.find((entry) => entry.contactId === contacts[0]!.contactId)).toMatchObject({ status: "skipped", skipReason: "blocked-number", attempts: 0 });
    expect(line.dialsTo(blocked)).toBe(0);
    expect(line.dialsTo(fine)).toBe(1);
    expect((await cardNotes(contacts[0]!.contactId))[0]?.text).toContain("do-not-call list");
    expect((await cardNotes(contacts[0]!.contactId))[0]?.note).toEqual({ kind: "list-call-skipped", values: { callListId: list.listId, callListName: "Spring promo", reason: "blocked-number", subject: "contact" } });
  });

  it("honors the contact's do-not-call flag at dial time, and the do-not-call disposition sets it", async () => {
    const [flagged, answers, later] = phones(3) as [string, string, string];
    const line = script({ [flagged]: "answered", [answers]: "answered", [later]: "no-answer" });
    const { runner } = startEngine();
    running.push(runner);
    const { list, contacts } = await makeList([flagged, answers, later], { maxAttempts: 1 });
    await asSystem(() => Contacts.setDoNotCall(contacts[0]!.contactId, "asked by email"));

    await asUser(manager, () => CallLists.start(list.listId));
    const popped = await popAndDispose("do-not-call", list.listId);
    await runToStatus(list.listId, "done");

    expect(line.dialsTo(flagged)).toBe(0);
    expect(popped.entry.contactId).toBe(contacts[1]!.contactId);
    const entries = await entriesOf(list.listId);
    expect(entries.find((entry) => entry.contactId === contacts[0]!.contactId)).toMatchObject({ status: "skipped", skipReason: "do-not-call" });
    expect(entries.find((entry) => entry.contactId === contacts[1]!.contactId)).toMatchObject({ status: "wrapped-up", disposition: "do-not-call" });
    const card = await asSystem(() => Contacts.get(contacts[1]!.contactId));
    expect(card.doNotCall).toBe(true);
    expect((await cardNotes(contacts[1]!.contactId)).map((note) => note.text)).toContain("Do not call (call list «Spring promo»)");
    const ref = { callListId: list.listId, callListName: "Spring promo" };
    expect((await cardNotes(contacts[1]!.contactId)).map((note) => note.note)).toContainEqual({ kind: "list-call-disposition", values: { ...ref, disposition: "do-not-call", afterTimeout: false } });
    expect((await cardNotes(contacts[1]!.contactId, ["updated"])).map((entry) => entry.note)).toContainEqual({ kind: "do-not-call-requested", values: ref });
  });

  it("defers a contact outside the call window until it opens in the contact's time zone", async () => {
    // 03:00 UTC is 06:00 in Moscow: too early for +7 916 numbers (window 09:00–21:00 local).
    const [early] = phones(1) as [string];
    const line = script({ [early]: "no-answer" });
    const { runner } = startEngine();
    running.push(runner);
    setClock(new Date("2026-05-04T03:00:00Z"));
    const { list } = await makeList([early], { maxAttempts: 1 });

    await asUser(manager, () => CallLists.start(list.listId));
    const deferred = await eventually(async () => {
      const [entry] = await entriesOf(list.listId);
      return entry && entry.dueAt === "2026-05-04T06:00:00.000Z" ? entry : undefined;
    }, 5_000, "deferral");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(line.dialsTo(early)).toBe(0);
    expect(deferred.status).toBe("pending");

    setClock(new Date("2026-05-04T06:00:00Z"));
    await runToStatus(list.listId, "done");
    expect(line.dialsTo(early)).toBe(1);
    expect(line.calls()[0]!.callId).toContain(list.listId);
  });


  it("pauses after the current call, resumes where it stopped, and cancels", async () => {
    const numbers = phones(4);
    // The first call's callback is lost, so it is still "ringing" for a second: time to pause.
    const line = script({ [numbers[0]!]: "no-callback", ...Object.fromEntries(numbers.slice(1).map((number) => [number, "no-answer" as const])) });
    const { runner } = startEngine({ dialTimeoutSeconds: 1 });
    running.push(runner);
    const { list } = await makeList(numbers, { maxAttempts: 1 });

    await asUser(manager, () => CallLists.start(list.listId));
    await eventually(async () => line.calls().length === 1, 5_000, "first dial");
    await asUser(manager, () => CallLists.pause(list.listId));
    // The ringing call ends normally (reconciled with the provider); nothing more is dialed.
    await eventually(async () => (await listState(list.listId)).stats.byStatus.unreached === 1, 5_000, "first outcome");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(line.calls()).toHaveLength(1);
    expect((await listState(list.listId)).status).toBe("paused");

    await asUser(manager, () => CallLists.resume(list.listId));
    await eventually(async () => line.calls().length >= 2, 5_000, "dial after resume");
    await asUser(manager, () => CallLists.cancel(list.listId));
    await new Promise((resolve) => setTimeout(resolve, 500));

    const final = await listState(list.listId);
    expect(final.status).toBe("cancelled");
    // Cancelled right after the second dial: at most the call in progress finished, the rest wait.
    expect(line.calls().length).toBeLessThan(4);
    expect(new Set(line.calls().map((call) => call.to)).size).toBe(line.calls().length);
    expect(final.stats.byStatus.pending).toBe(4 - line.calls().length);
  });

  it("dials entries added while the list runs", async () => {
    const [first, added] = phones(2) as [string, string];
    const line = script({ [first]: "answered", [added]: "no-answer" });
    const { runner } = startEngine();
    running.push(runner);
    const { list } = await makeList([first], { maxAttempts: 1 });
    const [late] = await seedContacts(manager, [added]);

    await asUser(manager, () => CallLists.start(list.listId));
    await eventually(() => asUser(operator, () => CallEngine.activeCallFor(operator.userId)), 5_000, "card pop");
    const result = await asUser(manager, () => CallLists.addEntries(list.listId, { entries: [{ contactId: late!.contactId }] }));
    await popAndDispose("not-interested", list.listId);
    const done = await runToStatus(list.listId, "done");

    expect(result.added).toBe(1);
    expect(line.dialsTo(added)).toBe(1);
    expect(done.stats).toMatchObject({ total: 2, done: 2 });
  });

  it("passes over deactivated operators, pauses when none is left, and goes on with new operators", async () => {
    const [first, second, third] = phones(3) as [string, string, string];
    const line = script({ [first]: "answered", [second]: "answered", [third]: "answered" });
    const { runner } = startEngine();
    running.push(runner);
    const [gone, staying] = [await seedUser(admin, "operator"), await seedUser(admin, "operator")];
    await consoles.ready(gone, staying);
    const contacts = await seedContacts(manager, [first, second, third]);
    const { list } = await asUser(manager, () =>
      CallLists.create({ name: "Shift change", operatorIds: [gone.userId, staying.userId], entries: contacts.map((contact) => ({ contactId: contact.contactId })) }),
    );
    await asUser(admin, () => Users.update(gone.userId, { active: false }));

    // Round-robin would give the first call to `gone`: both calls go to the active operator.
    await asUser(manager, () => CallLists.start(list.listId));
    const popFor = (user: User) => eventually(() => asUser(user, () => CallEngine.activeCallFor(user.userId)), 10_000, `card pop for ${user.name}`);
    const firstCall = await popFor(staying);
    await asUser(staying, () => CallEngine.dispose(list.listId, firstCall.entry.entryId, { disposition: "interested" }));
    const secondCall = await popFor(staying);
    // The last active operator leaves during the second call: nobody could take the third.
    await asUser(admin, () => Users.update(staying.userId, { active: false }));
    await asUser(staying, () => CallEngine.dispose(list.listId, secondCall.entry.entryId, { disposition: "interested" }));
    const paused = await runToStatus(list.listId, "paused");

    expect(paused.pausedReason).toBe("no-active-operator");
    expect(line.dialsTo(third)).toBe(0);
    expect(paused.stats.byStatus.pending).toBe(1);
    expect(paused.stats.perOperator).toEqual(
      expect.arrayContaining([
        { operatorId: gone.userId, answered: 0, wrappedUp: 0 },
        { operatorId: staying.userId, answered: 2, wrappedUp: 2 },
      ]),
    );
    await expect(asUser(manager, () => CallLists.start(list.listId))).rejects.toMatchObject({ name: "ConflictError", message: expect.stringContaining("deactivated") });

    // New operators: start works again, the reason is cleared, the third call reaches them.
    await expect(asUser(manager, () => CallLists.setOperators(list.listId, { operatorIds: [gone.userId] }))).rejects.toMatchObject({ name: "ValidationError", issues: [{ field: "operatorIds[0]", message: expect.stringContaining("deactivated") }] });
    const changed = await asUser(manager, () => CallLists.setOperators(list.listId, { operatorIds: [operator.userId] }));
    expect(changed.operatorIds).toEqual([operator.userId]);
    const restarted = await asUser(manager, () => CallLists.start(list.listId));
    expect(restarted.pausedReason).toBeUndefined();
    await popAndDispose("interested", list.listId);
    const done = await runToStatus(list.listId, "done");
    expect(done.stats).toMatchObject({ total: 3, done: 3, answered: 3 });
    expect(line.dialsTo(third)).toBe(1);
  });

  it("finishes a list whose last operator left during its last call (nothing left to dial, nothing to pause)", async () => {
    const [only] = phones(1) as [string];
    script({ [only]: "answered" });
    const { runner } = startEngine();
    running.push(runner);
    const leaving = await seedUser(admin, "operator");
    await consoles.ready(leaving);
    const [contact] = await seedContacts(manager, [only]);
    const { list } = await asUser(manager, () => CallLists.create({ name: "Last call", operatorIds: [leaving.userId], entries: [{ contactId: contact!.contactId }] }));

    await asUser(manager, () => CallLists.start(list.listId));
    const call = await eventually(() => asUser(leaving, () => CallEngine.activeCallFor(leaving.userId)), 10_000, "card pop");
    await asUser(admin, () => Users.update(leaving.userId, { active: false }));
    await asUser(leaving, () => CallEngine.dispose(list.listId, call.entry.entryId, { disposition: "interested" }));
    const done = await runToStatus(list.listId, "done");

    expect(done.pausedReason).toBeUndefined();
    expect(done.stats).toMatchObject({ total: 1, done: 1 });
  });

  it("follows contacts merged after they were listed: dials the survivor once, notes on its card, pops its card", async () => {
    const [listedTwice, alsoListed, mergedAway, unlisted] = phones(4) as [string, string, string, string];
    const line = script({ [listedTwice]: "answered", [alsoListed]: "no-answer", [mergedAway]: "answered", [unlisted]: "answered" });
    const { runner } = startEngine();
    running.push(runner);
    const { list, contacts } = await makeList([listedTwice, alsoListed, mergedAway], { maxAttempts: 1 }, "After the merge");
    const [first, second, third] = contacts.map(({ contactId }) => ({ contactId })) as [{ contactId: string }, { contactId: string }, { contactId: string }];
    const [survivor] = await seedContacts(manager, [unlisted]);
    // Both merges happen after the list was made: first into second (both listed), third into an unlisted contact.
    await asUser(admin, () => ContactMerges.merge(second.contactId, { otherId: first.contactId }));
    await asUser(admin, () => ContactMerges.merge(survivor!.contactId, { otherId: third.contactId }));

    await asUser(manager, () => CallLists.start(list.listId));
    const pop = await eventually(() => asUser(operator, () => CallEngine.activeCall()), 10_000, "card pop");
    await asUser(operator, () => CallEngine.dispose(list.listId, pop.entry.entryId, { disposition: "interested" }));
    const done = await runToStatus(list.listId, "done");

    const entries = await entriesOf(list.listId);
    const entryOf = (contact: { contactId: string }) => entries.find((entry) => entry.entryId === contact.contactId)!;
    expect(entryOf(first)).toMatchObject({ status: "skipped", skipReason: "merged-duplicate" });
    expect(entryOf(second)).toMatchObject({ status: "unreached", attempts: 1 });
    expect(entryOf(third)).toMatchObject({ status: "wrapped-up", attempts: 1, disposition: "interested" });
    // The person listed twice was called once, on the number of the entry that is theirs.
    expect(line.dialsTo(listedTwice)).toBe(0);
    expect(line.dialsTo(alsoListed)).toBe(1);
    expect(line.dialsTo(mergedAway)).toBe(1);
    // The merged-away entry's call pops, and is noted on, the contact it was merged into.
    expect(pop.entry.entryId).toBe(third.contactId);
    expect(pop.subject).toEqual({ kind: "contact", id: survivor!.contactId });
    expect(pop.contact?.contactId).toBe(survivor!.contactId);
    expect(pop.contact?.phones.map((phone) => phone.number)).toContain(mergedAway);
    expect((await cardNotes(survivor!.contactId, ["call"])).map((note) => note.text)).toEqual([expect.stringContaining("call list «After the merge»")]);
    expect(done.stats).toMatchObject({ total: 3, done: 3 });
  });

  it("starting twice runs one engine", async () => {
    const numbers = phones(3);
    const line = script(Object.fromEntries(numbers.map((number) => [number, "no-answer" as const])));
    const { runner, states } = startEngine();
    running.push(runner);
    const { list } = await makeList(numbers, { maxAttempts: 1 });

    await Promise.all([
      asUser(manager, () => CallLists.start(list.listId)),
      asUser(manager, () => CallLists.start(list.listId)),
      asUser(admin, () => CallLists.start(list.listId)),
    ]);
    await runToStatus(list.listId, "done");

    expect(line.calls()).toHaveLength(3);
    expect(new Set(line.calls().map((call) => call.to)).size).toBe(3);
    expect(states.filter((name) => name === "Dial")).toHaveLength(3);
  });

  it("a callback that never arrives times out and is reconciled with the provider; a late one changes nothing", async () => {
    const [silent, next] = phones(2) as [string, string];
    const line = script({ [silent]: "no-callback", [next]: "no-answer" });
    const { runner } = startEngine({ dialTimeoutSeconds: 1 });
    running.push(runner);
    const { list, contacts } = await makeList([silent, next], { maxAttempts: 1 });

    await asUser(manager, () => CallLists.start(list.listId));
    await runToStatus(list.listId, "done");
    // The provider's callback turns up after all, claiming an answer: ignored.
    const lost = line.calls().find((call) => call.to === silent)!;
    await asSystem(() =>
      CallEngine.onCallEvent({ provider: "simulator", callId: lost.callId, providerCallId: lost.providerCallId, outcome: "answered", occurredAt: new Date().toISOString() }),
    );

    const entry = await asSystem(() => CallLists.getEntry(list.listId, contacts[0]!.contactId));
    expect(entry.status).toBe("unreached");
    expect(entry.attempts).toEqual([expect.objectContaining({ outcome: "no-answer", outcomeDetail: "reconciled with the provider" })]);
    expect(line.dialsTo(silent)).toBe(1);
    expect(line.dialsTo(next)).toBe(1);
    expect((await listState(list.listId)).stats).toMatchObject({ attempts: 2, done: 2 });
  });

  it("retries a provider 5xx with backoff under the same call ID, then records a failure and goes on", async () => {
    const [flaky, down, after] = phones(3) as [string, string, string];
    const line = script({ [flaky]: ["error-500", "error-500", "no-answer"], [down]: "error-500", [after]: "no-answer" });
    const { runner } = startEngine();
    running.push(runner);
    const { list, contacts } = await makeList([flaky, down, after], { maxAttempts: 1 });

    await asUser(manager, () => CallLists.start(list.listId));
    await runToStatus(list.listId, "done");

    const flakyCalls = line.calls().filter((call) => call.to === flaky);
    expect(line.refused(flaky)).toHaveLength(2);
    expect(new Set([...line.refused(flaky).map((request) => request.callId), flakyCalls[0]!.callId]).size).toBe(1);
    expect(line.dialsTo(flaky)).toBe(1);
    expect(line.refused(down)).toHaveLength(4);
    expect(line.dialsTo(down)).toBe(0);
    const failed = await asSystem(() => CallLists.getEntry(list.listId, contacts[1]!.contactId));
    expect(failed.attempts[0]).toMatchObject({ outcome: "failed" });
    expect(failed.attempts[0]!.outcomeDetail).toContain("provider error");
    expect(line.dialsTo(after)).toBe(1);
  });

  it("hands over to a new execution after N entries and still finishes the list", async () => {
    const numbers = phones(5);
    const line = script(Object.fromEntries(numbers.map((number) => [number, "no-answer" as const])));
    const runIds = new Set<string>();
    const { runner } = startEngine({ onStateEntered: (_name, runId) => runIds.add(runId) });
    running.push(runner);
    const { list } = await makeList(numbers, { maxAttempts: 1, entriesPerExecution: 2 });

    await asUser(manager, () => CallLists.start(list.listId));
    await runToStatus(list.listId, "done");

    expect(runIds.size).toBe(3);
    expect(line.calls()).toHaveLength(5);
    expect(new Set(line.calls().map((call) => call.to)).size).toBe(5);
  });

  it("survives a crash after the dial was placed: the restarted engine reconciles and never redials", async () => {
    const [first, second] = phones(2) as [string, string];
    const line = script({ [first]: "no-callback", [second]: "no-answer" });
    const { runner } = startEngine();
    const { list } = await makeList([first, second], { maxAttempts: 1 });
    await asUser(manager, () => CallLists.start(list.listId));
    await eventually(async () => line.calls().length === 1, 5_000, "first dial");

    // Crash: every execution gone, nothing written on the way out. The call's callback is lost.
    runner.stop();
    const restarted = startEngine();
    running.push(restarted.runner);
    expect(await asSystem(() => CallLists.resumeRunning())).toBeGreaterThanOrEqual(1);
    await runToStatus(list.listId, "done");

    expect(line.dialsTo(first)).toBe(1);
    expect(line.calls().find((call) => call.to === first)!.requests).toBe(1);
    expect(line.dialsTo(second)).toBe(1);
  });

  it("a Dial step that died after placing, before storing the provider's ID: the next one tells the provider it resumes", async () => {
    const [first, second] = phones(2) as [string, string];
    // No callback for the first call: its outcome must come through the resumed step, not a webhook.
    const line = script({ [first]: "no-callback", [second]: "no-answer" });
    const provider = useTelephony();
    const inputs: PlaceCallInput[] = [];
    /** The provider as the engine sees it, recording each request; `dieAfterPlacing` never answers once the call exists. */
    const recording = (dieAfterPlacing?: string): TelephonyProvider => ({
      name: provider.name,
      getCall: (providerCallId) => provider.getCall(providerCallId),
      async placeCall(input) {
        inputs.push(input);
        const placed = await provider.placeCall(input);
        if (input.to === dieAfterPlacing) return new Promise<never>(() => {});
        return placed;
      },
    });
    const { runner } = startEngine();
    configureCallListPorts({ runner, telephony: recording(first), dialGraceSeconds: 1 });
    const { list } = await makeList([first, second], { maxAttempts: 1 });
    await asUser(manager, () => CallLists.start(list.listId));
    await eventually(async () => inputs.length === 1, 5_000, "first dial");

    // Crash: the process dies inside the Dial step, the call placed, its provider ID never stored.
    runner.stop();
    const restarted = startEngine();
    running.push(restarted.runner);
    // The call never calls back: after a short wait the engine asks the provider how it ended.
    configureCallListPorts({ runner: restarted.runner, telephony: recording(), dialTimeoutSeconds: 2 });
    await asSystem(() => CallLists.resumeRunning());
    await runToStatus(list.listId, "done");

    // Assess: the repeated step asked under the same call ID, saying since when it resumes.
    const toFirst = inputs.filter((input) => input.to === first);
    expect(toFirst).toHaveLength(2);
    expect(toFirst[0]!.resumedSince).toBeUndefined();
    expect(toFirst[1]).toMatchObject({ callId: toFirst[0]!.callId, resumedSince: expect.any(Number) });
    expect(line.dialsTo(first)).toBe(1);
    expect(inputs.filter((input) => input.to === second).map((input) => input.resumedSince)).toEqual([undefined]);
  });

  it("Start revives a running list whose engine died, under a new run, without redialing", async () => {
    const [first, second] = phones(2) as [string, string];
    const line = script({ [first]: "no-callback", [second]: "no-answer" });
    const { runner } = startEngine();
    const { list } = await makeList([first, second], { maxAttempts: 1 });
    await asUser(manager, () => CallLists.start(list.listId));
    await eventually(async () => line.calls().length === 1, 5_000, "first dial");

    runner.stop();
    const restarted = startEngine();
    running.push(restarted.runner);
    const after = await asUser(manager, () => CallLists.start(list.listId));
    await runToStatus(list.listId, "done");

    expect(after.status).toBe("running");
    expect(line.dialsTo(first)).toBe(1);
    expect(line.dialsTo(second)).toBe(1);
  });

  it("survives a crash during wrap-up and one while the next call rings", async () => {
    const [answers, after] = phones(2) as [string, string];
    const line = script({ [answers]: "answered", [after]: "no-callback" });
    const { runner } = startEngine();
    const { list } = await makeList([answers, after], { maxAttempts: 1 });
    await asUser(manager, () => CallLists.start(list.listId));
    await eventually(() => asUser(operator, () => CallEngine.activeCallFor(operator.userId)), 5_000, "card pop");

    // Crash during wrap-up; the operator's card stays on screen.
    runner.stop();
    const second = startEngine();
    await asSystem(() => CallLists.resumeRunning());
    await popAndDispose();
    await eventually(async () => line.calls().length === 2, 5_000, "next dial after wrap-up");

    // Crash again while the next call rings; its callback never comes.
    second.runner.stop();
    const third = startEngine({ dialTimeoutSeconds: 1 });
    running.push(third.runner);
    await asSystem(() => CallLists.resumeRunning());
    const done = await runToStatus(list.listId, "done");

    expect(line.dialsTo(answers)).toBe(1);
    expect(line.dialsTo(after)).toBe(1);
    expect(done.stats).toMatchObject({ done: 2, total: 2, answered: 1 });
  });
});
