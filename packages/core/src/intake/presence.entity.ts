/** The one presence model lives in the presence feature (call lists, inbound and manual calls). */
export { PresenceEntity } from "../presence/presence.entity";
