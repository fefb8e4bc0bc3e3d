import * as v from "valibot";
import { ulid } from "ulid";
import { useUser } from "../actor";
import { ConflictError, ConflictWithDetailsError, ForbiddenError, NotFoundError, ValidationError, type FieldIssue } from "../errors";
import { useStorage } from "../storage";
import { fn, parse } from "../validation";
import { committed, isConditionFailure, retryTransactionConflicts, TransactionConflictError } from "../storage/transaction";
import { forgetUser } from "./current";
import { decoyHash, hashPassword, verifyPassword } from "./password";
import { roleHas, type Role } from "./roles";
export { TeamIdField, PasswordField } from "./schemas";
export { consoleLanguages, CreateUserInput, UpdateUserInput, UpdateMeInput } from "./schemas";
import { consoleLanguages, CreateUserInput, UpdateUserInput, UpdateMeInput } from "./schemas";

export { currentUser, forgetAllUsers, USER_CACHE_MS, type CurrentUser } from "./current";

export interface User {
  userId: string;
  email: string;
  name: string;
  role: Role;
  teamId?: string;
  /** false: deactivated (no sign-in, every API request a 401). */
  active: boolean;
  createdAt: string;
  /** E.164: the user's own phone, where call-list calls are bridged instead of the console. */
  phone?: string;
  /** The console's language the user chose; absent: the browser's, then the organization default. */
  language?: ConsoleLanguage;
}

export type ConsoleLanguage = (typeof consoleLanguages)[number];

/** The signed-in user changes their own profile (the actor is the user; nobody else's). */
export async function updateMe(input: UpdateMeInput): Promise<User> {
  const actor = useUser();
  const patch = parse(UpdateMeInput, input);
  const { service } = useStorage();
  if (patch.phone !== undefined) {
    const change = service.entities.user.patch({ userId: actor.userId });
    await (patch.phone === null ? change.remove(["phone"]) : change.set({ phone: patch.phone })).go();
    forgetUser(actor.userId);
  }
  if (patch.language !== undefined) {
    const change = service.entities.user.patch({ userId: actor.userId });
    await (patch.language === null ? change.remove(["language"]) : change.set({ language: patch.language })).go();
  }
  return get(actor.userId, { consistent: true });
}

// The team-change seam lives in team-change.ts (compose.ts binds it without loading this module).
export { useTeamChangeListener, teamChangeListener } from "./team-change";
import { teamChangeListener } from "./team-change";

const normalizeEmail = (email: string) => email.trim().toLowerCase();

type UserRow = Omit<User, "active"> & { active?: boolean; passwordHash?: string };

function present(item: UserRow): User {
  const { userId, email, name, role, teamId, createdAt, phone, language } = item;
  return { userId, email, name, role, ...(teamId ? { teamId } : {}), active: item.active !== false, createdAt, ...(phone ? { phone } : {}), ...(language ? { language } : {}) };
}

async function insert(input: v.InferOutput<typeof CreateUserInput>): Promise<User> {
  const { service } = useStorage();
  const user = {
    userId: ulid(),
    email: normalizeEmail(input.email),
    name: input.name,
    role: input.role,
    ...(input.teamId ? { teamId: input.teamId } : {}),
    active: true,
    passwordHash: await hashPassword(input.password),
    createdAt: new Date().toISOString(),
  };
  try {
    committed(await service.transaction
      .write(({ user: userEntity, userEmail }) => [
        userEntity.create(user).commit(),
        userEmail.create({ email: user.email, userId: user.userId }).commit(),
      ])
      .go());
  } catch (error) {
    if (error instanceof TransactionConflictError) {
      throw new ConflictError(`A user with the email ${user.email} already exists.`);
    }
    throw error;
  }
  return present(user);
}

export const create = fn(CreateUserInput, async (input) => {
  const actor = useUser();
  if (!roleHas(actor.role, "users:manage")) throw new ForbiddenError("Only admins can create users.");
  return insert(input);
});

