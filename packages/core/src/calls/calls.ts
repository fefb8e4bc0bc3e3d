/** The call log (see call.entity.ts): system-side writes in record.ts, the users' reads in listing.ts. */
export { begin, update, attachRecording, load, subjectKeyOf, type CallRecord, type CallPatch, type CallRecording } from "./record";
export { get, list, ListCallsInput, type CallPage } from "./listing";
