import type { Actor } from "../actor";
import { ForbiddenError } from "../errors";
import type { Role } from "../users/roles";

/**
 * What each role may do with companies: the same rules contacts have today (everyone creates
 * and reads, marketeers do not edit, only admins delete, restore and see every company).
 * Kept here rather than in users/roles.ts so company rights can move on their own.
 */
const companyRights = {
  create: ["admin", "manager", "sales", "marketeer", "operator"],
  read: ["admin", "manager", "sales", "marketeer", "operator"],
  update: ["admin", "manager", "sales", "operator"],
  delete: ["admin"],
  restore: ["admin"],
  readAll: ["admin"],
  /** Assign any user as responsible manager; others must stay among the managers themselves. */
  assignAnyone: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type CompanyRight = keyof typeof companyRights;

export function companyRoleHas(role: Role, right: CompanyRight): boolean {
  return (companyRights[right] as readonly Role[]).includes(role);
}

export function requireCompanyRight(actor: Actor, right: CompanyRight): void {
  if (actor.type === "user" && !companyRoleHas(actor.role, right)) {
    throw new ForbiddenError(`Your role (${actor.role}) may not do this (companies:${right}).`);
  }
}

/** Admins see every company, everyone else the companies they are a responsible manager of. */
export function canSeeCompany(actor: Actor, company: { managerIds: readonly string[] }): boolean {
  if (actor.type === "system") return true;
  if (companyRoleHas(actor.role, "readAll")) return true;
  return company.managerIds.includes(actor.userId);
}
