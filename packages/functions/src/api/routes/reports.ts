import { Hono } from "hono";
import * as v from "valibot";
import type { ApiEnv } from "../auth";
import { query } from "../body";
import { describe, json, problems } from "../describe";
import { CallsReportQuery } from "@callboard/core/reports/schemas";
import { lazyModule } from "../lazy-module";
import { loadCalling } from "@callboard/core/lazy/index";

const Reports = lazyModule(async () => (await loadCalling()).Reports);

const CallsTotalsFields = {
  calls: v.number(),
  answered: v.pipe(v.number(), v.description("Calls a person answered.")),
  talkSeconds: v.number(),
  abandoned: v.pipe(v.number(), v.description("Answered calls no operator was connected to within 2 s.")),
  dispositions: v.pipe(v.record(v.string(), v.number()), v.description("Calls by the operator's disposition.")),
};
const OperatorFields = {
  operatorId: v.pipe(v.nullable(v.string()), v.description("null: calls no operator took (admins only).")),
  operatorName: v.string(),
};
const CallsReportView = v.object({
  from: v.string(),
  to: v.string(),
  operatorId: v.optional(v.string()),
  dispositions: v.pipe(v.array(v.string()), v.description("The disposition columns, known ones first.")),
  rows: v.pipe(v.array(v.object({ day: v.string(), ...OperatorFields, ...CallsTotalsFields })), v.description("Per operator and UTC day, days ascending; pairs with calls only.")),
  byOperator: v.array(v.object({ ...OperatorFields, ...CallsTotalsFields })),
  byDay: v.pipe(v.array(v.object({ day: v.string(), ...CallsTotalsFields })), v.description("Every day of the period, empty days as 0.")),
  totals: v.object(CallsTotalsFields),
  complete: v.pipe(v.boolean(), v.description("false: a day (or the operator) had more calls than one bounded read holds.")),
});

/**
 * Reports across call lists (issue 18): managers see their team's calls, admins everyone's.
 * `?format=csv` answers the same rows as a CSV download.
 */
export const reportRoutes = new Hono<ApiEnv>().get(
  "/calls",
  describe({
    summary:
      "Calls of every list (and manual and inbound calls) per operator and per UTC day for a period (`from`, `to` as YYYY-MM-DD, at most 92 days; default the last 7 days): calls, answered, talk seconds, abandoned, dispositions. Managers: their team's operators (themselves included); admins: everyone, calls nobody took as operatorId null; other roles 403. `format=csv`: the rows as a CSV download (cells a spreadsheet would run are quoted)",
    responses: {
      200: (() => {
        const described = json("The report (or, with format=csv, its rows as text/csv)", CallsReportView);
        return { ...described, content: { ...described.content, "text/csv": { schema: { type: "string" as const } } } };
      })(),
      ...problems(400, 401, 403),
    },
  }),
  query(CallsReportQuery),
  async (c) => {
    const input = c.req.valid("query");
    const report = await Reports.callsReport(input);
    if (input.format !== "csv") return c.json(report);
    const { fileName, csv } = await Reports.callsReportCsv(report);
    return c.body(csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName.replace(/[^\w.-]+/g, "_")}"`,
    });
  },
);
