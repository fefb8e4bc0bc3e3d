import * as v from "valibot";
import { languages } from "@callboard/core/settings/schemas";

/** The organization's settings as the API answers them. */
export const OrganizationSettingsView = v.object({
  pauseReasons: v.array(v.string()),
  recordingDefault: v.boolean(),
  recordingRetentionDays: v.number(),
  recordingAnnouncement: v.optional(v.string()),
  defaultLanguage: v.picklist(languages),
  /** ISO 3166 country of the organization's numbers (DEFAULT_COUNTRY; read-only). */
  country: v.string(),
  wrapUpSeconds: v.optional(v.number()),
  companyName: v.optional(v.string()),
  /** Days a call stays in the call log. */
  callLogRetentionDays: v.number(),
  version: v.number(),
  updatedAt: v.optional(v.string()),
});
