import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallEngine, CallLists } from "../../packages/core/src/call-lists";
import { Calls } from "../../packages/core/src/calls";
import { configureFiles, LocalFileStore, useFiles } from "../../packages/core/src/files";
import { Recordings } from "../../packages/core/src/recordings";
import { Settings } from "../../packages/core/src/settings";
import { configureProviderRecordings, simulatorRecordings } from "../../packages/core/src/telephony";
import { asSystem, callListWorkflow, eventually, openConsoles, seedContacts, startEngine } from "../fixtures/call-lists";
import { asUser, seedUser } from "../fixtures/factories";

/**
 * A recorded list call end to end on the real ASL and the simulator over real HTTP (issue 18): the
 * list records, the announcement is played once the operator is connected, the simulator makes a
 * WAV and posts the signed recording callback, which arrives here only AFTER the operator's
 * disposition and still attaches to the call's record (the disposition stays).
 */
const workflow = callListWorkflow("recordings");
const { cleanups } = workflow;

beforeAll(() => {
  configureFiles(new LocalFileStore(mkdtempSync(join(tmpdir(), "workflow-recordings-"))));
  const { simulator } = workflow.telephony;
  configureProviderRecordings("simulator", simulatorRecordings({ url: simulator.url, secret: simulator.secret }));
});
afterAll(() => configureProviderRecordings("simulator", undefined));

describe("a recorded list call", () => {
  it("announces once connected, and its recording callback arriving after the disposition still attaches to the call record", async () => {
    const { simulator } = workflow.telephony;
    await asUser(workflow.admin, () => Settings.update({ recordingAnnouncement: "This call may be recorded." }));
    const operator = await seedUser(workflow.admin, "operator");
    const consoles = openConsoles([operator]);
    cleanups.push(() => consoles.stop());
    await consoles.opened;
    const { runner } = startEngine();
    cleanups.push(() => runner.stop());
    simulator.recordings.setCallbacks("manual");
    cleanups.push(() => simulator.recordings.setCallbacks("auto"));
    // The callee talks for a second, then hangs up.
    simulator.setRules({ talkSeconds: 1 });
    cleanups.push(() => simulator.setRules({}));
    const [contact] = await seedContacts(workflow.manager, ["+79163339004"]);
    const { list } = await asUser(workflow.manager, () =>
      CallLists.create({ name: "Recorded", operatorIds: [operator.userId], settings: { maxAttempts: 1, record: true }, entries: [{ contactId: contact!.contactId }] }),
    );
    await asUser(workflow.manager, () => CallLists.start(list.listId));

    const call = await eventually(async () => simulator.calls.find((candidate) => candidate.to === "+79163339004" && candidate.hungUpAt), 60_000, "call over");
    expect(call.record).toEqual({ announcement: "This call may be recorded." });
    // Played once both were on the line, never before the connection.
    expect(call.announced?.text).toBe("This call may be recorded.");
    expect(Date.parse(call.announced!.at)).toBeGreaterThanOrEqual(Date.parse(call.connectedAt!));
    const recording = await eventually(async () => simulator.recordings.all.find((candidate) => candidate.callId === call.callId), 10_000, "recording made");

    // The operator disposes first; the recording callback has not come yet.
    const popped = await eventually(async () => asUser(operator, () => CallEngine.activeCallFor(operator.userId)), 20_000, "card pop");
    await asUser(operator, () => CallEngine.dispose(popped.entry.listId, popped.entry.entryId, { disposition: "interested" }));
    const disposed = await eventually(async () => {
      const record = await asSystem(() => Calls.load(call.callId));
      return record?.disposition ? record : undefined;
    }, 20_000, "disposition logged");
    expect(disposed.recording).toBeUndefined();

    // Now the provider reports the recording: it is copied, deleted at the simulator and attached.
    expect(await simulator.recordings.deliver(call.providerCallId)).toBe(200);
    const row = await Recordings.stored(call.callId);
    expect(row).toMatchObject({ status: "stored", contactId: contact!.contactId });
    const bytes = await useFiles().get(row!.fileKey);
    expect(Buffer.from(bytes!.subarray(0, 4)).toString("ascii")).toBe("RIFF");
    expect(recording.downloaded).toBe(true);
    expect(recording.deleted).toBe(true);
    const record = await asSystem(() => Calls.load(call.callId));
    expect(record).toMatchObject({ disposition: "interested", recording: { status: "stored", contentType: "audio/wav" } });
  }, 120_000);
});
