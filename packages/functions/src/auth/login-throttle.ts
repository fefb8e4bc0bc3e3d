import { RateLimit, type RateRule } from "@callboard/core/rate-limit";
import { nowMs } from "@callboard/core/runtime/clock";

export interface LoginLimits {
  /** Per (account, source address): the one address guessing is locked out, nobody else. */
  pair: RateRule[];
  /**
   * Per account, over every address: higher, so one address can never reach it (its own cap
   * stops it first), but guessing spread over many addresses still stops. Tiers of growing
   * windows are the backoff: a minute's lock, then an hour's, then a day's.
   */
  account: RateRule[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const LOGIN_LIMITS: LoginLimits = {
  pair: [
    { limit: 10, windowMs: MINUTE },
    { limit: 30, windowMs: HOUR },
  ],
  account: [
    { limit: 50, windowMs: HOUR },
    { limit: 200, windowMs: 24 * HOUR },
  ],
};

export type LoginVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Slows password guessing with counters kept in the table (core rate-limit), so every Lambda
 * instance of the issuer sees the same counts. Each attempt counts against its (account,
 * address) pair first; only attempts that pass it count against the account, so a flood from
 * one address cannot lock the account for everyone else.
 */
export class LoginThrottle {
  constructor(private readonly limits: LoginLimits = LOGIN_LIMITS) {}

  async admit(email: string, address: string, now = nowMs()): Promise<LoginVerdict> {
    const pair = await RateLimit.hitAll(
      this.limits.pair.map((rule) => ({ bucket: `login|${email}|${address}`, rule })),
      now,
    );
    if (!pair.allowed) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(pair.retryAfterMs / 1000)) };
    const account = await RateLimit.hitAll(
      this.limits.account.map((rule) => ({ bucket: `login|${email}`, rule })),
      now,
    );
    if (!account.allowed) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(account.retryAfterMs / 1000)) };
    return { allowed: true };
  }
}
