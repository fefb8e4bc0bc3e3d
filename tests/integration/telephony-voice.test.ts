import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { configureCallEventSink, simulatorTelephony, type TelephonyProvider } from "../../packages/core/src/telephony";
import type { ConsoleVoiceEvent, OperatorConsoles } from "../../packages/functions/src/local/telephony-simulator";
import { createTestTable } from "../fixtures/table";
import { startTelephonyStack } from "../fixtures/telephony";

/**
 * The simulator's voice leg over real HTTP: an answered call with `connectTo` rings the
 * operator's console through the push interface the local host implements (here: a recorder
 * standing in for the SSE streams), and reports "connected" / "ended" to the real webhook route.
 */

/** Operators whose console is open; every push is recorded. An open console answers a ring, as the real one does after showing the card. */
function consoles() {
  const open = new Set<string>();
  /** Consoles that get the ring but never answer (a frozen tab). */
  const frozen = new Set<string>();
  const pushed: { userId: string; event: ConsoleVoiceEvent }[] = [];
  const channel: OperatorConsoles = {
    push(userId, event) {
      if (!open.has(userId)) return false;
      pushed.push({ userId, event });
      if (event.type === "incoming" && !frozen.has(userId)) setTimeout(() => stack.simulator.answer(event.callId, userId), 50);
      return true;
    },
  };
  return { open, frozen, pushed, channel };
}

const operators = consoles();
let stack: Awaited<ReturnType<typeof startTelephonyStack>>;
let phone: TelephonyProvider;
let seq = 0;
const context = () => ({ listId: "L1", entryId: `E${++seq}`, attempt: 1, subjectName: "Ivan Petrov" });

beforeAll(async () => {
  await createTestTable("telephony-voice");
  stack = await startTelephonyStack({ consoles: operators.channel, connectDeadlineMs: 1500 });
  phone = simulatorTelephony({ url: stack.simulator.url, secret: stack.secret });
  // The first webhook delivery of a fresh process takes seconds (cold modules and table); the
  // connect deadline counts from the answer, so warm the path up first.
  const warmUp = await phone.placeCall({ callId: "warm-up", to: "+15550000099", ringTimeoutSeconds: 5 });
  await stack.simulator.settled(warmUp.providerCallId);
}, 30_000);
afterAll(() => stack?.stop());
beforeEach(() => {
  stack.simulator.setRules({});
  operators.open.clear();
  operators.frozen.clear();
  operators.pushed.length = 0;
});

async function place(to: string, userId: string, extra: Partial<Parameters<TelephonyProvider["placeCall"]>[0]> = {}) {
  const callId = `voice-${Date.now()}-${++seq}`;
  const placed = await phone.placeCall({ callId, to, ringTimeoutSeconds: 5, connectTo: { userId }, context: context(), companyName: "Acme", ...extra });
  return { callId, providerCallId: placed.providerCallId };
}

const eventsOf = (callId: string) => stack.recorder.received.filter((event) => event.callId === callId);

