import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BlockedNumbers, CallEngine, CallLists } from "../../packages/core/src/call-lists";
import { Companies } from "../../packages/core/src/companies";
import { Contacts } from "../../packages/core/src/contacts";
import { advanceClock, setClock } from "../../packages/core/src/runtime/clock";
import type { User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { asSystem, eventually, listState, openConsoles, startEngine, startTelephony, type Telephony } from "../fixtures/call-lists";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";
import type { SimulatorBehaviour } from "../../packages/functions/src/local/telephony-simulator";

/**
 * Company entries (a company's own phone) on the real engine: the extracted ASL on
 * aws-local-stepfunctions, the telephony simulator over HTTP, and the operator's pop and
 * disposition over the real API.
 */

let api: TestApi;
let admin: User;
let manager: User;
let operator: User;
let operatorToken: string;
const running: { stop(): void }[] = [];
let telephony: Telephony;
/** The operator's console: ready and heartbeating (the engine dials only for ready operators). */
let consoles: ReturnType<typeof openConsoles>;

beforeAll(async () => {
  api = await createTestApi();
  telephony = await startTelephony();
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager");
  operator = await seedUser(admin, "operator");
  operatorToken = await api.tokenFor(operator);
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

function script(rules: Record<string, SimulatorBehaviour | SimulatorBehaviour[]>) {
  telephony.simulator.setRules({ numbers: rules });
  const simulator = telephony.simulator;
  return { dialsTo: (phone: string) => simulator.dialsTo(phone), calls: () => simulator.calls.filter((call) => call.to in rules) };
}

let phoneSequence = 7000;
/** Fresh valid Moscow numbers (landline-style switchboards), so each test's companies are its own. */
const phones = (count: number) => Array.from({ length: count }, () => `+7495${String(1_000_000 + phoneSequence++).slice(-7)}`);

async function seedCompany(name: string, numbers: string[]) {
  return asUser(manager, () => Companies.create({ name, phones: numbers.map((number) => ({ number, type: "work" as const })) }));
}

/** The company card's timeline, oldest first: what the engine wrote on it. */
async function companyNotes(companyId: string) {
  const card = await asSystem(() => Companies.get(companyId));
  return card.timeline.items.filter((activity) => ["call", "note"].includes(activity.kind)).reverse();
}

async function companyList(companyId: string, settings: Record<string, unknown> = {}, name = "Partners") {
  const created = await asUser(manager, () =>
    CallLists.create({
      name,
      operatorIds: [operator.userId],
      settings: { retryDelayMinutes: { busy: 1, noAnswer: 1, failed: 1, machine: 1 }, ...settings },
      companies: [{ companyId, dial: "companyPhone" }],
    }),
  );
  expect(created).toMatchObject({ added: 1, rejected: [] });
  return created.list;
}

async function runToStatus(listId: string, status: string, timeoutMs = 25_000) {
  return eventually(async () => {
    const list = await listState(listId);
    if (list.status === status) return list;
    if (list.stats.byStatus["retry-scheduled"] > 0) advanceClock(60_000);
    return undefined;
  }, timeoutMs, `list ${status}`);
}

async function entriesOf(listId: string) {
  return asSystem(async () => (await CallLists.listEntries(listId, { limit: 50 })).items);
}

type ActiveCallBody = {
  activeCall: null | {
    entry: { listId: string; entryId: string; subjectKind: string; phone?: string };
    subject: { kind: string; id: string };
    contact: unknown;
    company: { companyId: string; name: string; phones: { number: string }[]; timeline: { items: { text?: string }[] } } | null;
    progress: { done: number; total: number };
  };
};

describe("call lists: a company's own phone", () => {
  it("an unanswered company call leaves a note on the company's timeline and is retried", async () => {
    // Prepare
    const [switchboard, secondLine] = phones(2) as [string, string];
    const line = script({ [switchboard]: ["no-answer", "no-answer"] });
    const company = await seedCompany("Romashka LLC", [switchboard, secondLine]);
    const { runner, states } = startEngine();
    running.push(runner);
    const list = await companyList(company.companyId, { maxAttempts: 2 });

    // Act
    await asUser(manager, () => CallLists.start(list.listId));
    const done = await runToStatus(list.listId, "done");

    // Assess: the primary (first) phone was dialed, twice, and the company card has both calls.
    expect(line.dialsTo(switchboard)).toBe(2);
    expect(line.dialsTo(secondLine)).toBe(0);
    const [entry] = await entriesOf(list.listId);
    expect(entry).toMatchObject({ entryId: company.companyId, subjectKind: "company", contactName: "Romashka LLC", phone: switchboard, status: "unreached", attempts: 2 });
    expect(entry!.contactId).toBeUndefined();
    expect((await companyNotes(company.companyId)).map((note) => note.text)).toEqual([
      "Unanswered call (call list «Partners», attempt 1 of 2)",
      "Unanswered call (call list «Partners», attempt 2 of 2): not reached, no attempts left",
    ]);
    const calls = (await companyNotes(company.companyId)).map((note) => note.call);
    expect(calls[0]).toMatchObject({ outcome: "no-answer", attempt: 1, maxAttempts: 2, phone: switchboard, callListId: list.listId });
    const attempts = await asSystem(() => CallLists.getEntry(list.listId, company.companyId));
    expect(attempts.attempts.map((attempt) => [attempt.subjectKind, attempt.outcome])).toEqual([
      ["company", "no-answer"],
      ["company", "no-answer"],
    ]);
    expect(done.stats).toMatchObject({ total: 1, done: 1, attempts: 2, answered: 0 });
    expect(done.stats.byStatus.unreached).toBe(1);
    expect(states.filter((name) => name === "Dial")).toHaveLength(2);
  });

  it("an answered company call pops the company card for the operator; the disposition ends wrap-up", async () => {
    // Prepare: a company by its own phone, then one of its contacts, in one list.
    const [switchboard, staffPhone] = phones(2) as [string, string];
    const line = script({ [switchboard]: "answered", [staffPhone]: "no-answer" });
    const company = await seedCompany("Vasilek JSC", [switchboard]);
    const staff = await asUser(manager, () => Contacts.create({ firstName: "Olga", lastName: "Staff", companyId: company.companyId, phones: [{ number: staffPhone, type: "mobile" }] }));
    const { runner } = startEngine();
    running.push(runner);
    const { list } = await asUser(manager, () =>
      CallLists.create({
        name: "Partners",
        operatorIds: [operator.userId],
        settings: { maxAttempts: 1 },
        companies: [
          { companyId: company.companyId, dial: "companyPhone" },
          { companyId: company.companyId, dial: "contacts" },
        ],
      }),
    );

    // Act: start; the company answers; the operator's console polls the real API.
    await asUser(manager, () => CallLists.start(list.listId));
    // The console rings at the answer, in parallel with the answered webhook: the note of the
    // answered call joins the card the console polls a moment later.
    const pop = await eventually(async () => {
      const response = await api.call("GET", "/v1/operator/active-call", { token: operatorToken });
      const body = (await response.json()) as ActiveCallBody;
      return body.activeCall?.company?.timeline.items[0]?.text?.startsWith("Call answered") ? body.activeCall : undefined;
    }, 10_000, "company pop with the answered call on its card");
    const disposed = await api.call("POST", `/v1/call-lists/${list.listId}/entries/${pop.entry.entryId}/disposition`, {
      token: operatorToken,
      body: { disposition: "do-not-call", note: "Reception asked us to stop" },
    });
    const done = await runToStatus(list.listId, "done");

    // Assess: the pop named the company and carried its card (with the answered call on it).
    expect(pop.subject).toEqual({ kind: "company", id: company.companyId });
    expect(pop.entry).toMatchObject({ entryId: company.companyId, subjectKind: "company", phone: switchboard });
    expect(pop.contact).toBeNull();
    expect(pop.company).toMatchObject({ companyId: company.companyId, name: "Vasilek JSC", phones: [{ number: switchboard }] });
    expect(pop.company!.timeline.items[0]?.text).toBe("Call answered (call list «Partners», attempt 1 of 1)");
    expect(pop.progress).toMatchObject({ total: 2 });
    expect(disposed.status).toBe(200);
    // "Do not call" on a company: its number joins the organization's blocked numbers.
    const blocked = await asUser(admin, () => BlockedNumbers.list({}));
    expect(blocked.items.find((item) => item.phone === switchboard)).toMatchObject({ createdBy: operator.userId });
    expect((await companyNotes(company.companyId)).map((note) => note.text)).toEqual([
      "Call answered (call list «Partners», attempt 1 of 1)",
      "Do not call (call list «Partners»). Reception asked us to stop",
    ]);
    const entries = await entriesOf(list.listId);
    expect(entries.find((entry) => entry.entryId === company.companyId)).toMatchObject({ status: "wrapped-up", disposition: "do-not-call" });
    expect(entries.find((entry) => entry.entryId === staff.contactId)).toMatchObject({ subjectKind: "contact", contactId: staff.contactId, status: "unreached" });
    expect(line.dialsTo(switchboard)).toBe(1);
    expect(line.dialsTo(staffPhone)).toBe(1);
    expect(done.stats).toMatchObject({ total: 2, done: 2, answered: 1 });
    expect(done.stats.perOperator).toEqual([{ operatorId: operator.userId, answered: 1, wrappedUp: 1 }]);
    // The pop is gone once wrapped up.
    const after = (await (await api.call("GET", "/v1/operator/active-call", { token: operatorToken })).json()) as ActiveCallBody;
    expect(after.activeCall).toBeNull();
  });

  it("skips a company deleted after it was added (no dial, no note), and a blocked company number", async () => {
    // Prepare
    const [trashedLine, blockedLine, fineLine] = phones(3) as [string, string, string];
    const line = script({ [trashedLine]: "answered", [blockedLine]: "answered", [fineLine]: "no-answer" });
    const trashed = await seedCompany("Gone Ltd", [trashedLine]);
    const blocked = await seedCompany("Blocked Ltd", [blockedLine]);
    const fine = await seedCompany("Fine Ltd", [fineLine]);
    const { runner } = startEngine();
    running.push(runner);
    const { list } = await asUser(manager, () =>
      CallLists.create({
        name: "Partners",
        operatorIds: [operator.userId],
        settings: { maxAttempts: 1 },
        companies: [trashed, blocked, fine].map((company) => ({ companyId: company.companyId, dial: "companyPhone" as const })),
      }),
    );
    await asUser(admin, () => Companies.remove(trashed.companyId));
    await asUser(admin, () => BlockedNumbers.block({ phone: blockedLine }));

    // Act
    await asUser(manager, () => CallLists.start(list.listId));
    const done = await runToStatus(list.listId, "done");

    // Assess
    const entries = await entriesOf(list.listId);
    expect(entries.find((entry) => entry.entryId === trashed.companyId)).toMatchObject({ status: "skipped", skipReason: "company-deleted", attempts: 0 });
    expect(entries.find((entry) => entry.entryId === blocked.companyId)).toMatchObject({ status: "skipped", skipReason: "blocked-number", attempts: 0 });
    expect(entries.find((entry) => entry.entryId === fine.companyId)).toMatchObject({ status: "unreached", attempts: 1 });
    expect(line.dialsTo(trashedLine)).toBe(0);
    expect(line.dialsTo(blockedLine)).toBe(0);
    expect(line.dialsTo(fineLine)).toBe(1);
    expect((await companyNotes(blocked.companyId)).map((note) => note.text)).toEqual([
      "Not called (call list «Partners»): the number is on the organization's do-not-call list.",
    ]);
    expect((await companyNotes(blocked.companyId)).map((note) => note.note)).toEqual([
      { kind: "list-call-skipped", values: { callListId: list.listId, callListName: "Partners", reason: "blocked-number", subject: "company" } },
    ]);
    expect(done.stats).toMatchObject({ total: 3, done: 3, attempts: 1 });
    expect(done.stats.byStatus.skipped).toBe(2);
  });

  it("skips a company whose number was removed, and dials a chosen number of the company", async () => {
    const [oldLine, chosenLine, primaryLine] = phones(3) as [string, string, string];
    const line = script({ [oldLine]: "answered", [chosenLine]: "no-answer", [primaryLine]: "answered" });
    const changed = await seedCompany("Moved Ltd", [oldLine]);
    const chosen = await seedCompany("Chosen Ltd", [primaryLine, chosenLine]);
    const { runner } = startEngine();
    running.push(runner);
    const { list } = await asUser(manager, () =>
      CallLists.create({
        name: "Partners",
        operatorIds: [operator.userId],
        settings: { maxAttempts: 1 },
        companies: [
          { companyId: changed.companyId, dial: "companyPhone" },
          { companyId: chosen.companyId, dial: "companyPhone", phone: chosenLine.replace("+7", "8 ") },
        ],
      }),
    );
    await asUser(manager, () => Companies.update(changed.companyId, changed.version, { phones: [{ number: primaryLine.replace("5", "6"), type: "work" }] }));

    await asUser(manager, () => CallLists.start(list.listId));
    await runToStatus(list.listId, "done");

    const entries = await entriesOf(list.listId);
    expect(entries.find((entry) => entry.entryId === changed.companyId)).toMatchObject({ status: "skipped", skipReason: "invalid-number" });
    expect(entries.find((entry) => entry.entryId === chosen.companyId)).toMatchObject({ phone: chosenLine, status: "unreached" });
    expect(line.dialsTo(oldLine)).toBe(0);
    expect(line.dialsTo(chosenLine)).toBe(1);
    expect(line.dialsTo(primaryLine)).toBe(0);
    expect((await companyNotes(changed.companyId)).map((note) => note.text)).toEqual([
      "Not called (call list «Partners»): the number is no longer on the company.",
    ]);
  });

  it("keeps the engine's guarantees for company entries: crashes during wrap-up and while ringing redial nothing", async () => {
    // Prepare: two companies by their own phone; the first answers, the second's callback is lost.
    const [answers, lost] = phones(2) as [string, string];
    const line = script({ [answers]: "answered", [lost]: "no-callback" });
    const first = await seedCompany("Answering Ltd", [answers]);
    const second = await seedCompany("Silent Ltd", [lost]);
    const { runner } = startEngine();
    const { list } = await asUser(manager, () =>
      CallLists.create({
        name: "Partners",
        operatorIds: [operator.userId],
        settings: { maxAttempts: 1 },
        companies: [first, second].map((company) => ({ companyId: company.companyId, dial: "companyPhone" as const })),
      }),
    );
    await asUser(manager, () => CallLists.start(list.listId));
    const popped = await eventually(() => asUser(operator, () => CallEngine.activeCallFor(operator.userId)), 5_000, "company pop");

    // Act: crash during wrap-up; resume; dispose; crash again while the next company rings.
    runner.stop();
    const again = startEngine();
    await asSystem(() => CallLists.resumeRunning());
    await asUser(operator, () => CallEngine.dispose(popped.entry.listId, popped.entry.entryId, { disposition: "interested" }));
    await eventually(async () => line.calls().length === 2, 5_000, "next dial after wrap-up");
    again.runner.stop();
    const third = startEngine({ dialTimeoutSeconds: 1 });
    running.push(third.runner);
    await asSystem(() => CallLists.resumeRunning());
    const done = await runToStatus(list.listId, "done");

    // Assess: each company dialed once; counters exact; both companies' timelines have their call.
    expect(popped.entry).toMatchObject({ entryId: first.companyId, subjectKind: "company" });
    expect(line.dialsTo(answers)).toBe(1);
    expect(line.dialsTo(lost)).toBe(1);
    expect(line.calls().every((call) => call.requests === 1)).toBe(true);
    expect(done.stats).toMatchObject({ total: 2, done: 2, answered: 1, attempts: 2 });
    // The lost callback was reconciled with the simulator, which reports the call unanswered.
    expect(done.stats.byOutcome).toMatchObject({ answered: 1, noAnswer: 1, failed: 0 });
    expect((await companyNotes(first.companyId)).map((note) => note.text)).toEqual([
      "Call answered (call list «Partners», attempt 1 of 1)",
      "Interested (call list «Partners»)",
    ]);
    expect((await companyNotes(second.companyId)).map((note) => note.text)).toEqual([
      "Unanswered call (call list «Partners», attempt 1 of 1): not reached, no attempts left",
    ]);
  });
});
