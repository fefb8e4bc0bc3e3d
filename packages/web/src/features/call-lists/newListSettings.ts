import type { CallListSettings } from "../../api/types";

/** The API's defaults (core/call-lists/settings.ts), shown so a user sees what they get. */
export const DEFAULT_SETTINGS = {
  ringTimeoutSeconds: "30",
  maxAttempts: "3",
  retryBusy: "5",
  retryNoAnswer: "30",
  retryFailed: "15",
  retryMachine: "30",
  windowStart: "09:00",
  windowEnd: "21:00",
  wrapUpTimeoutSeconds: "300",
};
export type SettingsDraft = typeof DEFAULT_SETTINGS;

/** Each input (its label is `callLists:new.field.<key>`) and the API path its errors come back under. */
export const settingFields: { key: keyof SettingsDraft; path: string; type: "number" | "time" }[] = [
  { key: "ringTimeoutSeconds", path: "settings.ringTimeoutSeconds", type: "number" },
  { key: "maxAttempts", path: "settings.maxAttempts", type: "number" },
  { key: "wrapUpTimeoutSeconds", path: "settings.wrapUpTimeoutSeconds", type: "number" },
  { key: "retryBusy", path: "settings.retryDelayMinutes.busy", type: "number" },
  { key: "retryNoAnswer", path: "settings.retryDelayMinutes.noAnswer", type: "number" },
  { key: "retryFailed", path: "settings.retryDelayMinutes.failed", type: "number" },
  { key: "retryMachine", path: "settings.retryDelayMinutes.machine", type: "number" },
  { key: "windowStart", path: "settings.callWindow.start", type: "time" },
  { key: "windowEnd", path: "settings.callWindow.end", type: "time" },
];

/** Text the user typed → the number the API expects; anything else goes as typed so the API names it. */
function numberOf(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== "" && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

export function settingsOf(draft: SettingsDraft): CallListSettings {
  return {
    ringTimeoutSeconds: numberOf(draft.ringTimeoutSeconds),
    maxAttempts: numberOf(draft.maxAttempts),
    wrapUpTimeoutSeconds: numberOf(draft.wrapUpTimeoutSeconds),
    retryDelayMinutes: {
      busy: numberOf(draft.retryBusy),
      noAnswer: numberOf(draft.retryNoAnswer),
      failed: numberOf(draft.retryFailed),
      machine: numberOf(draft.retryMachine),
    },
    callWindow: { start: draft.windowStart, end: draft.windowEnd },
  } as CallListSettings;
}
