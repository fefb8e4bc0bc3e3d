/**
 * Slows password guessing: at most N attempts per client and email in a sliding window.
 * Per Lambda instance; API Gateway throttling caps the total in front of it.
 */
export class LoginThrottle {
  private readonly attempts = new Map<string, number[]>();
  constructor(private readonly limits: { attempts: number; windowMs: number }) {}

  allow(key: string, now = Date.now()): boolean {
    const recent = (this.attempts.get(key) ?? []).filter((at) => now - at < this.limits.windowMs);
    recent.push(now);
    this.attempts.set(key, recent);
    if (this.attempts.size > 10_000) this.attempts.delete(this.attempts.keys().next().value as string);
    return recent.length <= this.limits.attempts;
  }
}
