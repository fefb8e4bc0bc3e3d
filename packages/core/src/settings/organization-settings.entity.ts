import { Entity } from "../storage/entity";

/** The organization's settings: one row, edited by admins, read by everyone. */
export const OrganizationSettingsEntity = new Entity({
  model: { entity: "organizationSettings", version: "1", service: "crm" },
  attributes: {
    scope: { type: "string", required: true, readOnly: true, default: () => "organization" },
    pauseReasons: { type: "list", items: { type: "string" } },
    recordingDefault: { type: "boolean" },
    recordingRetentionDays: { type: "number" },
    recordingAnnouncement: { type: "string" },
    defaultLanguage: { type: ["ru", "ro", "en"] as const },
    wrapUpSeconds: { type: "number" },
    companyName: { type: "string" },
    /** Days a call stays in the call log (calls/), 730 when unset. */
    callLogRetentionDays: { type: "number" },
    version: { type: "number", required: true, default: 0 },
    updatedAt: { type: "string" },
    updatedBy: { type: "string" },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: ["scope"] }, sk: { field: "sk", composite: [] } },
  },
});
