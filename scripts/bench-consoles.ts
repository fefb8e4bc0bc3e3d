/**
 * Operators' consoles for the engine and cost benches: they take every call the moment it rings
 * and dispose at once ("not interested"), like an operator whose verdict is ready.
 */
import { withActor } from "../packages/core/src/actor";
import { CallEngine } from "../packages/core/src/call-lists";
import type { TelephonySimulator } from "../packages/functions/src/local/telephony-simulator";

type OperatorActor = { type: "user"; userId: string; role: "operator" };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The simulator's `consoles` option. `onDispose` hears each try's moment (double-reservation
 * checks compare it with the next reservation).
 */
export function instantConsoles(operatorsById: Map<string, OperatorActor>, simulator: () => TelephonySimulator | undefined, onDispose?: (callId: string) => void) {
  return {
    push(userId: string, event: { type: string; callId: string }) {
      const operator = operatorsById.get(userId);
      if (!operator) return false;
      if (event.type === "incoming") setImmediate(() => simulator()!.answer(event.callId, userId));
      if (event.type === "connected") {
        const [listId, entryId] = event.callId.split(".") as [string, string];
        // The console rings at the answer, so "connected" may come before the engine recorded the
        // answer: like an operator disposing from the full card, try until the entry is answered.
        const disposeSoon = async () => {
          // Once the answered webhook was taken (the simulator's delivery settled), then at once.
          const placed = simulator()!.calls.find((call) => call.callId === event.callId);
          if (placed) await simulator()!.settled(placed.providerCallId);
          for (let tries = 0; tries < 400; tries++) {
            onDispose?.(event.callId);
            const done = await withActor(operator, () => CallEngine.dispose(listId, entryId, { disposition: "not-interested" })).then(
              () => true,
              () => false,
            );
            if (done) return;
            await sleep(25);
          }
        };
        setImmediate(() => void disposeSoon());
      }
      return true;
    },
  };
}
