import { beforeAll, describe, expect, it } from "vitest";
import { acquire, hit, perSecond } from "../../packages/core/src/rate-limit/rate-limit";
import { TelephonyUnavailableError, type TelephonyProvider } from "../../packages/core/src/telephony/port";
import { rateLimited } from "../../packages/core/src/telephony/rate-limited";
import { createTestTable, type TestTable } from "../fixtures/table";

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable("rate-limit");
});
const bucket = (name: string) => `${name}-${Math.random().toString(36).slice(2)}`;

describe("fixed-window rate limit in DynamoDB Local", () => {
  it("allows N hits in a window, refuses the next until the window ends, then starts again", async () => {
    const key = bucket("n-in-window");
    const rule = { limit: 3, windowMs: 10_000 };
    const start = 1_800_000_000_000; // the start of a window
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await hit(key, rule, start + i));
    const next = await hit(key, rule, start + 10_000);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]!.retryAfterMs).toBe(10_000 - 3);
    expect(next).toMatchObject({ allowed: true, hits: 1 });
  });

  it("keeps one count across concurrent callers (atomic ADD)", async () => {
    const key = bucket("concurrent");
    const now = 1_800_000_100_000;
    const decisions = await Promise.all(Array.from({ length: 12 }, () => hit(key, { limit: 5, windowMs: 60_000 }, now)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions.map((d) => d.hits).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it("writes one counter item per window with a TTL shortly after the window ends", async () => {
    const key = bucket("ttl");
    await hit(key, { limit: 1, windowMs: 1000 }, 1_800_000_200_500);
    const [item] = (await table.items()).filter((row) => row.bucket === key);
    expect(item).toMatchObject({ windowStart: 1_800_000_200_000, hits: 1, expiresAt: 1_800_000_201 + 60 });
    expect(table.counter.byCommand.get("UpdateItemCommand") ?? 0).toBeGreaterThan(0);
  });

  it("makes a waiter wait for the next window, and gives up past maxWaitMs", async () => {
    const key = bucket("acquire");
    let clock = 1_800_000_300_000;
    const slept: number[] = [];
    const clockOptions = { now: () => clock, sleep: async (ms: number) => void (slept.push(ms), (clock += ms)) };
    const rule = { limit: 1, windowMs: 1000 };
    expect(await acquire(key, rule, { maxWaitMs: 5000, ...clockOptions })).toBe(true);
    expect(await acquire(key, rule, { maxWaitMs: 5000, ...clockOptions })).toBe(true);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThanOrEqual(1000);
    expect(await acquire(key, rule, { maxWaitMs: 100, ...clockOptions })).toBe(false);
  });

  it("turns calls per second into windows", () => {
    expect(perSecond(1)).toEqual({ limit: 1, windowMs: 1000 });
    expect(perSecond(5)).toEqual({ limit: 5, windowMs: 1000 });
    expect(perSecond(0.5)).toEqual({ limit: 1, windowMs: 2000 });
    expect(() => perSecond(0)).toThrow(RangeError);
  });
});

describe("rate-limited provider", () => {
  function recorder() {
    const placedAt: number[] = [];
    const provider: TelephonyProvider = {
      name: "recorder",
      async placeCall(input) {
        placedAt.push(Date.now());
        return { providerCallId: `P-${input.callId}` };
      },
      getCall: async (providerCallId) => ({ providerCallId }),
    };
    return { provider, placedAt };
  }

  it("spreads calls to 2 per second: the third of three immediate calls waits for the next second", async () => {
    const { provider, placedAt } = recorder();
    const limited = rateLimited(provider, { bucket: bucket("acct"), callsPerSecond: 2 });
    // Start at the beginning of a second so the first two share a window.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
    const started = Date.now();
    await Promise.all(["a", "b", "c"].map((callId) => limited.placeCall({ callId, to: "+15550000004", ringTimeoutSeconds: 1 })));
    const sorted = placedAt.sort((x, y) => x - y);
    expect(Math.floor(sorted[1]! / 1000)).toBe(Math.floor(started / 1000));
    expect(Math.floor(sorted[2]! / 1000)).toBeGreaterThan(Math.floor(started / 1000));
  });

  it("fails retryably when no slot frees up within maxWaitMs", async () => {
    const { provider, placedAt } = recorder();
    const limited = rateLimited(provider, { bucket: bucket("slow-acct"), callsPerSecond: 0.001, maxWaitMs: 200 });
    await limited.placeCall({ callId: "first", to: "+15550000004", ringTimeoutSeconds: 1 });
    const error = await limited.placeCall({ callId: "second", to: "+15550000004", ringTimeoutSeconds: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelephonyUnavailableError);
    expect((error as TelephonyUnavailableError).retryable).toBe(true);
    expect(placedAt).toHaveLength(1);
  });
});