describe("simulator voice leg", () => {
  it("connects an answered person to the operator's console, then the operator hangs up: answered, connected, ended", async () => {
    // Prepare
    operators.open.add("op-1");
    // Act
    const { callId, providerCallId } = await place("+15550000014", "op-1");
    await stack.recorder.until(() => eventsOf(callId).some((event) => event.phase === "connected"));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(stack.simulator.hangUp(callId, "op-2")).toBeUndefined(); // another operator cannot end it
    expect(stack.simulator.hangUp(callId, "op-1")?.endedBy).toBe("operator");
    await stack.simulator.hungUp(providerCallId);
    await stack.recorder.until(() => eventsOf(callId).some((event) => event.phase === "ended"));
    // Assess: the outcome and "connected" (in either order: the console rings at the answer, in
    // parallel with the outcome webhook), then "ended"; the voice phases carry no outcome.
    const events = eventsOf(callId);
    expect(events.slice(0, 2).map((event) => event.outcome ?? event.phase).sort()).toEqual(["answered", "connected"]);
    expect(events.map((event) => event.outcome ?? event.phase)).toHaveLength(3);
    expect(events[2]!.phase).toBe("ended");
    const ended = events[2]!;
    expect(ended.outcome).toBeUndefined();
    expect(ended.abandoned).toBeUndefined();
    expect(ended.talkSeconds).toBeGreaterThanOrEqual(1);
    expect(ended.ringSeconds).toBe(0);
    // The console got the card's context with the ring, before "connected".
    const pushed = operators.pushed.filter((item) => item.event.callId === callId).map((item) => item.event);
    expect(pushed.map((event) => event.type)).toEqual(["incoming", "connected", "ended"]);
    expect(pushed[0]).toMatchObject({ type: "incoming", listId: "L1", subjectName: "Ivan Petrov", to: "+15550000014" });
    expect(pushed[2]).toMatchObject({ type: "ended", by: "operator" });
    expect(stack.simulator.hangUp(callId, "op-1")).toBeUndefined(); // already over
  });

  it("plays the sorry message naming the company and reports abandoned when no console takes the call in time", async () => {
    // Act: op-9 has no console open.
    const started = Date.now();
    const { callId, providerCallId } = await place("+15550000024", "op-9");
    const call = await stack.simulator.hungUp(providerCallId);
    await stack.recorder.until(() => eventsOf(callId).some((event) => event.phase === "ended"));
    // Assess
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(call.endedBy).toBe("sorry");
    expect(call.played).toContain("Acme");
    expect(eventsOf(callId).map((event) => event.outcome ?? event.phase)).toEqual(["answered", "ended"]);
    expect(eventsOf(callId)[1]).toMatchObject({ phase: "ended", abandoned: true, talkSeconds: 0 });
  });

  it("a console that gets the ring but does not answer in time: the sorry message, abandoned; a late answer is refused", async () => {
    operators.open.add("op-frozen");
    operators.frozen.add("op-frozen");
    const { callId, providerCallId } = await place("+15550000084", "op-frozen");
    const call = await stack.simulator.hungUp(providerCallId);
    expect(call.rangAt).toBeDefined();
    expect(call.endedBy).toBe("sorry");
    expect(stack.simulator.answer(callId, "op-frozen")).toBeUndefined();
    await stack.recorder.until(() => eventsOf(callId).some((event) => event.phase === "ended"));
    expect(eventsOf(callId).some((event) => event.phase === "connected")).toBe(false);
  });

  it("rings the console at the answer, not after the engine took the outcome: a slow engine causes no abandon", async () => {
    // The engine takes longer than the whole connect deadline (1.5 s here) to take the answered outcome.
    operators.open.add("op-slow");
    const slowTo = "+15550000094";
    configureCallEventSink(async (event) => {
      if (event.outcome === "answered") await new Promise((resolve) => setTimeout(resolve, 2_000));
      await stack.recorder.sink(event);
    });
    try {
      const { callId, providerCallId } = await place(slowTo, "op-slow");
      await stack.recorder.until(() => eventsOf(callId).some((event) => event.outcome === "answered"));
      const call = stack.simulator.calls.find((candidate) => candidate.providerCallId === providerCallId)!;
      // Connected long before the engine answered the outcome webhook, within the deadline of the answer.
      expect(call.connectedAt).toBeDefined();
      expect(call.endedBy).toBeUndefined();
      expect(Date.parse(call.connectedAt!) - Date.parse(call.answeredAt!)).toBeLessThan(1_500);
      expect(eventsOf(callId).map((event) => event.outcome ?? event.phase)).toEqual(["connected", "answered"]);
      expect(operators.pushed.find((item) => item.event.callId === callId)?.event).toMatchObject({ type: "incoming", listId: "L1", subjectName: "Ivan Petrov", to: slowTo });
      stack.simulator.hangUp(callId, "op-slow");
      await stack.simulator.hungUp(providerCallId);
    } finally {
      configureCallEventSink(stack.recorder.sink);
    }
  });

  it("connects a console that opens within the deadline", async () => {
    const { callId } = await place("+15550000034", "op-late");
    setTimeout(() => operators.open.add("op-late"), 150);
    await stack.recorder.until(() => eventsOf(callId).some((event) => event.phase === "connected"));
    expect(eventsOf(callId).some((event) => event.abandoned)).toBe(false);
  });

  it("follows the talkSeconds rule: the callee hangs up by themselves", async () => {
    // Prepare
    stack.simulator.setRules({ talkSeconds: 1 });
    operators.open.add("op-3");
    // Act
    const { callId, providerCallId } = await place("+15550000044", "op-3");
    const call = await stack.simulator.hungUp(providerCallId);
    await stack.recorder.until(() => eventsOf(callId).some((event) => event.phase === "ended"));
    // Assess
    expect(call.endedBy).toBe("callee");
    expect(eventsOf(callId).find((event) => event.phase === "ended")!.talkSeconds).toBe(1);
  });

  it("ends the call cleanly when the operator's console goes away mid-call", async () => {
    operators.open.add("op-4");
    const { callId, providerCallId } = await place("+15550000054", "op-4");
    await stack.recorder.until(() => eventsOf(callId).some((event) => event.phase === "connected"));
    expect(stack.simulator.liveCallsOf("op-4").map((call) => call.callId)).toEqual([callId]);
    // Act
    operators.open.delete("op-4");
    stack.simulator.consoleGone("op-4");
    // Assess
    const call = await stack.simulator.hungUp(providerCallId);
    expect(call.endedBy).toBe("console-gone");
    await stack.recorder.until(() => eventsOf(callId).some((event) => event.phase === "ended"));
    expect(stack.simulator.liveCallsOf("op-4")).toEqual([]);
  });

  it("never puts a machine through: the list's voicemail is dropped and nothing rings the console", async () => {
    operators.open.add("op-5");
    const { callId, providerCallId } = await place("+15550000063", "op-5", { voicemail: { text: "Hello from Acme, we will call again." } });
    const call = await stack.simulator.settled(providerCallId);
    await stack.recorder.until(() => eventsOf(callId).some((event) => event.outcome));
    expect(call.outcome).toBe("machine");
    expect(call.played).toBe("Hello from Acme, we will call again.");
    expect(operators.pushed.filter((item) => item.event.callId === callId)).toEqual([]);
    expect(eventsOf(callId).map((event) => event.outcome ?? event.phase)).toEqual(["machine"]);
  });

  it("keeps calls without connectTo as before: answered ends at once, no phase events", async () => {
    const callId = `plain-${++seq}`;
    const placed = await phone.placeCall({ callId, to: "+15550000074", ringTimeoutSeconds: 5 });
    await stack.simulator.settled(placed.providerCallId);
    await stack.recorder.until(() => eventsOf(callId).length > 0);
    expect(eventsOf(callId).map((event) => event.outcome ?? event.phase)).toEqual(["answered"]);
    expect(await phone.getCall(placed.providerCallId)).toEqual({ providerCallId: placed.providerCallId, outcome: "answered" });
  });
});