/** First start of a fresh table: one admin, created by the system. Idempotent. */
export async function ensureAdmin(input: { email: string; password: string; name?: string }): Promise<{ user: User; created: boolean }> {
  const existing = await findByEmail(input.email);
  if (existing) return { user: present(existing), created: false };
  const user = await insert(v.parse(CreateUserInput, { email: input.email, password: input.password, name: input.name ?? "Administrator", role: "admin" }));
  return { user, created: true };
}

async function findByEmail(email: string) {
  const { service } = useStorage();
  const claim = await service.entities.userEmail.get({ email: normalizeEmail(email) }).go();
  if (!claim.data) return undefined;
  const user = await service.entities.user.get({ userId: claim.data.userId }).go();
  return user.data ?? undefined;
}

/**
 * Email + password → the user (check `active` before letting them in), or undefined. Takes as
 * long for an unknown email as a known one.
 */
export async function authenticate(email: string, password: string): Promise<User | undefined> {
  const user = await findByEmail(email);
  const ok = await verifyPassword(password, user?.passwordHash ?? decoyHash);
  return user && ok ? present(user) : undefined;
}

/** `consistent`: read back a change just made (a default read may return the row before it). */
export async function get(userId: string, options: { consistent?: boolean } = {}): Promise<User> {
  const { service } = useStorage();
  const result = await service.entities.user.get({ userId }).go({ consistent: options.consistent === true });
  if (!result.data) throw new NotFoundError("User");
  return present(result.data);
}

export async function list(): Promise<User[]> {
  const actor = useUser();
  if (!roleHas(actor.role, "users:read")) throw new ForbiddenError("Your role may not list users.");
  return listAll();
}

/** A colleague as every signed-in user may see them: enough to name and @mention them. */
export type Colleague = Pick<User, "userId" | "name" | "email" | "active">;

/**
 * Names for everyone, whatever their role (operators and marketeers mention colleagues in
 * comments too); roles, teams and the rest stay with `list` (users:read).
 */
export async function directory(): Promise<Colleague[]> {
  useUser();
  return (await listAll()).map(({ userId, name, email, active }) => ({ userId, name, email, active }));
}

/** The directory: one Query on its own partition (a few hundred users at most). */
async function listAll(): Promise<User[]> {
  const { service } = useStorage();
  const result = await service.entities.user.query.directory({ directory: "users" }).go({ pages: "all" });
  return result.data.map(present);
}

const ULID = v.pipe(v.string(), v.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/));
const isActiveAdmin = (user: User) => user.role === "admin" && user.active;

/** Conflict naming the field that cannot take the value (409 problem+json with `errors`). */
const refusal = (field: "active" | "role", message: string) =>
  new ConflictWithDetailsError(message, USER_CHANGE_REFUSED, { errors: [{ field, message }] });
export const USER_CHANGE_REFUSED = "https://callboard.dev/problems/user-change-refused";

/**
 * Admins only: move a user to a team (their contacts follow before this returns), change
 * their role, deactivate or reactivate them. Takes effect at once in this process and within
 * USER_CACHE_MS everywhere (see current.ts). An admin cannot deactivate themselves, and the
 * last active admin cannot be deactivated or demoted.
 */
