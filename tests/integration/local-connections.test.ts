import net from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startLocalHost, type LocalHost } from "../../packages/functions/src/local/host";

let host: LocalHost;
beforeAll(async () => {
  host = await startLocalHost({ dynamoEndpoint: inject("dynamoEndpoint"), tableName: `connections-${Date.now()}`, port: 0, simulator: false });
});
afterAll(async () => {
  await host?.stop();
});

const statusOrSocketError = async (response: Response) => {
  await response.arrayBuffer();
  return String(response.status);
};
const socketError = (error: Error) => `${error.message}: ${(error.cause as Error | undefined)?.message}`;

/** One raw HTTP/1.1 connection: send a request, read one response (the status line's code). */
function rawConnection(port: number) {
  const socket = net.connect({ port, host: "localhost" });
  let buffered = "";
  let closed = false;
  socket.setEncoding("latin1");
  socket.on("data", (chunk: string) => (buffered += chunk));
  socket.on("close", () => (closed = true));
  socket.on("error", () => (closed = true));
  const ready = new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return {
    async get(path: string): Promise<string> {
      await ready;
      if (closed) return "closed before the request";
      buffered = "";
      socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n`);
      return this.response();
    },
    /** Sends raw bytes (a request's head, or a body sent late). */
    async write(bytes: string): Promise<void> {
      await ready;
      buffered = "";
      socket.write(bytes);
    },
    /** Waits for one whole response on the connection: its status code, or how it failed. */
    async response(): Promise<string> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const length = /content-length: (\d+)/i.exec(buffered)?.[1];
        const headersEnd = buffered.indexOf("\r\n\r\n");
        if (length && headersEnd >= 0 && buffered.length >= headersEnd + 4 + Number(length)) return buffered.split(" ")[1]!;
        if (closed) return "closed";
        if (Date.now() > deadline) return "no answer";
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    keepAliveHeader: () => /keep-alive: ([^\r]*)/i.exec(buffered)?.[1],
    close: () => socket.destroy(),
  };
}

describe("local host connections", () => {
  it("keeps the connection when it answers before a slow body has arrived", async () => {
    // An early answer (here a 404 for an unknown path) can leave before the client has sent its
    // body. Hono's Node adapter gave the rest 500 ms to arrive and then closed the socket, so on
    // a busy event loop or a slow uplink the next request on that keep-alive connection failed
    // with "other side closed" (the API fuzzer saw it about once in three runs). Node itself
    // reads the rest off the wire and keeps the connection.
    const connection = rawConnection(host.port);
    try {
      const body = JSON.stringify({ note: "x".repeat(2_000) });
      await connection.write(`POST /no-such-page HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n`);
      expect(await connection.response()).toBe("404");
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await connection.write(body);
      expect(await connection.get("/v1/me")).toBe("401");
    } finally {
      connection.close();
    }
  });

  it("keeps the connection when it answers a large body it never read (400 for a query parameter)", async () => {
    // 240 KB is under the 256 KB limit, so the body stream was opened; the 400 for the query key
    // left it unread, and the socket stayed paused: the next request on it got no answer (the
    // API fuzzer's 30 s timeout). The rest is now read off the wire after the answer.
    const connection = rawConnection(host.port);
    try {
      const body = "x".repeat(240_000);
      await connection.write(`POST /v1/telephony/twilio/dial-result?callId=a&cf.__proto__=x HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n${body}`);
      expect(await connection.response()).toBe("400");
      expect(await connection.get("/v1/me")).toBe("401");
    } finally {
      connection.close();
    }
  });

  it("keeps an idle keep-alive connection open longer than clients keep theirs (no race at the server's timeout)", async () => {
    // Node's default server keep-alive is 5 s, shorter than most clients' idle time (Go 90 s,
    // ALB 60 s, urllib3 unlimited; undici trusts the hint but fires late on a busy event loop):
    // a request sent just as the server hangs up fails with "other side closed".
    const connection = rawConnection(host.port);
    try {
      expect(await connection.get("/v1/me")).toBe("401");
      const hintSeconds = Number(/timeout=(\d+)/.exec(connection.keepAliveHeader() ?? "")?.[1]);
      expect(hintSeconds).toBeGreaterThanOrEqual(60);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(await connection.get("/v1/me")).toBe("401");
    } finally {
      connection.close();
    }
  }, 30_000);

  it("answers 60 posts of 300 KB with 60 × 413, never a closed socket", async () => {
    const body = JSON.stringify({ name: "x".repeat(300 * 1024) });
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const outcome = await fetch(`${host.url}/v1/contacts`, { method: "POST", headers: { "content-type": "application/json" }, body }).then(statusOrSocketError, socketError);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect(Object.fromEntries(outcomes)).toEqual({ 413: 60 });
  }, 120_000);

  it("answers a 300 KB body sent without Content-Length (chunked) with 413 too", async () => {
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 20; i++) {
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 19) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const outcome = await fetch(`${host.url}/v1/contacts`, { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit).then(statusOrSocketError, socketError);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect(Object.fromEntries(outcomes)).toEqual({ 413: 20 });
  }, 120_000);

  it("answers 413 to a 100 KB web-form submission (the public 64 KB limit) too", async () => {
    const body = "x".repeat(100 * 1024);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 30; i++) {
      const outcome = await fetch(`${host.url}/v1/forms/01J00000000000000000000000/submissions`, { method: "POST", headers: { "content-type": "text/plain" }, body }).then(statusOrSocketError, socketError);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect(Object.fromEntries(outcomes)).toEqual({ 413: 30 });
  }, 120_000);

  // After the 413s above: a connection they left half-read would fail the next request on it.
  it("serves 2,000 sequential keep-alive requests without a socket error", async () => {
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      // Every tenth a small POST the server answers (401) without reading its body.
      const request = i % 10 === 9 ? fetch(`${host.url}/v1/contacts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Small" }) }) : fetch(`${host.url}/v1/me`);
      const outcome = await request.then(statusOrSocketError, socketError);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect(Object.fromEntries(outcomes)).toEqual({ 401: 2000 });
  }, 300_000);
});
