export * as CallLists from "./call-lists";
export * as CallEngine from "./engine";
export * as BlockedNumbers from "./blocked-numbers";
export { configureCallListPorts, type CallListRunner, type EngineInput } from "./ports";
