export * as Forms from "./forms";
export * as FormSubmissions from "./submissions";
export * as ChatIntake from "./chats";
export * as InboundCalls from "./inbound-calls";
export * as IntakeSettings from "./settings";
export { INTAKE_SIGNATURE_HEADER, INTAKE_TIMESTAMP_HEADER, signIntake } from "./signature";
