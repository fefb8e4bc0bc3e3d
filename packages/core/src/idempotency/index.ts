export * as Idempotency from "./idempotency";
export type { KeptAnswer, Begun } from "./idempotency";
