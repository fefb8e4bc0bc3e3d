import { getJson } from "../../charts/fetch-json";
import type { CallListStatistics } from "../../../api/types";

export type { CallListStatistics };

export const fetchCallListStatistics = (listId: string) => getJson<CallListStatistics>(`/call-lists/${encodeURIComponent(listId)}/statistics`);
