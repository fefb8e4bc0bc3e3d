import { signSimulatorEvent, verifySimulatorSignature, LATE_AFTER_SECONDS } from "../telephony/signature";
import { ForbiddenError, UnauthenticatedError } from "../errors";

/** Headers of a signed intake post (forms server-to-server, chat sources): Stripe-style. */
export const INTAKE_TIMESTAMP_HEADER = "x-callboard-timestamp";
export const INTAKE_SIGNATURE_HEADER = "x-callboard-signature";

/** `v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` with the shared secret. */
export const signIntake = (secret: string, timestampSeconds: number, body: string) => signSimulatorEvent(secret, timestampSeconds, body);

/** Throws 401 when unsigned, 403 when the signature or its age is wrong (replays are bounded to 5 min). */
export function verifyIntakeSignature(secret: string, rawBody: string, timestamp: string | undefined, signature: string | undefined, nowMs: number): void {
  if (!timestamp || !signature) throw new UnauthenticatedError(`Signed posts only: ${INTAKE_TIMESTAMP_HEADER} and ${INTAKE_SIGNATURE_HEADER} are required.`);
  if (!/^\d{1,12}$/.test(timestamp)) throw new UnauthenticatedError(`${INTAKE_TIMESTAMP_HEADER} must be Unix seconds.`);
  const seconds = Number(timestamp);
  if (!verifySimulatorSignature(secret, seconds, rawBody, signature)) throw new ForbiddenError("The signature does not match.");
  if (Math.abs(nowMs - seconds * 1000) > LATE_AFTER_SECONDS * 1000) throw new ForbiddenError("The signature's timestamp is more than 5 minutes off.");
}
