/**
 * The step handlers of the call-list state machine (infra/call-lists-definition.ts), one file per
 * step group. Each is safe to run twice and after a crash: every transition is a conditional
 * write on the entry's status, so whoever comes second finds the work done and moves on.
 *
 * - lines.ts: PlanLines / AfterLines, and freeing a line when its call is over;
 * - claim.ts: ClaimNext (skip, defer to the call window, reserve an operator, or wait / finish);
 * - dial.ts: Dial (place the call once, even after a crash);
 * - outcomes.ts: the provider's events (connected, ended, the outcome) and Reconcile;
 * - wrap-up.ts: AwaitWrapUp, the operator's disposition and the wrap-up timeout;
 * - active-call.ts: what the operator's console pops;
 * - entries.ts: the status moves and conditional writes they share.
 */
export { planLines, afterLines, type LineInput } from "./lines";
export { claimNext, type ClaimResult } from "./claim";
export { dial, type DialInput } from "./dial";
export { onCallEvent, recordOutcome, reconcile } from "./outcomes";
export { awaitWrapUp, dispose, wrapUpTimedOut, DispositionInput, type WrapUpCheck } from "./wrap-up";
export { activeCall, activeCallFor } from "./active-call";
