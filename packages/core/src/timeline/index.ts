export * as Timeline from "./timeline";
export type { Activity, CallDetails, CompanyActivity, FieldChange } from "./activity";
