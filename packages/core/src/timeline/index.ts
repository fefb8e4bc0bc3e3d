export * as Timeline from "./timeline";
export type { Activity, CallDetails, CompanyActivity, FieldChange } from "./activity";
export { noteKinds, noteText, noted, type NoteKind, type SystemNote } from "./notes";
