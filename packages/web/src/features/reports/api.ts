import { API_URL } from "../../config";
import { ApiError, authFetch } from "../../api/client";
import { getJson, problemOf } from "../charts/fetch-json";
import type { CallsReport } from "../../api/types";

export type { CallsReport };

export interface ReportPeriod {
  from: string;
  to: string;
  operatorId?: string;
}

const queryOf = (period: ReportPeriod, format?: "csv") =>
  new URLSearchParams({ from: period.from, to: period.to, ...(period.operatorId ? { operatorId: period.operatorId } : {}), ...(format ? { format } : {}) }).toString();

export const fetchCallsReport = (period: ReportPeriod) => getJson<CallsReport>(`/reports/calls?${queryOf(period)}`);

/** The same rows as CSV, saved by the browser under the name the API gives. */
export async function downloadCallsReport(period: ReportPeriod): Promise<string> {
  const response = await authFetch(`${API_URL}/v1/reports/calls?${queryOf(period, "csv")}`, { headers: { Accept: "text/csv, application/problem+json" } });
  if (!response.ok) throw new ApiError(await problemOf(response));
  const fileName = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "calls.csv";
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return fileName;
}
