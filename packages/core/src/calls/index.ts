export * as Calls from "./calls";
export type { CallRecord, CallPatch, CallRecording, CallSource, CallOutcome, CallDirection } from "./record";
