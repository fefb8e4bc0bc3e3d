import type { Context, MiddlewareHandler } from "hono";
import type { Problem } from "./problem";
import { problem } from "./problem";

/**
 * How much of a too-large body we still read (and throw away) before answering 413. An HTTP/1.1
 * server that answers while the client is still sending and then drops the rest makes the
 * client fail with "other side closed" / EPIPE instead of reading the 413, or leaves a
 * half-read connection that the next request on it dies with. Reading the rest keeps the
 * connection usable; beyond this much, reading would be a gift to a flooder, so the answer says
 * `Connection: close` instead.
 */
export const MAX_DISCARDED_BYTES = 32 * 1024 * 1024;

/** Reads the stream to its end, dropping the bytes; false when more than `limit` came. */
async function discard(reader: ReadableStreamDefaultReader<Uint8Array>, limit: number, alreadyRead = 0): Promise<boolean> {
  let read = alreadyRead;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      read += value.byteLength;
      if (read > limit) {
        await reader.cancel().catch(() => undefined);
        return false;
      }
    }
  } catch {
    return false;
  }
}

/**
 * After an answer given without reading the body (a 400 for a query parameter, a 401, a 404):
 * reads what is left of it. On the local server the body stream, once touched, holds the socket
 * paused at its buffer's high-water mark, so a body of more than ~64 KB left unread stalled the
 * next request on that keep-alive connection until the client gave up (the fuzzer: 240 KB to
 * `?cf.__proto__=…`, then 30 s of silence). Beyond MAX_DISCARDED_BYTES the answer closes instead.
 */
async function drainUnreadBody(c: Context): Promise<void> {
  const body = c.req.raw.body;
  if (!body || c.req.raw.bodyUsed || body.locked) return;
  if (await discard(body.getReader(), MAX_DISCARDED_BYTES)) return;
  try {
    c.res.headers.set("connection", "close");
  } catch {
    c.res = new Response(c.res.body, { status: c.res.status, headers: { ...Object.fromEntries(c.res.headers), connection: "close" } });
  }
}

/**
 * Caps the request body at `maxSize` bytes and answers 413 problem+json beyond it, only after
 * the client has sent its whole body (see MAX_DISCARDED_BYTES). Hono's own bodyLimit answers at
 * once and keeps the stream locked in its reader, so the rest could not be drained (measured:
 * 28 of 60 posts of 300 KB got a closed socket, and chunked posts poisoned the next request).
 */
export function bodyLimitWith413(maxSize: number, answer: Omit<Problem, "status" | "type">): MiddlewareHandler {
  const tooLarge = (c: Context, drained: boolean) => {
    const response = problem(c, 413, answer);
    if (!drained) response.headers.set("connection", "close");
    return response;
  };
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.raw.headers.has("transfer-encoding") ? NaN : Number(c.req.header("content-length") ?? NaN);
    if (Number.isFinite(declared)) {
      if (declared <= maxSize) {
        await next();
        return drainUnreadBody(c);
      }
      if (declared > MAX_DISCARDED_BYTES) return tooLarge(c, false);
      return tooLarge(c, await discard(body.getReader(), MAX_DISCARDED_BYTES));
    }
    // No length given (chunked): read up to the cap, then hand the bytes on as the body.
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxSize) return tooLarge(c, await discard(reader, MAX_DISCARDED_BYTES, size));
      chunks.push(value);
    }
    const buffer = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      buffer.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(c.req.raw, { body: buffer });
    return next();
  };
}
