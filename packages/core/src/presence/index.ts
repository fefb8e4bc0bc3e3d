export * as Presence from "./presence";
export { presenceStates, type PresenceState } from "./presence.entity";
