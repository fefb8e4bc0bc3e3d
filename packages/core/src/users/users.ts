import * as v from "valibot";
import { ulid } from "ulid";
import { useUser } from "../actor";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { useStorage } from "../storage";
import { EmailField, TextField } from "../contacts/fields";
import { fn, parse } from "../validation";
import { committed, TransactionConflictError } from "../storage/transaction";
import { decoyHash, hashPassword, verifyPassword } from "./password";
import { roleHas, RoleSchema, type Role } from "./roles";

export interface User {
  userId: string;
  email: string;
  name: string;
  role: Role;
  teamId?: string;
  createdAt: string;
}

/** A team is named by a short slug (`sales-north`); teams need no record of their own. */
export const TeamIdField = v.pipe(
  v.string("Must be text."),
  v.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "A team ID is 1–40 characters: lower-case letters, digits, - and _."),
);

export const PasswordField = v.pipe(
  v.string("Must be text."),
  v.minLength(10, "At least 10 characters."),
  v.maxLength(200, "At most 200 characters."),
);

export const CreateUserInput = v.strictObject({
  email: EmailField,
  name: TextField(100),
  role: RoleSchema,
  password: PasswordField,
  teamId: v.optional(TeamIdField),
});

/** `PATCH /v1/users/{userId}`: an admin moves a user to a team (`null`: no team). */
export const UpdateUserInput = v.strictObject(
  { teamId: v.nullable(TeamIdField) },
  "Unknown field: leave it out.",
);
export type UpdateUserInput = v.InferInput<typeof UpdateUserInput>;

type TeamChangeListener = (userId: string) => Promise<void>;
/**
 * Bound at start-up (wiring.ts) to the contacts' `refreshOwnerTeams`, so the contacts a user is
 * responsible for follow them to the new team; users never import contacts.
 */
let onTeamChanged: TeamChangeListener = async () => {};
export function useTeamChangeListener(listener: TeamChangeListener): void {
  onTeamChanged = listener;
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();

function present(item: User & { passwordHash?: string }): User {
  const { userId, email, name, role, teamId, createdAt } = item;
  return { userId, email, name, role, ...(teamId ? { teamId } : {}), createdAt };
}

async function insert(input: v.InferOutput<typeof CreateUserInput>): Promise<User> {
  const { service } = useStorage();
  const user = {
    userId: ulid(),
    email: normalizeEmail(input.email),
    name: input.name,
    role: input.role,
    ...(input.teamId ? { teamId: input.teamId } : {}),
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

/** Email + password → the user, or undefined. Takes as long for an unknown email as a known one. */
export async function authenticate(email: string, password: string): Promise<User | undefined> {
  const user = await findByEmail(email);
  const ok = await verifyPassword(password, user?.passwordHash ?? decoyHash);
  return user && ok ? present(user) : undefined;
}

export async function get(userId: string): Promise<User> {
  const { service } = useStorage();
  const result = await service.entities.user.get({ userId }).go();
  if (!result.data) throw new NotFoundError("User");
  return present(result.data);
}

export async function list(): Promise<User[]> {
  const actor = useUser();
  if (!roleHas(actor.role, "users:read")) throw new ForbiddenError("Your role may not list users.");
  const { service } = useStorage();
  const result = await service.entities.user.query.directory({ directory: "users" }).go({ pages: "all" });
  return result.data.map(present);
}

/** Admins only. The user's contacts move to the new team's list before this returns. */
export async function setTeam(userId: unknown, input: UpdateUserInput): Promise<User> {
  const actor = useUser();
  if (!roleHas(actor.role, "users:manage")) throw new ForbiddenError("Only admins can change users.");
  if (!v.is(v.pipe(v.string(), v.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)), userId)) throw new NotFoundError("User");
  const { teamId } = parse(UpdateUserInput, input);
  const current = await get(userId);
  if ((current.teamId ?? null) === teamId) return current;
  const { service } = useStorage();
  const patch = service.entities.user.patch({ userId });
  await (teamId === null ? patch.remove(["teamId"]) : patch.set({ teamId })).go();
  await onTeamChanged(userId);
  return get(userId);
}

/** Users by ID (one BatchGetItem); unknown IDs are left out. */
export async function getMany(userIds: readonly string[]): Promise<User[]> {
  if (userIds.length === 0) return [];
  const { service } = useStorage();
  const found = await service.entities.user.get(userIds.map((userId) => ({ userId }))).go();
  return found.data.map(present);
}
