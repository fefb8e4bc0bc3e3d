/** The intake group (lazy/index.ts): web forms and their submissions, chat sources, inbound calls. */
export * as Forms from "../intake/forms";
export * as FormSubmissions from "../intake/submissions";
export * as ChatIntake from "../intake/chats";
export * as InboundCalls from "../intake/inbound-calls";
export * as IntakeSettings from "../intake/settings";
