import "@callboard/core/runtime/polyfills";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import * as v from "valibot";
import { CONNECT_DEADLINE_MS, type CallOutcome, type CallPhase } from "@callboard/core/telephony/port";
import { sorryText } from "@callboard/core/telephony/twiml";
import { SIMULATOR_SIGNATURE_HEADER, SIMULATOR_TIMESTAMP_HEADER, signSimulatorEvent } from "@callboard/core/telephony/signature";
import { toFieldIssues } from "@callboard/core/validation";
import { decideBehaviour, type SimulatorBehaviour, type SimulatorRules } from "./simulator-rules";
import { createSimulatedRecordings, type SimulatedRecording, type SimulatedRecordings } from "./simulated-recordings";

export * from "./simulator-rules";

/**
 * A stand-in phone company for `npm start` and the tests, over real HTTP both ways: it takes
 * calls (`POST /calls`), rings, decides how each call ends by rules, and posts a signed event to
 * the webhook; `GET /calls/{id}` answers for reconciliation.
 *
 * Over 400 lines on purpose: `startTelephonySimulator` is one closure over the live calls, the
 * operators' consoles and the recordings, which its HTTP routes, timers and signed deliveries all
 * share; its rules are in simulator-rules.ts, its recordings in simulated-recordings.ts.
 */

export interface SimulatedCall {
  callId: string;
  providerCallId: string;
  to: string;
  ringTimeoutSeconds: number;
  behaviour: SimulatorBehaviour;
  placedAt: string;
  /** How many `POST /calls` carried this callId (retries included); it rang once. */
  requests: number;
  outcome?: CallOutcome;
  endedAt?: string;
  /** HTTP status of each webhook delivery attempt (0 = network error). */
  deliveries: number[];
  /** The voice leg, for a call placed with `connectTo`. */
  connectTo?: { userId: string; phone?: string };
  context?: { listId: string; entryId: string; attempt: number; subjectName?: string };
  /** A click-to-call: the user's console shows it as it dials; no voicemail, no machine handling. */
  manual?: { subjectName?: string; contactId?: string; companyId?: string };
  voicemail?: { text?: string; audioUrl?: string };
  companyName?: string;
  answeredAt?: string;
  /** When the operator's console was rung (it answers by itself, after showing the card). */
  rangAt?: string;
  /** When the callee was put through to the operator's console. */
  connectedAt?: string;
  /** When the voice leg ended (hang-up on either side, or the "sorry" message). */
  hungUpAt?: string;
  /**
   * Who ended a connected call; "sorry": no console took it in time (abandoned); "not-answered":
   * a manual call that ended unanswered (busy, no answer, failed, machine, or cancelled by its user).
   */
  endedBy?: "operator" | "callee" | "console-gone" | "sorry" | "not-answered";
  /** What the callee heard: the voicemail dropped on a machine, or the "sorry" message. */
  played?: string;
  /** HTTP status of each phase event's delivery ("connected", "ended"). */
  phaseDeliveries: { phase: CallPhase; status: number }[];
  /** Recorded (the list's or organization's setting): a WAV is made when a connected call ends. */
  record?: { announcement?: string };
  /** The recording announcement, played to both parties once the operator was connected (never before). */
  announced?: { text: string; at: string };
}

/** What the local host pushes to an operator's console (server-sent events). */
export type ConsoleVoiceEvent =
  | { type: "incoming"; callId: string; to: string; listId?: string; entryId?: string; attempt?: number; subjectName?: string; at: string; /** A call already connected, shown again to a console that came back. */ replay?: boolean; /** A call the user placed (click-to-call). */ manual?: boolean; contactId?: string; companyId?: string }
  /** A manual call is ringing the callee: the user's console shows it ("Calling…") until it is answered or ends. */
  | { type: "dialing"; callId: string; to: string; subjectName?: string; contactId?: string; companyId?: string; at: string }
  | { type: "connected"; callId: string; at: string; /** For a replayed call: when it was connected. */ since?: string }
  | { type: "ended"; callId: string; by: NonNullable<SimulatedCall["endedBy"]>; talkSeconds: number; at: string };

/** The operators' consoles, as the local host's push channel reaches them. */
export interface OperatorConsoles {
  /** Sends the event to the operator's open consoles; false when none is connected. */
  push(userId: string, event: ConsoleVoiceEvent): boolean;
}

