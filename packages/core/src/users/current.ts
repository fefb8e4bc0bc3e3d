import { nowMs } from "../runtime/clock";
import { useStorage } from "../storage";
import type { Role } from "./roles";

/**
 * How long a warm process trusts the user row it read (role, team, active). A change made in
 * this process is seen at once (`forgetUser`); one made elsewhere within this bound.
 */
export const USER_CACHE_MS = 30_000;
const MAX_CACHED_USERS = 5_000;

/** Who the bearer of a valid token is now, as the users table says; undefined: inactive or gone. */
export interface CurrentUser {
  userId: string;
  role: Role;
  teamId?: string;
}

/**
 * Per process: the promise of the read, so concurrent cold requests share one GetItem, and a
 * `forgetUser` during a read drops that entry (the next request reads again).
 */
const cache = new Map<string, { readAtMs: number; current: Promise<CurrentUser | undefined> }>();

async function read(userId: string): Promise<CurrentUser | undefined> {
  const { service } = useStorage();
  // Strongly consistent: a change just made by this process must be what it reads back.
  const row = (await service.entities.user.get({ userId }).go({ consistent: true, attributes: ["userId", "role", "teamId", "active"] })).data;
  if (!row || row.active === false) return undefined;
  return { userId: row.userId, role: row.role, ...(row.teamId ? { teamId: row.teamId } : {}) };
}

/** The user's current role and team, or undefined when deactivated or deleted. */
export function currentUser(userId: string): Promise<CurrentUser | undefined> {
  const now = nowMs();
  const cached = cache.get(userId);
  // A clock moved back (tests) counts as stale too.
  if (cached && now >= cached.readAtMs && now - cached.readAtMs < USER_CACHE_MS) return cached.current;
  cache.delete(userId);
  if (cache.size >= MAX_CACHED_USERS) cache.delete(cache.keys().next().value as string);
  const entry = { readAtMs: now, current: read(userId) };
  cache.set(userId, entry);
  // A failed read is not remembered.
  entry.current.catch(() => {
    if (cache.get(userId) === entry) cache.delete(userId);
  });
  return entry.current;
}

/** Called by every write to a user row in this process. */
export function forgetUser(userId: string): void {
  cache.delete(userId);
}

/** Test hook: forget every user (a fresh process). */
export function forgetAllUsers(): void {
  cache.clear();
}
