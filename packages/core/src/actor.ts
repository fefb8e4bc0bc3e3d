import { AsyncLocalStorage } from "node:async_hooks";
import { ForbiddenError } from "./errors";
import type { Role } from "./users/roles";

/**
 * Who is acting: travels in an async context instead of through every signature. For API
 * requests the role and `teamId` are the user row's current values (users/current.ts), not
 * claims from the access token, which only proves the user ID.
 */
export type Actor = { type: "user"; userId: string; role: Role; teamId?: string } | { type: "system"; reason: string };

const storage = new AsyncLocalStorage<Actor>();

export function withActor<T>(actor: Actor, callback: () => T): T {
  return storage.run(actor, callback);
}

export function useActor(): Actor {
  const actor = storage.getStore();
  if (!actor) throw new Error("No actor in context: call the domain inside withActor().");
  return actor;
}

export function useUser(): Extract<Actor, { type: "user" }> {
  const actor = useActor();
  if (actor.type !== "user") throw new ForbiddenError("This action needs a signed-in user.");
  return actor;
}