export const InboundCallBody = v.strictObject({
  /** The caller, in any format a phone company might send. */
  from: v.pipe(v.string(), v.nonEmpty("Required."), v.maxLength(40)),
  /** Our number that was called. */
  to: v.pipe(v.string(), v.nonEmpty("Required."), v.maxLength(40)),
  outcome: v.picklist(["answered", "missed"] as const, "One of answered, missed."),
  /** How long an answered call lasts before it ends (default 0). */
  talkSeconds: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(3600)), 0),
});
export type InboundCallInput = v.InferInput<typeof InboundCallBody>;

export interface SimulatedInboundCall {
  providerCallId: string;
  from: string;
  to: string;
  outcome: "answered" | "missed";
  /** HTTP status of each event delivered, in order (ringing, answered, completed | ringing, missed). */
  deliveries: number[];
}

export interface TelephonySimulatorOptions {
  /** 0 or unset picks a free port. */
  port?: number;
  hostname?: string;
  webhookUrl: string;
  secret: string;
  rules?: SimulatorRules;
  /** Ring time before a call is picked up (answered / machine); 0 allowed. Default 2 s. */
  ringSeconds?: number;
  /**
   * How long an unanswered call rings before it ends as no-answer. Default: the ring timeout the
   * caller asked for, as a real line does; tests and the benchmark use a zero-ring simulator.
   */
  noAnswerSeconds?: number;
  /** For tests of lateness: shifts the timestamp the simulator signs with. */
  clockOffsetSeconds?: number;
  /** Where a call with `connectTo` rings the operator (the local host's push channel). */
  consoles?: OperatorConsoles;
  /** How long an answered person waits for a console before the "sorry" message. Default 2 s. */
  connectDeadlineMs?: number;
  /** Where recorded calls' callbacks go (default: the webhook's `/recording` beside `/events`). */
  recordingWebhookUrl?: string;
  /** "manual": recording callbacks wait for `recordings.deliver(providerCallId)` (tests). */
  recordingCallbacks?: "auto" | "manual";
}

export interface TelephonySimulator {
  url: string;
  secret: string;
  /** Every call that rang, in order (a retried callId appears once, with `requests` > 1). */
  calls: readonly SimulatedCall[];
  /** POSTs refused with 500 by an `error-500` rule (no call was created). */
  refusedRequests: readonly { callId: string; to: string }[];
  /** How many distinct calls rang this number. */
  dialsTo(number: string): number;
  setRules(rules: SimulatorRules): void;
  /**
   * Someone calls one of our numbers: the simulator posts signed inbound events (ringing, then
   * answered and completed after `talkSeconds`, or missed) to the webhook, in order.
   */
  inboundCall(input: InboundCallInput): Promise<SimulatedInboundCall>;
  /** Sends a call's last signed event again, byte for byte (a provider's duplicate delivery). */
  redeliver(providerCallId: string): Promise<number>;
  /** Resolves when the call has ended and its event was delivered (or given up on). */
  settled(providerCallId: string): Promise<SimulatedCall>;
  /** Resolves when a call's voice leg has ended and its "ended" event was delivered. */
  hungUp(providerCallId: string): Promise<SimulatedCall>;
  /**
   * The operator hangs up a call connected to them (or cancels their own manual call while it
   * rings). Undefined when no such call is in progress for this user (another operator's call,
   * unknown, or already over).
   */
  hangUp(callId: string, userId: string): SimulatedCall | undefined;
  /**
   * The operator's console answers a call ringing it (it shows the card first, then answers:
   * so the card never arrives after the voice). Undefined when no such call rings this user.
   */
  answer(callId: string, userId: string): SimulatedCall | undefined;
  /** The operator's last console closed: calls connected to them end (the browser died). */
  consoleGone(userId: string): void;
  /** Calls in progress (answered, not yet hung up) connected to this operator. */
  liveCallsOf(userId: string): SimulatedCall[];
  /** Recordings made (`all`), their callbacks (`deliver`, `delivered`), and the callback mode. */
  recordings: Pick<SimulatedRecordings, "all" | "deliver" | "delivered" | "setCallbacks">;
  stop(): Promise<void>;
}

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const PlaceCallBody = v.object({
  callId: v.pipe(v.string(), v.nonEmpty(), v.maxLength(200)),
  to: v.pipe(v.string(), v.regex(/^\+[1-9]\d{5,14}$/, "An E.164 number.")),
  ringTimeoutSeconds: v.pipe(v.number(), v.minValue(0), v.maxValue(600)),
  connectTo: v.optional(v.object({ userId: v.pipe(v.string(), v.nonEmpty(), v.maxLength(100)), phone: v.optional(Text(20)) })),
  context: v.optional(v.object({ listId: Text(100), entryId: Text(100), attempt: v.number(), subjectName: v.optional(Text(300)) })),
  manual: v.optional(v.object({ subjectName: v.optional(Text(300)), contactId: v.optional(Text(100)), companyId: v.optional(Text(100)) })),
  voicemail: v.optional(v.object({ text: v.optional(Text(1000)), audioUrl: v.optional(Text(2000)) })),
  companyName: v.optional(Text(200)),
  record: v.optional(v.object({ announcement: v.optional(Text(500)) })),
});

