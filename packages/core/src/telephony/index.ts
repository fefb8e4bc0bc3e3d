/** Telephony: the port, its adapters, webhook verification and the event sink. */
export * from "./port";
export { telephonyFromEnv, configureTelephony, useTelephony, TelephonyConfigError, telephonyProviders, type TelephonyProviderName } from "./config";
export { placeCallWithRetry, type RetryOptions } from "./retry";
export { rateLimited, type OutboundLimit } from "./rate-limited";
export { simulatorTelephony, type SimulatorTelephonyOptions } from "./simulator";
export { twilioTelephony, twilioOutcome, twilioStatusCallbackUrl, twilioRecordingCallbackUrl, type TwilioTelephonyOptions, type TwilioCallStatus } from "./twilio";
export { configureProviderRecordings, providerRecordings, simulatorRecordings, twilioRecordings, type ProviderRecordings, type RecordingAudio } from "./recording-audio";
export {
  configureCallEventSink,
  configureManualCallSink,
  configureInboundCallSink,
  receiveTwilioInbound,
  type InboundCallEvent,
  type InboundCallSink,
  configureTelephonyWebhooks,
  receiveSimulatorEvent,
  receiveTwilioStatus,
  verifiedSimulatorRequest,
  verifiedTwilioRequest,
  type SimulatorDelivery,
  type TwilioDelivery,
  webhookSettingsFromEnv,
  type Receipt,
  type WebhookSettings,
} from "./webhooks";
export * from "./signature";
export { telephonyProviderName, twilioFromEnv, twilioVoiceTokenConfig, twilioVoiceTokenSettings } from "./config";
export { receiveTwilioAnswer, receiveTwilioAmd, receiveTwilioDialResult, receiveTwilioOperatorStatus, twilioMachineAnswers } from "./webhooks";
export * from "./twiml";
export { receiveTwilioAnnouncement, receiveTwilioConferenceEvent, type ConferenceControl } from "./announced-calls";
