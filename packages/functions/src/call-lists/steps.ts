import * as v from "valibot";
import { withActor } from "@callboard/core/actor";
import { CallEngine } from "@callboard/core/call-lists";
import { UlidField } from "@callboard/core/contacts/fields";

/**
 * The one entry point of every Task state of the call-list engine, on Lambda and locally. The
 * event is what the state's Parameters produce; `step` says which handler runs.
 */
const Ulid = UlidField;
const Base = { listId: Ulid };
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
/** A line of the run (the Map state's item); executions started before lines carry none: line 0. */
const Line = { runId: Ulid, handled: Count, line: v.optional(Count, 0) };

export const StepEvent = v.variant("step", [
  v.object({ step: v.literal("planLines"), ...Base, runId: Ulid, handled: Count }),
  v.object({ step: v.literal("afterLines"), ...Base, runId: Ulid, handled: Count }),
  v.object({ step: v.literal("claimNext"), ...Base, ...Line }),
  v.object({ step: v.literal("dial"), ...Base, timeoutSeconds: v.optional(v.number()), taskToken: v.string(), entryId: Ulid, attempt: v.number(), callId: v.string() }),
  v.object({ step: v.literal("reconcile"), ...Base, entryId: Ulid, attempt: v.number(), callId: v.string() }),
  v.object({ step: v.literal("awaitWrapUp"), ...Base, timeoutSeconds: v.optional(v.number()), taskToken: v.string(), entryId: Ulid }),
  v.object({ step: v.literal("wrapUpTimedOut"), ...Base, ...Line, entryId: Ulid }),
]);
export type StepEvent = v.InferInput<typeof StepEvent>;

export async function runStep(event: unknown): Promise<object> {
  const parsed = v.parse(StepEvent, event);
  return withActor({ type: "system", reason: `call-list engine: ${parsed.step}` }, async () => {
    switch (parsed.step) {
      case "planLines":
        return CallEngine.planLines(parsed);
      case "afterLines":
        return CallEngine.afterLines(parsed);
      case "claimNext":
        return CallEngine.claimNext(parsed);
      case "dial":
        await CallEngine.dial(parsed);
        return {};
      case "reconcile":
        return CallEngine.reconcile(parsed);
      case "awaitWrapUp":
        await CallEngine.awaitWrapUp(parsed);
        return {};
      case "wrapUpTimedOut":
        return CallEngine.wrapUpTimedOut(parsed);
    }
  });
}
