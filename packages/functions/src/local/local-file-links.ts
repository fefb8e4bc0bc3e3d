import { Hono } from "hono";
import { useFiles, verifyLocalFileLink } from "@callboard/core/files";

/** Where the local host serves signed links to files in the local folder (S3 presigns on AWS). */
export const LOCAL_FILES_PATH = "/local-files";

const contentTypes: Record<string, string> = { wav: "audio/wav", mp3: "audio/mpeg", jpg: "image/jpeg", png: "image/png", webp: "image/webp" };

/**
 * The local stand-in for a presigned S3 GET: `GET /local-files/<key>?expires=&signature=` serves
 * the file only while the HMAC-signed link has not expired, so a recording has no lasting URL
 * locally either. Anything else (unsigned, tampered, expired, missing) is a 404 that names nothing.
 */
export function localFileLinks(secret: string) {
  return new Hono().get(`${LOCAL_FILES_PATH}/*`, async (c) => {
    const key = decodeURIComponent(new URL(c.req.url).pathname.slice(LOCAL_FILES_PATH.length + 1));
    const notFound = () => c.text("Not found", 404, { "cache-control": "no-store" });
    if (!verifyLocalFileLink(secret, key, c.req.query("expires"), c.req.query("signature"))) return notFound();
    let bytes: Uint8Array | undefined;
    try {
      bytes = await useFiles().get(key);
    } catch {
      return notFound();
    }
    if (!bytes) return notFound();
    const type = contentTypes[key.split(".").pop() ?? ""] ?? "application/octet-stream";
    return c.body(bytes as unknown as ArrayBuffer, 200, { "content-type": type, "cache-control": "private, no-store" });
  });
}
