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
  type InboundCallEvent,
  type InboundCallSink,
  configureTelephonyWebhooks,
  receiveSimulatorEvent,
  verifiedSimulatorRequest,
  type SimulatorDelivery,
  webhookSettingsFromEnv,
  type Receipt,
  type WebhookSettings,
} from "./webhooks";
export { receiveTwilioInbound, receiveTwilioStatus, verifiedTwilioRequest, type TwilioDelivery } from "./twilio-webhooks";
export * from "./signature";
export { telephonyProviderName, twilioFromEnv, twilioVoiceTokenConfig, twilioVoiceTokenSettings } from "./config";
export { receiveTwilioAnswer, receiveTwilioAmd, receiveTwilioDialResult, receiveTwilioOperatorStatus, twilioMachineAnswers } from "./twilio-webhooks";
export * from "./twiml";
export { receiveTwilioAnnouncement, receiveTwilioConferenceEvent, type ConferenceControl } from "./announced-calls";
