import { createHash, createHmac } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalFileStore, S3FileStore } from "../../packages/core/src/files";

const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

describe("local folder adapter", () => {
  it("puts, gets and deletes by key, and refuses keys that leave the folder", async () => {
    const root = mkdtempSync(join(tmpdir(), "callboard-files-"));
    const store = new LocalFileStore(root);
    await store.put("contacts/01ARZ3NDEKTSV4RRFFQ69G5FAV/photo", bytes, "image/png");
    expect(await store.get("contacts/01ARZ3NDEKTSV4RRFFQ69G5FAV/photo")).toEqual(bytes);
    expect(readdirSync(join(root, "contacts"))).toEqual(["01ARZ3NDEKTSV4RRFFQ69G5FAV"]);
    await store.delete("contacts/01ARZ3NDEKTSV4RRFFQ69G5FAV/photo");
    expect(await store.get("contacts/01ARZ3NDEKTSV4RRFFQ69G5FAV/photo")).toBeUndefined();
    for (const bad of ["../escape", "/etc/passwd", "a/../../b"]) {
      await expect(store.put(bad, bytes, "image/png")).rejects.toThrow(/Invalid file key/);
    }
  });
});

/**
 * S3 has no local engine here, so the adapter talks to a small HTTP stand-in that keeps objects
 * in memory and checks each request's SigV4 signature with an independent implementation of
 * AWS's documented algorithm (canonical request → string to sign → derived key).
 */
describe("S3 adapter", () => {
  const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
  const objects = new Map<string, { body: Buffer; type?: string }>();
  const problems: string[] = [];
  let server: http.Server;
  let endpoint: string;

  const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();
  const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

  function verify(request: http.IncomingMessage, body: Buffer): string | undefined {
    const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(request.headers.authorization ?? "");
    if (!auth) return `bad Authorization header: ${request.headers.authorization}`;
    const [, accessKey, date, region, signedHeaders, signature] = auth;
    if (accessKey !== credentials.accessKeyId) return "wrong access key";
    if (request.headers["x-amz-content-sha256"] !== sha256(body)) return "payload hash does not match the body";
    const names = signedHeaders!.split(";");
    if (!names.includes("host") || !names.includes("x-amz-date")) return "host and x-amz-date must be signed";
    const canonical = [
      request.method,
      request.url!.split("?")[0],
      "",
      ...names.map((name) => `${name}:${String(request.headers[name]).trim()}`),
      "",
      signedHeaders,
      request.headers["x-amz-content-sha256"],
    ].join("\n");
    const scope = `${date}/${region}/s3/aws4_request`;
    const toSign = ["AWS4-HMAC-SHA256", request.headers["x-amz-date"], scope, sha256(canonical)].join("\n");
    const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date!), region!), "s3"), "aws4_request");
    return hmac(key, toSign).toString("hex") === signature ? undefined : "signature mismatch";
  }

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks);
        const problem = verify(request, body);
        if (problem) {
          problems.push(problem);
          response.writeHead(403).end(problem);
          return;
        }
        const key = request.url!;
        if (request.method === "PUT") {
          objects.set(key, { body, type: request.headers["content-type"] });
          response.writeHead(200).end();
        } else if (request.method === "GET") {
          const object = objects.get(key);
          if (!object) response.writeHead(404).end("<Error><Code>NoSuchKey</Code></Error>");
          else response.writeHead(200, { "content-type": object.type ?? "binary/octet-stream" }).end(object.body);
        } else if (request.method === "DELETE") {
          objects.delete(key);
          response.writeHead(204).end();
        } else response.writeHead(405).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("puts, gets and deletes objects with signed requests (path-style, bucket first)", async () => {
    const store = new S3FileStore("callboard-files", { region: "eu-central-1", endpoint, credentials: async () => credentials });
    await store.put("contacts/01ARZ3NDEKTSV4RRFFQ69G5FAV/photo", bytes, "image/png");
    expect(objects.get("/callboard-files/contacts/01ARZ3NDEKTSV4RRFFQ69G5FAV/photo")).toMatchObject({ type: "image/png" });
    expect(await store.get("contacts/01ARZ3NDEKTSV4RRFFQ69G5FAV/photo")).toEqual(bytes);
    await store.delete("contacts/01ARZ3NDEKTSV4RRFFQ69G5FAV/photo");
    expect(await store.get("contacts/01ARZ3NDEKTSV4RRFFQ69G5FAV/photo")).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it("fails loudly when S3 refuses (bad credentials), never pretending the write happened", async () => {
    const store = new S3FileStore("callboard-files", { region: "eu-central-1", endpoint, credentials: async () => ({ ...credentials, secretAccessKey: "wrong" }) });
    await expect(store.put("contacts/x/photo", bytes, "image/png")).rejects.toThrow(/answered 403/);
    expect(objects.has("/callboard-files/contacts/x/photo")).toBe(false);
  });
});
