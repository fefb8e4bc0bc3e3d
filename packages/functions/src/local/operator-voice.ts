import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { streamSSE, type SSEStreamingApi } from "hono/streaming";
import { requireUser, type ApiEnv } from "../api/auth";
import { problem, toProblemResponse } from "../api/problem";
import { manualFields, type ConsoleVoiceEvent, type OperatorConsoles, type TelephonySimulator } from "./telephony-simulator";

/**
 * The local host's push channel to operators' consoles (server-sent events), and the simulator's
 * voice routes. Local only: on AWS an API Gateway HTTP API does not stream, and with Twilio the
 * call itself reaches the console through the Voice SDK.
 *
 * - `POST /v1/operator/events/ticket` (bearer token) → `{ ticket, expiresAt }`: single use, 30 s.
 *   EventSource cannot send an Authorization header, and an access token in a URL ends up in
 *   logs and history; a ticket that is spent on first use and dies in 30 s is harmless there.
 * - `GET /v1/operator/events?ticket=…` → `text/event-stream` of `voice` events for that user.
 * - `POST /v1/operator/calls/{callId}/answer` (bearer token) → the console took the ringing call
 *   (after showing its card); the simulator connects it. 404 when no such call rings this user.
 * - `POST /v1/operator/calls/{callId}/hangup` (bearer token) → the simulator ends the call on both sides.
 */

const TICKET_TTL_MS = 30_000;
const KEEP_ALIVE_MS = 15_000;
/**
 * A console whose last stream closed has this long to come back (a page reload) before its
 * calls end as "console gone"; a returning console is shown the call it is on again.
 */
export const CONSOLE_RETURN_GRACE_MS = 3_000;

export interface OperatorPush extends OperatorConsoles {
  /** How many consoles this operator has open. */
  connections(userId: string): number;
  /** Closes every stream (host stop). */
  closeAll(): void;
}

export function createOperatorVoice(options: { simulator?: () => TelephonySimulator | undefined; returnGraceMs?: number }) {
  const tickets = new Map<string, { userId: string; expiresAt: number }>();
  const streams = new Map<string, Set<SSEStreamingApi>>();
  const leaving = new Map<string, NodeJS.Timeout>();
  const returnGraceMs = options.returnGraceMs ?? CONSOLE_RETURN_GRACE_MS;

  const push: OperatorPush = {
    push(userId: string, event: ConsoleVoiceEvent): boolean {
      const open = streams.get(userId);
      if (!open || open.size === 0) return false;
      const data = JSON.stringify(event);
      for (const stream of open) void stream.writeSSE({ event: "voice", data }).catch(() => undefined);
      return true;
    },
    connections: (userId) => streams.get(userId)?.size ?? 0,
    closeAll() {
      for (const timer of leaving.values()) clearTimeout(timer);
      leaving.clear();
      for (const open of streams.values()) for (const stream of open) void stream.close().catch(() => undefined);
      streams.clear();
    },
  };

  function issueTicket(userId: string) {
    const now = Date.now();
    for (const [key, value] of tickets) if (value.expiresAt <= now) tickets.delete(key);
    const ticket = randomBytes(24).toString("base64url");
    const expiresAt = now + TICKET_TTL_MS;
    tickets.set(ticket, { userId, expiresAt });
    return { ticket, expiresAt: new Date(expiresAt).toISOString() };
  }

  function spendTicket(ticket: string | undefined): string | undefined {
    if (!ticket) return undefined;
    const found = tickets.get(ticket);
    tickets.delete(ticket);
    return found && found.expiresAt > Date.now() ? found.userId : undefined;
  }

  const authenticated = new Hono<ApiEnv>()
    .use(requireUser)
    .post("/events/ticket", (c) => c.json(issueTicket(c.var.actor.userId), 201))
    .post("/calls/:callId/answer", (c) => {
      const simulator = options.simulator?.();
      if (!simulator) return problem(c, 409, { title: "Conflict", detail: "Answer in the softphone: this provider's calls are not answered through the API." });
      const call = simulator.answer(c.req.param("callId"), c.var.actor.userId);
      if (!call) return problem(c, 404, { title: "Not found", detail: "No call of yours is ringing with this ID (taken, over, or never yours)." });
      return c.json({ callId: call.callId, connectedAt: call.connectedAt });
    })
    .post("/calls/:callId/hangup", (c) => {
      const simulator = options.simulator?.();
      if (!simulator) return problem(c, 409, { title: "Conflict", detail: "Hang up from the softphone: this provider's calls are not ended through the API." });
      const call = simulator.hangUp(c.req.param("callId"), c.var.actor.userId);
      if (!call) return problem(c, 404, { title: "Not found", detail: "No call of yours in progress with this ID." });
      return c.json({ callId: call.callId, endedAt: call.hungUpAt });
    });

  const app = new Hono()
    .get("/v1/operator/events", (c) => {
      const userId = spendTicket(c.req.query("ticket"));
      if (!userId) return problem(c, 401, { title: "Unauthorized", detail: "Open the stream with a fresh ticket from POST /v1/operator/events/ticket." });
      return streamSSE(c, async (stream) => {
        const open = streams.get(userId) ?? new Set();
        streams.set(userId, open);
        open.add(stream);
        clearTimeout(leaving.get(userId));
        leaving.delete(userId);
        const { promise: closed, resolve: markClosed } = Promise.withResolvers<void>();
        stream.onAbort(() => {
          open.delete(stream);
          if (open.size === 0) {
            streams.delete(userId);
            // The operator's last console is gone (closed or crashed): unless it comes back at
            // once (a reload), end their call cleanly.
            leaving.set(
              userId,
              setTimeout(() => {
                leaving.delete(userId);
                if (!streams.get(userId)?.size) options.simulator?.()?.consoleGone(userId);
              }, returnGraceMs),
            );
          }
          markClosed();
        });
        await stream.writeSSE({ event: "ready", data: JSON.stringify({ userId }) });
        // A console that comes back mid-call (a reload) is shown the call it is on.
        for (const call of options.simulator?.()?.liveCallsOf(userId) ?? []) {
          const at = new Date().toISOString();
          const context = call.context ? { listId: call.context.listId, entryId: call.context.entryId, attempt: call.context.attempt } : {};
          const name = { ...(call.context?.subjectName ? { subjectName: call.context.subjectName } : {}), ...manualFields(call) };
          await stream.writeSSE({ event: "voice", data: JSON.stringify({ type: "incoming", callId: call.callId, to: call.to, ...context, ...name, replay: true, at }) });
          await stream.writeSSE({ event: "voice", data: JSON.stringify({ type: "connected", callId: call.callId, since: call.connectedAt, at }) });
        }
        const keepAlive = setInterval(() => void stream.write(": keep-alive\n\n").catch(() => undefined), KEEP_ALIVE_MS);
        await closed;
        clearInterval(keepAlive);
      });
    })
    .route("/v1/operator", authenticated);
  app.onError(toProblemResponse);

  /** True for the paths this module serves (the host sends them here instead of to the API). */
  const handles = (path: string) => path === "/v1/operator/events" || path === "/v1/operator/events/ticket" || /^\/v1\/operator\/calls\/[^/]+\/(answer|hangup)$/.test(path);

  return { app, push, handles };
}
