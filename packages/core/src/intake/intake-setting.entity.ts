import { Entity } from "../storage/entity";

/**
 * Admin settings for intake, one partition: `route` rows map a called number (E.164, or `*`
 * for every other number) to the user who takes its calls; `chat` rows hold a chat source's
 * signing secret and the owner of the contacts it creates.
 */
export const IntakeSettingEntity = new Entity({
  model: { entity: "intakeSetting", version: "1", service: "crm" },
  attributes: {
    kind: { type: ["route", "chat"] as const, required: true, readOnly: true },
    key: { type: "string", required: true, readOnly: true },
    userId: { type: "string", required: true },
    secret: { type: "string" },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    primary: { pk: { field: "pk", composite: [] }, sk: { field: "sk", composite: ["kind", "key"] } },
  },
});
