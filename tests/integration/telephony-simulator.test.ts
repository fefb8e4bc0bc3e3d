import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  placeCallWithRetry,
  simulatorTelephony,
  TelephonyUnavailableError,
  type TelephonyProvider,
} from "../../packages/core/src/telephony";
import { createTestTable } from "../fixtures/table";
import { startTelephonyStack } from "../fixtures/telephony";

let stack: Awaited<ReturnType<typeof startTelephonyStack>>;
let phone: TelephonyProvider;
let seq = 0;
const nextCallId = () => `call-${Date.now()}-${++seq}`;

beforeAll(async () => {
  await createTestTable("telephony-sim");
  stack = await startTelephonyStack();
  phone = simulatorTelephony({ url: stack.simulator.url, secret: stack.secret });
});
afterAll(() => stack?.stop());
beforeEach(() => stack.simulator.setRules({}));

async function dialAndWait(to: string, ringTimeoutSeconds = 0.2) {
  const callId = nextCallId();
  const placed = await phone.placeCall({ callId, to, ringTimeoutSeconds });
  await stack.simulator.settled(placed.providerCallId);
  await stack.recorder.until(() => stack.recorder.outcomes.has(callId));
  return { callId, placed, event: stack.recorder.outcomes.get(callId)! };
}

describe("telephony simulator → real webhook route → sink", () => {
  it.each([
    ["+15550000010", "no-answer"],
    ["+15550000011", "busy"],
    ["+15550000012", "failed"],
    ["+15550000013", "machine"],
    ["+15550000014", "answered"],
    ["+15550000019", "answered"],
  ])("the default rules end a call to %s as %s", async (to, outcome) => {
    // Act
    const { callId, placed, event } = await dialAndWait(to);
    // Assess
    expect(event).toMatchObject({ provider: "simulator", callId, providerCallId: placed.providerCallId, outcome });
    const call = stack.simulator.calls.find((c) => c.callId === callId)!;
    expect(call.deliveries).toEqual([200]);
    expect(await phone.getCall(placed.providerCallId)).toEqual({ providerCallId: placed.providerCallId, outcome });
  });

  it("lets a number that never answers ring for the whole ring timeout", async () => {
    const started = Date.now();
    const { event } = await dialAndWait("+15550000020", 0.5);
    expect(event.outcome).toBe("no-answer");
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });

  it("follows a scripted sequence per number: busy, then answered", async () => {
    // Prepare
    stack.simulator.setRules({ numbers: { "+15550001234": ["busy", "answered"] } });
    // Act
    const first = await dialAndWait("+15550001234");
    const second = await dialAndWait("+15550001234");
    const third = await dialAndWait("+15550001234");
    // Assess
    expect([first.event.outcome, second.event.outcome, third.event.outcome]).toEqual(["busy", "answered", "answered"]);
  });

  it("rings once for a repeated callId and answers with the same provider call", async () => {
    // Prepare
    const to = "+15550002224";
    const callId = nextCallId();
    // Act
    const first = await phone.placeCall({ callId, to, ringTimeoutSeconds: 0.2 });
    const again = await phone.placeCall({ callId, to, ringTimeoutSeconds: 0.2 });
    await stack.recorder.until(() => stack.recorder.outcomes.has(callId));
    const late = await phone.placeCall({ callId, to, ringTimeoutSeconds: 0.2 });
    // Assess
    expect(again.providerCallId).toBe(first.providerCallId);
    expect(late.providerCallId).toBe(first.providerCallId);
    expect(stack.simulator.dialsTo(to)).toBe(1);
    expect(stack.simulator.calls.find((c) => c.callId === callId)!.requests).toBe(3);
    expect(stack.recorder.received.filter((e) => e.callId === callId)).toHaveLength(1);
  });

  it("never calls back under a no-callback rule, while reconciliation sees how the call ended", async () => {
    // Prepare
    stack.simulator.setRules({ numbers: { "+15550003334": "no-callback" } });
    const callId = nextCallId();
    // Act
    const placed = await phone.placeCall({ callId, to: "+15550003334", ringTimeoutSeconds: 0.2 });
    const whileRinging = await phone.getCall(placed.providerCallId);
    const ended = await stack.simulator.settled(placed.providerCallId);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Assess
    expect(whileRinging.outcome).toBeUndefined();
    expect(ended.deliveries).toEqual([]);
    expect(stack.recorder.received.some((e) => e.callId === callId)).toBe(false);
    expect(await phone.getCall(placed.providerCallId)).toMatchObject({ outcome: "no-answer" });
  });

  it("turns a 500 into a retryable TelephonyUnavailableError; the retry reuses the callId and succeeds", async () => {
    // Prepare
    const to = "+15550004444";
    stack.simulator.setRules({ numbers: { [to]: ["error-500", "error-500", "answered"] } });
    const callId = nextCallId();
    const waits: number[] = [];
    // Act
    const placed = await placeCallWithRetry(phone, { callId, to, ringTimeoutSeconds: 0.2 }, {
      attempts: 3,
      backoffMs: 20,
      sleep: async (ms) => void waits.push(ms),
    });
    await stack.recorder.until(() => stack.recorder.outcomes.has(callId));
    // Assess
    expect(waits).toEqual([20, 40]);
    expect(stack.simulator.refusedRequests.filter((r) => r.callId === callId)).toHaveLength(2);
    expect(stack.simulator.dialsTo(to)).toBe(1);
    expect(stack.recorder.outcomes.get(callId)).toMatchObject({ providerCallId: placed.providerCallId, outcome: "answered" });
  });

  it("gives up after the last attempt and throws for the caller to record the call as failed", async () => {
    const to = "+15550005554";
    stack.simulator.setRules({ numbers: { [to]: "error-500" } });
    const callId = nextCallId();
    const started = Date.now();
    const error = await placeCallWithRetry(phone, { callId, to, ringTimeoutSeconds: 0.2 }, { attempts: 3, backoffMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelephonyUnavailableError);
    expect((error as TelephonyUnavailableError).retryable).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(30 + 60);
    expect(stack.simulator.refusedRequests.filter((r) => r.callId === callId)).toHaveLength(3);
    expect(stack.simulator.dialsTo(to)).toBe(0);
  });

  it("answers a bad request (4xx) with a non-retryable error that is not retried", async () => {
    let tries = 0;
    const counting: TelephonyProvider = { ...phone, name: "simulator", placeCall: (input) => (tries++, phone.placeCall(input)), getCall: phone.getCall };
    const error = await placeCallWithRetry(counting, { callId: nextCallId(), to: "not a number", ringTimeoutSeconds: 1 }, { attempts: 3, backoffMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelephonyUnavailableError);
    expect((error as TelephonyUnavailableError).retryable).toBe(false);
    expect(tries).toBe(1);
  });

  it("refuses a client with the wrong secret (4xx, not retryable)", async () => {
    const stranger = simulatorTelephony({ url: stack.simulator.url, secret: "wrong" });
    const error = await stranger.placeCall({ callId: nextCallId(), to: "+15550006664", ringTimeoutSeconds: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "TelephonyUnavailableError", retryable: false });
    expect(stack.simulator.dialsTo("+15550006664")).toBe(0);
  });

  it("reports a simulator that is down as retryable", async () => {
    const gone = simulatorTelephony({ url: "http://localhost:1", secret: stack.secret, timeoutMs: 500 });
    const error = await gone.placeCall({ callId: nextCallId(), to: "+15550007774", ringTimeoutSeconds: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "TelephonyUnavailableError", retryable: true });
  });

  it("delivers a replayed duplicate to the sink, which stays idempotent; the route answers 200 each time", async () => {
    // Prepare
    const { callId, placed } = await dialAndWait("+15550008884");
    // Act
    const statuses = [await stack.simulator.redeliver(placed.providerCallId), await stack.simulator.redeliver(placed.providerCallId)];
    // Assess
    expect(statuses).toEqual([200, 200]);
    expect(stack.recorder.received.filter((e) => e.callId === callId)).toHaveLength(3);
    expect([...stack.recorder.outcomes.values()].filter((e) => e.callId === callId)).toHaveLength(1);
  });
});

describe("telephony simulator with a wrong webhook secret or a skewed clock", () => {
  it("sees 403 from the webhook when it signs with another secret, and the sink hears nothing", async () => {
    const other = await startTelephonyStack();
    try {
      const liar = await (await import("../../packages/functions/src/local/telephony-simulator")).startTelephonySimulator({
        webhookUrl: `${other.apiUrl}/v1/telephony/simulator/events`,
        secret: "not-the-shared-secret",
        ringSeconds: 0,
      });
      const client = simulatorTelephony({ url: liar.url, secret: "not-the-shared-secret" });
      const placed = await client.placeCall({ callId: nextCallId(), to: "+15550009994", ringTimeoutSeconds: 0.2 });
      const call = await liar.settled(placed.providerCallId);
      await liar.stop();
      expect(call.deliveries).toEqual([403]);
      expect(other.recorder.received).toHaveLength(0);
    } finally {
      await other.stop();
    }
  });

  it("has events signed more than 5 minutes ago accepted (2xx) and ignored", async () => {
    const skewed = await startTelephonyStack({ clockOffsetSeconds: -301 });
    try {
      const client = simulatorTelephony({ url: skewed.simulator.url, secret: skewed.secret });
      const placed = await client.placeCall({ callId: nextCallId(), to: "+15550009995", ringTimeoutSeconds: 0.2 });
      const call = await skewed.simulator.settled(placed.providerCallId);
      expect(call.deliveries).toEqual([200]);
      expect(skewed.recorder.received).toHaveLength(0);
    } finally {
      await skewed.stop();
    }
  });
});

describe("the local host (npm start) with the simulator", () => {
  it("starts the simulator, points its webhook at the host, and sets it as the provider", async () => {
    // Prepare
    const { startLocalHost } = await import("../../packages/functions/src/local/host");
    const { configureCallEventSink, useTelephony } = await import("../../packages/core/src/telephony");
    const table = await createTestTable("telephony-host");
    const host = await startLocalHost({ dynamoEndpoint: table.endpoint, tableName: table.tableName, port: 0, simulator: { ringSeconds: 0 } });
    const events: { callId: string; outcome?: string }[] = [];
    configureCallEventSink(async (event) => void events.push(event));
    try {
      // Act
      const placed = await useTelephony().placeCall({ callId: "host-call-1", to: "+15550000011", ringTimeoutSeconds: 1 });
      const call = await host.simulator!.settled(placed.providerCallId);
      // Assess
      expect(call.deliveries).toEqual([200]);
      expect(events).toEqual([expect.objectContaining({ callId: "host-call-1", outcome: "busy" })]);
    } finally {
      configureCallEventSink(undefined);
      await host.stop();
    }
  });
});
