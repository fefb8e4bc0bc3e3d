/** The reports' request schemas. */
import * as v from "valibot";
import { UlidField } from "../contacts/fields";

const DateField = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, "A date as YYYY-MM-DD."),
  v.check((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), "Not a calendar date."),
);

/** `GET /v1/reports/calls` query: a period of UTC days, optionally one operator, JSON or CSV. */
export const CallsReportQuery = v.strictObject(
  {
    from: v.optional(DateField),
    to: v.optional(DateField),
    operatorId: v.optional(UlidField),
    format: v.optional(v.picklist(["json", "csv"] as const, "One of: json, csv.")),
  },
  "Unknown parameter: leave it out.",
);
export type CallsReportQuery = v.InferInput<typeof CallsReportQuery>;
