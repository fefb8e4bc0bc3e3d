export * as RateLimit from "./rate-limit";
export type { RateRule, RateDecision, RateCheck } from "./rate-limit";
