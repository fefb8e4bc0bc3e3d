import { NotComposedError } from "../composition";

export type TeamChangeListener = (userId: string) => Promise<void>;
/**
 * Bound at start-up (compose.ts) to the contacts' `refreshOwnerTeams`, so the contacts a user is
 * responsible for follow them to the new team; users never import contacts. Unbound, a team
 * change fails loudly (after the user row is written) rather than leave the contacts behind.
 */
let onTeamChanged: TeamChangeListener = async () => {
  throw new NotComposedError("The users → contacts team change listener");
};
export function useTeamChangeListener(listener: TeamChangeListener): void {
  onTeamChanged = listener;
}
/** The listener bound now (for the test that an unbound seam fails loudly). */
export const teamChangeListener = (): TeamChangeListener => onTeamChanged;