/** What the console needs to show a manual call (the callee's name, the card it was placed from). */
export function manualFields(call: Pick<SimulatedCall, "manual">): { manual?: true; subjectName?: string; contactId?: string; companyId?: string } {
  if (!call.manual) return {};
  return {
    manual: true,
    ...(call.manual.subjectName ? { subjectName: call.manual.subjectName } : {}),
    ...(call.manual.contactId ? { contactId: call.manual.contactId } : {}),
    ...(call.manual.companyId ? { companyId: call.manual.companyId } : {}),
  };
}

const DELIVERY_ATTEMPTS = 3;

export async function startTelephonySimulator(options: TelephonySimulatorOptions): Promise<TelephonySimulator> {
  let rules: SimulatorRules = options.rules ?? {};
  const ringSeconds = options.ringSeconds ?? 2;
  const calls: SimulatedCall[] = [];
  const refusedRequests: { callId: string; to: string }[] = [];
  const byCallId = new Map<string, SimulatedCall>();
  const byProviderId = new Map<string, SimulatedCall>();
  const lastEvent = new Map<string, { body: string; timestamp: number }>();
  const settledWaiters = new Map<string, ReturnType<typeof Promise.withResolvers<SimulatedCall>>>();
  const hungUpWaiters = new Map<string, ReturnType<typeof Promise.withResolvers<SimulatedCall>>>();
  const connectDeadlineMs = options.connectDeadlineMs ?? CONNECT_DEADLINE_MS;
  const recordings = createSimulatedRecordings({
    webhookUrl: options.recordingWebhookUrl ?? options.webhookUrl.replace(/\/events$/, "/recording"),
    secret: options.secret,
    clockOffsetSeconds: options.clockOffsetSeconds,
    callbacks: options.recordingCallbacks,
  });
  /** New calls seen per number: the position in a scripted sequence. */
  const sequencePosition = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const waiterIn = (waiters: typeof settledWaiters) => (providerCallId: string) => {
    let entry = waiters.get(providerCallId);
    if (!entry) {
      entry = Promise.withResolvers<SimulatedCall>();
      waiters.set(providerCallId, entry);
    }
    return entry;
  };
  const waiter = waiterIn(settledWaiters);
  const hungUpWaiter = waiterIn(hungUpWaiters);
  const later = (seconds: number, task: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      task();
    }, seconds * 1000);
    timers.add(timer);
  };
  const sleep = (ms: number) => new Promise<void>((resolve) => later(ms / 1000, resolve));

  async function post(body: string, timestamp: number): Promise<number> {
    try {
      const response = await fetch(options.webhookUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [SIMULATOR_TIMESTAMP_HEADER]: String(timestamp),
          [SIMULATOR_SIGNATURE_HEADER]: signSimulatorEvent(options.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(5000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  }

  /** Like a real provider: retries a failed delivery (network, 5xx) a couple of times. */
  async function deliver(call: SimulatedCall) {
    const timestamp = Math.floor(Date.now() / 1000) + (options.clockOffsetSeconds ?? 0);
    const body = JSON.stringify({ callId: call.callId, providerCallId: call.providerCallId, outcome: call.outcome, occurredAt: call.endedAt });
    lastEvent.set(call.providerCallId, { body, timestamp });
    for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS && !stopped; attempt++) {
      const status = await post(body, timestamp);
      call.deliveries.push(status);
      if (status >= 200 && status < 500) break;
      await sleep(200 * attempt);
    }
  }

  function end(call: SimulatedCall, outcome: CallOutcome) {
    // Once: a manual call its user cancelled while it rang has ended before its ring timer.
    if (stopped || call.outcome) return;
    call.outcome = outcome;
    call.endedAt = new Date().toISOString();
    if (call.connectTo && outcome === "machine" && !call.manual) {
      // A machine never reaches an operator: drop the list's voicemail (or nothing), hang up.
      const { text, audioUrl } = call.voicemail ?? {};
      if (text || audioUrl) call.played = text ?? audioUrl;
    }
    void deliver(call).finally(() => waiter(call.providerCallId).resolve(call));
    if (call.manual && call.connectTo && outcome !== "answered") {
      // The user's console showed the call dialing: it is over without a connection.
      call.endedBy = "not-answered";
      call.hungUpAt = call.endedAt;
      options.consoles?.push(call.connectTo.userId, { type: "ended", callId: call.callId, by: "not-answered", talkSeconds: 0, at: call.endedAt });
      hungUpWaiter(call.providerCallId).resolve(call);
    }
    if (call.connectTo && outcome === "answered") {
      call.answeredAt = call.endedAt;
      // The console rings at the moment of answer, in parallel with the outcome webhook: the ring
      // carries the entry (list, entry, name, number), so the console shows the card from it at
      // once and answers only once that card is on screen (card before voice). Waiting for the
      // engine to process the outcome first spent its time out of the 2 s connect budget. So the
      // engine may hear "connected" (even "ended") before "answered", as with Twilio's async AMD.
      void connect(call);
    }
  }

  const secondsBetween = (from: string | undefined, to: string | undefined) =>
    from && to ? Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000)) : 0;

  /** A phase event, signed like the outcome events (retried the same way). */
  async function deliverPhase(call: SimulatedCall, phase: CallPhase, extra: Record<string, unknown> = {}) {
    const timestamp = Math.floor(Date.now() / 1000) + (options.clockOffsetSeconds ?? 0);
    const body = JSON.stringify({ callId: call.callId, providerCallId: call.providerCallId, phase, occurredAt: new Date().toISOString(), ...extra });
    for (let attempt = 1; attempt <= DELIVERY_ATTEMPTS && !stopped; attempt++) {
      const status = await post(body, timestamp);
      call.phaseDeliveries.push({ phase, status });
      if (status >= 200 && status < 500) break;
      await sleep(200 * attempt);
    }
  }

  const incomingEvent = (call: SimulatedCall): ConsoleVoiceEvent => ({
    type: "incoming",
    callId: call.callId,
    to: call.to,
    ...(call.context ? { listId: call.context.listId, entryId: call.context.entryId, attempt: call.context.attempt } : {}),
    ...(call.context?.subjectName ? { subjectName: call.context.subjectName } : {}),
    ...manualFields(call),
    at: new Date().toISOString(),
  });

  /**
   * Puts the answered callee through to the reserved operator's console: rings it over the push
   * channel (the console answers by itself), or, when no console is there within the deadline,
   * plays the "sorry" message and ends the call as abandoned.
   */
  async function connect(call: SimulatedCall) {
    const userId = call.connectTo!.userId;
    const deadline = Date.parse(call.answeredAt!) + connectDeadlineMs;
    // Ring the console (again if it reconnects), until it answers or the deadline passes.
    while (!stopped && !call.hungUpAt && !call.connectedAt) {
      if (!call.rangAt && options.consoles?.push(userId, incomingEvent(call))) call.rangAt = new Date().toISOString();
      if (Date.now() >= deadline) break;
      await sleep(Math.min(50, Math.max(1, deadline - Date.now())));
    }
    if (stopped || call.hungUpAt || call.connectedAt) return;
    call.played = sorryText(call.companyName);
    call.endedBy = "sorry";
    call.hungUpAt = new Date().toISOString();
    await deliverPhase(call, "ended", { abandoned: true, talkSeconds: 0, ringSeconds: secondsBetween(call.placedAt, call.answeredAt) });
    hungUpWaiter(call.providerCallId).resolve(call);
  }

  /** The console took the ringing call: the callee and the operator are connected. */
  function putThrough(call: SimulatedCall) {
    call.connectedAt = new Date().toISOString();
    options.consoles?.push(call.connectTo!.userId, { type: "connected", callId: call.callId, at: call.connectedAt });
    const talkSeconds = rules.talkSeconds;
    if (talkSeconds !== undefined) later(talkSeconds, () => hangUpCall(call, "callee"));
    // Once both are on the line, so it delays no connection; both parties hear it.
    if (call.record?.announcement) call.announced = { text: call.record.announcement, at: call.connectedAt };
    void deliverPhase(call, "connected");
  }

  /** Ends a connected call on both sides and reports it ("ended", with talk and ring time). */
  function hangUpCall(call: SimulatedCall, by: "operator" | "callee" | "console-gone") {
    if (call.hungUpAt || !call.connectedAt || stopped) return;
    call.hungUpAt = new Date().toISOString();
    call.endedBy = by;
    const talkSeconds = secondsBetween(call.connectedAt, call.hungUpAt);
    options.consoles?.push(call.connectTo!.userId, { type: "ended", callId: call.callId, by, talkSeconds, at: call.hungUpAt });
    void deliverPhase(call, "ended", { talkSeconds, ringSeconds: secondsBetween(call.placedAt, call.answeredAt) }).finally(() =>
      hungUpWaiter(call.providerCallId).resolve(call),
    );
    // Like Twilio: the recording is reported after the call, separately from its events.
    if (call.record) recordings.finish(call, talkSeconds);
  }

  const liveCallsOf = (userId: string) => calls.filter((call) => call.connectTo?.userId === userId && call.connectedAt && !call.hungUpAt);

  function ring(call: SimulatedCall) {
    const behaviour = call.behaviour;
    const ringsOutAfter = options.noAnswerSeconds ?? call.ringTimeoutSeconds;
    if (behaviour === "no-callback") {
      // The call ends (reconciliation can see it) but the webhook never hears about it.
      later(ringsOutAfter, () => {
        call.outcome = "no-answer";
        call.endedAt = new Date().toISOString();
        waiter(call.providerCallId).resolve(call);
      });
      return;
    }
    if (behaviour === "error-500") return;
    if (behaviour === "busy" || behaviour === "failed") return later(0, () => end(call, behaviour));
    if (behaviour === "no-answer" || ringSeconds >= call.ringTimeoutSeconds) {
      return later(ringsOutAfter, () => end(call, "no-answer"));
    }
    later(ringSeconds, () => end(call, behaviour));
  }

  async function inboundCall(input: InboundCallInput): Promise<SimulatedInboundCall> {
    const parsed = v.parse(InboundCallBody, input);
    const call: SimulatedInboundCall = { providerCallId: `SIMIN${randomUUID().replaceAll("-", "")}`, from: parsed.from, to: parsed.to, outcome: parsed.outcome, deliveries: [] };
    const send = async (status: string, extra: Record<string, unknown> = {}) => {
      const timestamp = Math.floor(Date.now() / 1000) + (options.clockOffsetSeconds ?? 0);
      const body = JSON.stringify({ type: "inbound", providerCallId: call.providerCallId, from: call.from, to: call.to, status, occurredAt: new Date().toISOString(), ...extra });
      call.deliveries.push(await post(body, timestamp));
    };
    await send("ringing");
    if (parsed.outcome === "missed") {
      await send("missed");
      return call;
    }
    await send("answered");
    if (parsed.talkSeconds > 0) await sleep(parsed.talkSeconds * 1000);
    await send("completed", { durationSeconds: parsed.talkSeconds });
    return call;
  }

  const app = new Hono();
  app.use("*", async (c, next) => {
    if (c.req.header("authorization") !== `Bearer ${options.secret}`) return c.json({ error: "unauthorized" }, 401);
    await next();
  });
  app.route("/", recordings.routes);
  app.post("/calls", async (c) => {
    const parsed = v.safeParse(PlaceCallBody, await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: "invalid", issues: toFieldIssues(parsed.issues) }, 400);
    const input = parsed.output;
    const existing = byCallId.get(input.callId);
    if (existing) {
      existing.requests += 1;
      return c.json({ providerCallId: existing.providerCallId, status: existing.outcome ? "completed" : "ringing" }, 200);
    }
    const position = sequencePosition.get(input.to) ?? 0;
    sequencePosition.set(input.to, position + 1);
    const behaviour = decideBehaviour(rules, input.to, position);
    if (behaviour === "error-500") {
      refusedRequests.push({ callId: input.callId, to: input.to });
      return c.json({ error: "simulated provider failure" }, 500);
    }
    const call: SimulatedCall = {
      callId: input.callId,
      providerCallId: `SIM${randomUUID().replaceAll("-", "")}`,
      to: input.to,
      ringTimeoutSeconds: input.ringTimeoutSeconds,
      behaviour,
      placedAt: new Date().toISOString(),
      requests: 1,
      deliveries: [],
      phaseDeliveries: [],
      ...(input.connectTo ? { connectTo: input.connectTo } : {}),
      ...(input.context ? { context: input.context } : {}),
      ...(input.manual ? { manual: input.manual } : {}),
      ...(input.voicemail ? { voicemail: input.voicemail } : {}),
      ...(input.companyName ? { companyName: input.companyName } : {}),
      ...(input.record ? { record: input.record } : {}),
    };
    calls.push(call);
    byCallId.set(call.callId, call);
    byProviderId.set(call.providerCallId, call);
    if (call.manual && call.connectTo) {
      // The user placed this call: their console shows it dialing at once.
      const { manual: _manual, ...shown } = manualFields(call);
      options.consoles?.push(call.connectTo.userId, { type: "dialing", callId: call.callId, to: call.to, ...shown, at: call.placedAt });
    }
    ring(call);
    return c.json({ providerCallId: call.providerCallId, status: "ringing" }, 201);
  });
  /** Simulate a call to one of our numbers; answers once its events are delivered. */
  app.post("/inbound-calls", async (c) => {
    const parsed = v.safeParse(InboundCallBody, await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: "invalid", issues: toFieldIssues(parsed.issues) }, 400);
    return c.json(await inboundCall(parsed.output), 201);
  });
  app.get("/calls/:providerCallId", (c) => {
    const call = byProviderId.get(c.req.param("providerCallId"));
    if (!call) return c.json({ error: "not found" }, 404);
    const inProgress = call.outcome === "answered" && call.connectTo && !call.hungUpAt;
    return c.json({ providerCallId: call.providerCallId, callId: call.callId, to: call.to, status: inProgress ? "in-progress" : call.outcome ? "completed" : "ringing", outcome: call.outcome });
  });

  const server = await new Promise<ServerType>((resolve, reject) => {
    const instance = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: options.hostname ?? "localhost" }, () => resolve(instance));
    instance.once("error", reject);
  });
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;

  return {
    url,
    secret: options.secret,
    calls,
    refusedRequests,
    inboundCall,
    dialsTo: (number) => calls.filter((call) => call.to === number).length,
    setRules(next) {
      rules = next;
      sequencePosition.clear();
    },
    async redeliver(providerCallId) {
      const event = lastEvent.get(providerCallId);
      if (!event) throw new Error(`No event was sent for ${providerCallId} yet.`);
      return post(event.body, event.timestamp);
    },
    settled: (providerCallId) => waiter(providerCallId).promise,
    hungUp: (providerCallId) => hungUpWaiter(providerCallId).promise,
    hangUp(callId, userId) {
      const call = byCallId.get(callId);
      if (call?.manual && call.connectTo?.userId === userId && !call.outcome && !stopped) {
        // The user cancels their own call while it still rings: it ends unanswered.
        end(call, "no-answer");
        return call;
      }
      if (!call || call.connectTo?.userId !== userId || !call.connectedAt || call.hungUpAt) return undefined;
      hangUpCall(call, "operator");
      return call;
    },
    answer(callId, userId) {
      const call = byCallId.get(callId);
      if (!call || call.connectTo?.userId !== userId || !call.rangAt || call.connectedAt || call.hungUpAt || stopped) return undefined;
      putThrough(call);
      return call;
    },
    consoleGone(userId) {
      for (const call of liveCallsOf(userId)) hangUpCall(call, "console-gone");
    },
    liveCallsOf,
    recordings,
    async stop() {
      stopped = true;
      recordings.stop();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
