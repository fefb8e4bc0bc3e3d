import * as v from "valibot";

/** A web form as the API answers it (the secret itself never leaves: `hasSecret`). */
export const FormView = v.object({
  formId: v.string(),
  name: v.string(),
  fields: v.record(v.string(), v.string()),
  allowedOrigins: v.array(v.string()),
  ownerId: v.string(),
  tags: v.array(v.string()),
  redirectUrl: v.optional(v.string()),
  hasSecret: v.boolean(),
  honeypotField: v.string(),
  version: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
});

export const SubmissionAcceptedView = v.object({ accepted: v.literal(true), submissionId: v.string() });
export const ChatMessageLoggedView = v.object({ accepted: v.literal(true), messageId: v.string(), contactId: v.string() });
