import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CallEngine, CallLists } from "../../packages/core/src/call-lists";
import { advanceClock, setClock } from "../../packages/core/src/runtime/clock";
import type { User } from "../../packages/core/src/users";
import { asSystem, eventually, listState, seedContacts, startEngine } from "../fixtures/dialer";
import { asUser, seedAdmin, seedUser } from "../fixtures/factories";
import { scriptedTelephony } from "../fixtures/scripted-telephony";
import { createTestTable } from "../fixtures/table";

let admin: User;
let manager: User;
let operator: User;
let stopEngine: (() => void) | undefined;

beforeAll(async () => {
  await createTestTable("workflow");
  admin = await seedAdmin();
  manager = await seedUser(admin, "manager");
  operator = await seedUser(admin, "operator");
});

afterEach(() => {
  stopEngine?.();
  setClock(undefined);
});

async function entriesOf(listId: string) {
  return asSystem(async () => (await CallLists.listEntries(listId, { limit: 50 })).items);
}

describe("call-list engine on the extracted ASL", () => {
  it("dials a 3-contact list: no answer, answer + wrap-up, busy → retry → answer", async () => {
    // Prepare
    const [noAnswer, answers, busyThenAnswers] = ["+79161110001", "+79161110002", "+79161110003"];
    const telephony = scriptedTelephony({
      [noAnswer]: ["no-answer"],
      [answers]: ["answered"],
      [busyThenAnswers]: ["busy", "answered"],
    });
    const { runner, states } = startEngine(telephony.provider);
    stopEngine = runner.stop;
    const contacts = await seedContacts(manager, [noAnswer, answers, busyThenAnswers]);
    const { list } = await asUser(manager, () =>
      CallLists.create({
        name: "Spring promo",
        operatorIds: [operator.userId],
        settings: { maxAttempts: 1 },
        entries: contacts.map((contact) => ({ contactId: contact.contactId })),
      }),
    );

    // Act
    await asUser(manager, () => CallLists.start(list.listId));
    const popped = await eventually(() => asUser(operator, () => CallEngine.activeCallFor(operator.userId)), 10_000, "card pop");
    expect(popped.entry.contactId).toBe(contacts[1]!.contactId);
    await asUser(operator, () => CallEngine.dispose(list.listId, popped.entry.entryId, { disposition: "interested" }));
    const afterFirstBusy = await eventually(async () => {
      const entries = await entriesOf(list.listId);
      return entries.find((entry) => entry.contactId === contacts[2]!.contactId && entry.lastOutcome === "busy") ? entries : undefined;
    }, 10_000, "busy outcome");
    void afterFirstBusy;

    // Assess (so far)
    const entries = await entriesOf(list.listId);
    expect(entries.find((entry) => entry.contactId === contacts[0]!.contactId)?.status).toBe("unreached");
    expect(entries.find((entry) => entry.contactId === contacts[1]!.contactId)?.status).toBe("wrapped-up");
    expect(states.filter((name) => name === "Dial").length).toBeGreaterThanOrEqual(3);
  });
});
