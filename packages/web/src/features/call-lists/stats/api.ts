import { getJson } from "../../charts/fetch-json";

/** `GET /v1/call-lists/{listId}/statistics` (packages/core/src/call-lists/statistics.ts). */
export interface CallListStatistics {
  listId: string;
  attempts: number;
  answered: number;
  answeredPercentOfAttempts: number;
  reachedEntries: number;
  finishedEntries: number;
  reachedPercentOfFinishedEntries: number;
  funnel: { stage: string; count: number; percentOfDialed: number; percentOfAnswered?: number }[];
  callsPerHour: { hour: string; calls: number; answered: number }[];
  talkByOperator: { operatorId: string; name: string; calls: number; answered: number; talkSeconds: number }[];
  abandoned: number;
  callLog: { calls: number; complete: boolean };
}

export const fetchCallListStatistics = (listId: string) => getJson<CallListStatistics>(`/call-lists/${encodeURIComponent(listId)}/statistics`);
