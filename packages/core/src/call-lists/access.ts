import * as v from "valibot";
import { useActor, type Actor } from "../actor";
import { UlidField } from "../contacts/fields";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { useStorage } from "../storage";
import { Users } from "../users";
import { roleHas } from "../users/roles";
import type { CallList, StoredCallList } from "./model";

/** Who may see and change a call list, and loading it on those terms. */

function parseListId(listId: unknown): string {
  if (!v.is(UlidField, listId)) throw new ValidationError([{ field: "listId", message: "Not a valid call list ID." }]);
  return listId;
}

/** Who may see a list: managers and admins all; others the lists they made or work. */
export function canSeeList(actor: Actor, list: Pick<CallList, "createdBy" | "operatorIds">): boolean {
  if (actor.type === "system") return true;
  if (roleHas(actor.role, "callLists:readAll")) return true;
  return list.createdBy === actor.userId || list.operatorIds.includes(actor.userId);
}

/** Who may change a list (start, pause, add entries…): its maker, managers and admins. */
function canManageList(actor: Actor, list: Pick<CallList, "createdBy">): boolean {
  if (actor.type === "system") return true;
  if (roleHas(actor.role, "callLists:readAll") && roleHas(actor.role, "callLists:manage")) return true;
  return roleHas(actor.role, "callLists:manage") && list.createdBy === actor.userId;
}

export async function loadList(listId: string): Promise<StoredCallList | undefined> {
  const { service } = useStorage();
  const result = await service.entities.callList.get({ listId }).go();
  return (result.data as StoredCallList | null) ?? undefined;
}

export async function loadVisibleList(listId: string): Promise<StoredCallList> {
  const list = await loadList(parseListId(listId));
  if (!list || !canSeeList(useActor(), list)) throw new NotFoundError("Call list");
  return list;
}

export async function loadManagedList(listId: string): Promise<StoredCallList> {
  const list = await loadVisibleList(listId);
  if (!canManageList(useActor(), list)) throw new ForbiddenError("Only the list's creator, managers and admins may change it.");
  return list;
}

/** Operators must be existing, active users (one BatchGetItem). */
export async function requireUsers(userIds: string[]): Promise<void> {
  await Users.requireAssignable(userIds, (index) => `operatorIds[${index}]`);
}
