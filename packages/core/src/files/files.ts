import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { SignatureV4 } from "@smithy/signature-v4";
import { credentialsFromEnvironment, Sha256, type AwsCredentials } from "../runtime/aws-signing";

/** The files port: blobs by key (photos now, imports later). Adapters at the edge. */
export interface FileStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes, or undefined when there is no such file. */
  get(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
  /**
   * A presigned URL a client PUTs the bytes to directly (S3); stores without one (the local
   * folder) take uploads through the API instead.
   */
  uploadUrl?(key: string, contentType: string, expiresSeconds: number): Promise<string>;
  /**
   * A URL that serves the file for `expiresSeconds`, then never again (S3: presigned GET; the
   * local folder: an HMAC-signed link the local host serves). Undefined: this store has none.
   */
  downloadUrl?(key: string, expiresSeconds: number, options?: { contentType?: string }): Promise<string>;
}

/** Where the local host serves signed links to local files, and the secret that signs them. */
export interface LocalFileLinks {
  /** e.g. `http://localhost:3000/local-files` */
  baseUrl: string;
  secret: string;
}

const linkSignature = (secret: string, key: string, expires: number) => createHmac("sha256", secret).update(`${key}\n${expires}`).digest("hex");

/** Checks a local file link: signed by this secret for this key, and not expired. */
export function verifyLocalFileLink(secret: string, key: string, expires: string | undefined, signature: string | undefined, nowMs = Date.now()): boolean {
  if (!expires || !signature || !/^\d{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/.test(signature)) return false;
  if (Number(expires) * 1000 < nowMs) return false;
  return timingSafeEqual(Buffer.from(linkSignature(secret, key, Number(expires)), "hex"), Buffer.from(signature, "hex"));
}

const keyShape = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,500}$/;
function checkKey(key: string): string {
  if (!keyShape.test(key) || key.includes("..")) throw new Error(`Invalid file key: ${key}`);
  return key;
}

/** Files in a local folder (`npm start`, tests). */
export class LocalFileStore implements FileStore {
  private readonly root: string;
  constructor(root: string, private links?: LocalFileLinks) {
    this.root = resolve(root);
  }
  /** Links are served by the local host, which knows its URL only once it listens. */
  serveLinks(links: LocalFileLinks): void {
    this.links = links;
  }
  async downloadUrl(key: string, expiresSeconds: number): Promise<string> {
    if (!this.links) throw new Error("Local file links are not configured (the local host serves them).");
    const expires = Math.floor(Date.now() / 1000) + expiresSeconds;
    const query = new URLSearchParams({ expires: String(expires), signature: linkSignature(this.links.secret, checkKey(key), expires) });
    return `${this.links.baseUrl.replace(/\/+$/, "")}/${key.split("/").map(encodeURIComponent).join("/")}?${query}`;
  }
  private path(key: string): string {
    const path = resolve(join(this.root, checkKey(key)));
    if (!path.startsWith(this.root + sep)) throw new Error(`Invalid file key: ${key}`);
    return path;
  }
  async put(key: string, bytes: Uint8Array, _contentType?: string): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    // Write then rename would be atomic; a photo overwritten in place is acceptable locally.
    await writeFile(path, bytes);
  }
  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.path(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }
  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

/**
 * Files in an S3 bucket (deployed stages; `FILES_BUCKET`). Three object calls over the S3 REST
 * API, signed with the SDK's own SigV4 signer: the full S3 client would add ~190 KB to the API
 * bundle and slow every cold start for a feature used now and then.
 */
