export * as Timeline from "./timeline";
export type { Activity, CallDetails, CompanyActivity, FieldChange } from "./activity";
export { noteText, noted } from "./notes";
export { noteKinds, type NoteKind, type SystemNote } from "./note-schema";
