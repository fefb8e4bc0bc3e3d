import { createHmac, timingSafeEqual } from "node:crypto";
import { ValidationError } from "../errors";

/**
 * Page cursors handed to clients are ElectroDB's cursor plus a MAC, so a tampered or invented
 * cursor is a clean 400 instead of a DynamoDB error (and cannot steer a Query elsewhere).
 */
function secret(): string {
  return process.env.CURSOR_SECRET || `callboard:${process.env.TABLE_NAME ?? "local"}`;
}

/** `context` names the query (index and partition): a cursor only continues the query it came from. */
function mac(payload: string, context: string): string {
  return createHmac("sha256", secret()).update(`${context}\n${payload}`).digest("base64url").slice(0, 22);
}

export function encodeCursor(inner: string | null | undefined, context: string): string | null {
  if (!inner) return null;
  const payload = Buffer.from(inner, "utf8").toString("base64url");
  return `${payload}.${mac(payload, context)}`;
}

export function decodeCursor(cursor: string | undefined, context: string, field = "cursor"): string | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  const [payload, signature, ...rest] = cursor.split(".");
  const bad = () => new ValidationError([{ field, message: "Invalid cursor: use the cursor from the previous page as it was given." }]);
  if (!payload || !signature || rest.length > 0 || cursor.length > 2048) throw bad();
  const expected = Buffer.from(mac(payload, context));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw bad();
  return Buffer.from(payload, "base64url").toString("utf8");
}
