import { beforeAll, describe, expect, it } from "vitest";
import { Calls } from "../../packages/core/src/calls";
import { withActor } from "../../packages/core/src/actor";
import { Settings } from "../../packages/core/src/settings";
import { createTestTable, type TestTable } from "../fixtures/table";

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable("calls-record");
});
const rows = async () => (await table.items()).filter((item) => item.__edb_e__ === "call");
const system = <T>(run: () => Promise<T>) => withActor({ type: "system", reason: "test" }, run);

describe("the call log's system-side writes", () => {
  it("begin is idempotent, update sets fields, a missing record is created only with the begin fields", async () => {
    const base = { callId: "manual-1", source: "manual" as const, direction: "outbound" as const, number: "+79161234567", contactId: "01HZZZZZZZZZZZZZZZZZZZZZZZ", placedAt: "2026-05-01T10:00:00.000Z" };
    expect(await system(() => Calls.begin(base))).toBe(true);
    expect(await system(() => Calls.begin({ ...base, number: "+70000000000" }))).toBe(false);
    expect(await system(() => Calls.update("manual-1", { operatorId: "01HOPERATOR0000000000000000", talkSeconds: 42, disposition: "interested" }))).toBe(true);
    expect(await system(() => Calls.update("late-1", { talkSeconds: 5 }))).toBe(false);
    expect(await system(() => Calls.update("late-2", { source: "inbound", direction: "inbound", number: "+79160000000", placedAt: "2026-05-02T00:00:00Z", endedAt: "2026-05-02T00:01:00Z" }))).toBe(true);
    const stored = await rows();
    expect(stored).toHaveLength(2);
    const one = stored.find((row) => row.callId === "manual-1")!;
    const retention = (await Settings.read()).callLogRetentionDays;
    expect(retention).toBe(730);
    expect(one).toMatchObject({ number: "+79161234567", operatorId: "01HOPERATOR0000000000000000", talkSeconds: 42, disposition: "interested", day: "2026-05-01", expiresAt: Date.parse(base.placedAt) / 1000 + 730 * 86400 });
    expect(one.gsi2pk).toBeTruthy();
    expect(one.gsi1pk).toBeTruthy();
    expect(one.gsi3pk).toBeUndefined();
    expect(await system(() => Calls.attachRecording("manual-1", { status: "pending" }))).toBe(true);
    expect(await system(() => Calls.attachRecording("manual-1", { status: "stored", durationSeconds: 41 }))).toBe(true);
    expect(await system(() => Calls.attachRecording("nope", { status: "stored" }))).toBe(false);
    expect((await Calls.load("manual-1"))?.recording).toEqual({ status: "stored", durationSeconds: 41 });
  });
});
