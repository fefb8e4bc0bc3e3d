export * as RateLimit from "./rate-limit";
export type { RateRule, RateDecision } from "./rate-limit";
