/** The calling group (lazy/index.ts): call lists, the call log, presence, recordings, reports, telephony callbacks. */
export * as CallLists from "../call-lists/call-lists";
export * as CallEngine from "../call-lists/engine/index";
export * as BlockedNumbers from "../call-lists/blocked-numbers";
export * as CallListStatistics from "../call-lists/statistics";
export * as NextCall from "../call-lists/next-call";
export * as Calls from "../calls/calls";
export * as ClickToCall from "../calls/click-to-call";
export * as Presence from "../presence/presence";
export * as Recordings from "../recordings/recordings";
export * as Reports from "../reports/calls-report";
export * as SimulatorWebhooks from "../telephony/webhooks";
export * as TwilioWebhooks from "../telephony/twilio-webhooks";
export * as AnnouncedCalls from "../telephony/announced-calls";
export * as RecordingWebhooks from "../recordings/webhook";
