export * as CallLists from "./call-lists";
export * as CallEngine from "./engine";
export * as BlockedNumbers from "./blocked-numbers";
export * as CallListStatistics from "./statistics";
export { configureCallListPorts, type CallListRunner, type EngineInput } from "./ports";
export { nextCall } from "./next-call";
