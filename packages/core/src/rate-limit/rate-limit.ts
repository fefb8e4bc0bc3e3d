import { useStorage } from "../storage";

/** At most `limit` hits per `windowMs` (fixed windows aligned to the epoch). */
export interface RateRule {
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Hits counted in this window so far, this one included. */
  hits: number;
  /** When the current window ends, from `now`. */
  retryAfterMs: number;
}

/** Keep a window's counter a while after it ends, for anyone inspecting; TTL then removes it. */
const KEEP_AFTER_WINDOW_SECONDS = 60;

/**
 * Counts one hit against `bucket` and says whether it is within the rule: one conditional-free
 * UpdateItem (ADD) per hit, so concurrent Lambdas share one exact count. Refused hits are
 * counted too, which only keeps a flooding caller refused until the window ends.
 */
export async function hit(bucket: string, rule: RateRule, now = Date.now()): Promise<RateDecision> {
  const windowStart = Math.floor(now / rule.windowMs) * rule.windowMs;
  const windowEnd = windowStart + rule.windowMs;
  const { data } = await useStorage()
    .service.entities.rateLimit.upsert({ bucket, windowStart })
    .add({ hits: 1 })
    .set({ expiresAt: Math.ceil(windowEnd / 1000) + KEEP_AFTER_WINDOW_SECONDS })
    .go({ response: "all_new" });
  const hits = data.hits ?? 1;
  return { allowed: hits <= rule.limit, hits, retryAfterMs: windowEnd - now };
}

export interface AcquireOptions {
  /** Give up (return false) rather than wait longer than this in total. */
  maxWaitMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits for a free slot in `bucket`; false when none comes within `maxWaitMs`. */
export async function acquire(bucket: string, rule: RateRule, options: AcquireOptions): Promise<boolean> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const deadline = now() + options.maxWaitMs;
  for (;;) {
    const decision = await hit(bucket, rule, now());
    if (decision.allowed) return true;
    // A few ms of spread so waiters that woke together do not all land on the window's first ms.
    const wait = decision.retryAfterMs + Math.floor(Math.random() * 5);
    if (now() + wait > deadline) return false;
    await sleep(wait);
  }
}

/** `calls per second` as a fixed-window rule: 0.5/s is 1 per 2 s, 5/s is 5 per second. */
export function perSecond(rate: number): RateRule {
  if (!(rate > 0)) throw new RangeError(`A rate must be above 0, got ${rate}.`);
  return rate >= 1 ? { limit: Math.floor(rate), windowMs: 1000 } : { limit: 1, windowMs: Math.round(1000 / rate) };
}

/** One bucket checked against one rule, for `hitAll`. */
export interface RateCheck {
  bucket: string;
  rule: RateRule;
}

/**
 * Counts one hit in every check (in parallel, one UpdateItem each) and says whether all allow
 * it. Tiers of one bucket (5 a minute, 20 an hour…) make a lock that grows with persistence;
 * `retryAfterMs` is the longest wait among the refusing rules.
 */
export async function hitAll(checks: RateCheck[], now = Date.now()): Promise<RateDecision> {
  const decisions = await Promise.all(checks.map((check) => hit(`${check.bucket}|${check.rule.windowMs}`, check.rule, now)));
  const refused = decisions.filter((decision) => !decision.allowed);
  return {
    allowed: refused.length === 0,
    hits: Math.max(0, ...decisions.map((decision) => decision.hits)),
    retryAfterMs: Math.max(0, ...refused.map((decision) => decision.retryAfterMs)),
  };
}
