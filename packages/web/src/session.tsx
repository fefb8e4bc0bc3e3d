import { createContext, useContext } from "react";
import type { Me, Role } from "./api/types";

/** The signed-in user, loaded once by the Layout (`GET /v1/me`); undefined while it loads. */
export const MeContext = createContext<Me | undefined>(undefined);

export function useMe(): Me | undefined {
  return useContext(MeContext);
}

/**
 * What the console offers each role. Only to hide buttons a user could not use: the API checks
 * every request itself (core/users/roles.ts is the authority).
 */
const offers = {
  manageCallLists: ["admin", "manager", "sales"],
  /**
   * New contact and Import (contacts:create). The API also lets operators create (a contact from a
   * call), but an operator's console offers the lists they work instead (issue 19).
   */
  createContacts: ["admin", "manager", "sales", "marketeer"],
  workCallLists: ["admin", "manager", "sales", "operator"],
  /** `GET /v1/users` answers these roles (users:read): names, mention and manager pickers. */
  readUsers: ["admin", "manager", "sales"],
  admin: ["admin"],
  /** `GET /v1/reports/calls` (reports:read): managers their team, admins everyone. */
  readReports: ["admin", "manager"],
} as const satisfies Record<string, readonly Role[]>;

export function can(me: Me | undefined, what: keyof typeof offers): boolean {
  return me !== undefined && (offers[what] as readonly Role[]).includes(me.role);
}