export async function update(userId: unknown, input: UpdateUserInput): Promise<User> {
  const actor = useUser();
  if (!roleHas(actor.role, "users:manage")) throw new ForbiddenError("Only admins can change users.");
  if (!v.is(ULID, userId)) throw new NotFoundError("User");
  const patch = parse(UpdateUserInput, input);
  if (patch.active === false && userId === actor.userId) {
    throw refusal("active", "You cannot deactivate yourself; ask another admin.");
  }
  // A concurrent change to the same user (or to the admin kept as the last one) re-reads and retries.
  for (let attempt = 1; ; attempt++) {
    const current = await get(userId, { consistent: true });
    const next = { role: patch.role ?? current.role, active: patch.active ?? current.active };
    const teamChanged = patch.teamId !== undefined && (current.teamId ?? null) !== patch.teamId;
    if (!teamChanged && next.role === current.role && next.active === current.active) return current;
    try {
      await writeUserChange(current, { ...patch, ...next }, isActiveAdmin(current) && !isActiveAdmin({ ...current, ...next }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (attempt >= 3) throw new ConflictError("The user was changed by someone else at the same time; try again.");
      continue;
    }
    forgetUser(userId);
    if (teamChanged) await teamChangeListener()(userId);
    return get(userId, { consistent: true });
  }
}

/** Moves a user to a team (`null`: none); `update` with only `teamId`. */
export const setTeam = (userId: unknown, input: { teamId: string | null }): Promise<User> => update(userId, input);

/**
 * One write, conditioned on the row being as read. Taking away the last active admin is
 * refused: another active admin is named and checked in the same transaction, so two admins
 * demoting each other at once cannot both succeed (transactions are serializable).
 */
async function writeUserChange(current: User, change: { teamId?: string | null; role: Role; active: boolean }, removesAnAdmin: boolean): Promise<void> {
  const { service } = useStorage();
  let keeper: User | undefined;
  if (removesAnAdmin) {
    keeper = (await listAll()).find((user) => user.userId !== current.userId && isActiveAdmin(user));
    if (!keeper) {
      const field = change.active ? "role" : "active";
      throw refusal(field, `${current.name} is the last active admin; make another user an admin first.`);
    }
  }
  const keeperId = keeper?.userId;
  await retryTransactionConflicts(async () =>
    committed(
      await service.transaction
        .write(({ user }) => {
          const set = { role: change.role, active: change.active, ...(typeof change.teamId === "string" ? { teamId: change.teamId } : {}) };
          const base = user.patch({ userId: current.userId }).set(set);
          const write = (change.teamId === null ? base.remove(["teamId"]) : base)
            .where((attr, op) => `${op.eq(attr.role, current.role)} AND ${current.active ? `(${op.notExists(attr.active)} OR ${op.eq(attr.active, true)})` : op.eq(attr.active, false)}`)
            .commit();
          const keeperStillAdmin = keeperId
            ? [user.check({ userId: keeperId }).where((attr, op) => `${op.eq(attr.role, "admin")} AND (${op.notExists(attr.active)} OR ${op.eq(attr.active, true)})`).commit()]
            : [];
          return [write, ...keeperStillAdmin];
        })
        .go(),
    ),
  );
}

/** Users by ID (one BatchGetItem); unknown IDs are left out. */
export async function getMany(userIds: readonly string[]): Promise<User[]> {
  if (userIds.length === 0) return [];
  const { service } = useStorage();
  const found = await service.entities.user.get(userIds.map((userId) => ({ userId }))).go();
  return found.data.map(present);
}

/**
 * Users about to be given work (responsible manager, call-list operator, intake route, form
 * owner) must exist and be active: one BatchGetItem; a 400 names each bad one by
 * `fieldOf(index)`. IDs in `kept` are assignments the record already has: they stay valid after
 * their user is deactivated (deactivating rewrites no records). Returns the users found.
 */
export async function requireAssignable(userIds: readonly string[], fieldOf: (index: number) => string, options: { kept?: readonly string[] } = {}): Promise<User[]> {
  const found = new Map((await getMany([...new Set(userIds)])).map((user) => [user.userId, user]));
  const kept = new Set(options.kept ?? []);
  const issues = userIds.flatMap((userId, index): FieldIssue[] => {
    const user = found.get(userId);
    if (!user) return [{ field: fieldOf(index), message: "No such user." }];
    if (!user.active && !kept.has(userId)) return [{ field: fieldOf(index), message: `User ${user.name} is deactivated; choose an active user.` }];
    return [];
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return [...found.values()];
}