export class S3FileStore implements FileStore {
  /** The signer pulls in ~60 KB of @smithy/core: loaded by the first file call, not at a cold start. */
  private signerLoad: Promise<SignatureV4> | undefined;
  private readonly signerOptions: ConstructorParameters<typeof SignatureV4>[0];
  private signer() {
    return (this.signerLoad ??= import("@smithy/signature-v4").then(({ SignatureV4 }) => new SignatureV4(this.signerOptions)));
  }
  private readonly endpoint: string;
  constructor(
    private readonly bucket: string,
    options: { region?: string; credentials?: AwsCredentials; endpoint?: string; fetch?: typeof fetch } = {},
  ) {
    const region = options.region ?? process.env.AWS_REGION ?? "us-east-1";
    this.endpoint = (options.endpoint ?? `https://s3.${region}.amazonaws.com`).replace(/\/+$/, "");
    this.signerOptions = { service: "s3", region, sha256: Sha256, credentials: options.credentials ?? credentialsFromEnvironment, uriEscapePath: false, applyChecksum: true };
    this.fetch = options.fetch ?? fetch;
  }
  private readonly fetch: typeof fetch;

  private async send(method: "GET" | "PUT" | "DELETE", key: string, body?: Uint8Array, contentType?: string): Promise<Response> {
    const url = new URL(`${this.endpoint}/${this.bucket}/${checkKey(key).split("/").map(encodeURIComponent).join("/")}`);
    const headers: Record<string, string> = { host: url.host, "x-amz-content-sha256": body ? Buffer.from(await new Sha256().digestOf(body)).toString("hex") : EMPTY_SHA256 };
    if (contentType) headers["content-type"] = contentType;
    const signed = await (await this.signer()).sign({ method, protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: url.pathname, headers, body, query: {} });
    const { host: _host, ...sendHeaders } = signed.headers;
    return this.fetch(url, { method, headers: sendHeaders, body: body as BodyInit | undefined });
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const response = await this.send("PUT", key, bytes, contentType);
    if (!response.ok) throw new Error(`S3 PUT ${key} answered ${response.status}: ${await response.text()}`);
  }
  async uploadUrl(key: string, contentType: string, expiresSeconds: number): Promise<string> {
    const url = new URL(`${this.endpoint}/${this.bucket}/${checkKey(key).split("/").map(encodeURIComponent).join("/")}`);
    const signed = await (await this.signer()).presign(
      { method: "PUT", protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: url.pathname, headers: { host: url.host, "content-type": contentType }, query: {} },
      { expiresIn: expiresSeconds, unsignableHeaders: new Set(), signableHeaders: new Set(["content-type"]) },
    );
    const query = new URLSearchParams(signed.query as Record<string, string>).toString();
    return `${url.origin}${url.pathname}?${query}`;
  }
  async downloadUrl(key: string, expiresSeconds: number, options: { contentType?: string } = {}): Promise<string> {
    const url = new URL(`${this.endpoint}/${this.bucket}/${checkKey(key).split("/").map(encodeURIComponent).join("/")}`);
    const query: Record<string, string> = options.contentType ? { "response-content-type": options.contentType } : {};
    const signed = await (await this.signer()).presign(
      { method: "GET", protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: url.pathname, headers: { host: url.host }, query },
      { expiresIn: expiresSeconds },
    );
    return `${url.origin}${url.pathname}?${new URLSearchParams(signed.query as Record<string, string>).toString()}`;
  }
  async get(key: string): Promise<Uint8Array | undefined> {
    const response = await this.send("GET", key);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`S3 GET ${key} answered ${response.status}: ${await response.text()}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  async delete(key: string): Promise<void> {
    const response = await this.send("DELETE", key);
    if (!response.ok && response.status !== 404) throw new Error(`S3 DELETE ${key} answered ${response.status}: ${await response.text()}`);
  }
}

const EMPTY_SHA256 = createHash("sha256").digest("hex");

let current: FileStore | undefined;

export function configureFiles(store: FileStore): FileStore {
  current = store;
  return current;
}

/** S3 when `FILES_BUCKET` is set (Lambda), else `FILES_DIR` or `<DATA_DIR|.data>/files`. */
export function useFiles(): FileStore {
  if (current) return current;
  const bucket = process.env.FILES_BUCKET;
  if (bucket) return configureFiles(new S3FileStore(bucket));
  return configureFiles(new LocalFileStore(process.env.FILES_DIR || join(process.env.DATA_DIR || ".data", "files")));
}
