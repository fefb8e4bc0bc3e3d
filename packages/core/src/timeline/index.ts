export * as Timeline from "./timeline";
export type { Activity, CallDetails, FieldChange } from "./activity";
