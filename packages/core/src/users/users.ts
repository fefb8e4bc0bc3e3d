import * as v from "valibot";
import { ulid } from "ulid";
import { useUser } from "../actor";
import { ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { useStorage } from "../storage";
import { EmailField, TextField } from "../contacts/fields";
import { fn } from "../validation";
import { committed, TransactionConflictError } from "../storage/transaction";
import { decoyHash, hashPassword, verifyPassword } from "./password";
import { roleHas, RoleSchema, type Role } from "./roles";

export interface User {
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

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
});

const normalizeEmail = (email: string) => email.trim().toLowerCase();

function present(item: User & { passwordHash?: string }): User {
  const { userId, email, name, role, createdAt } = item;
  return { userId, email, name, role, createdAt };
}

async function insert(input: v.InferOutput<typeof CreateUserInput>): Promise<User> {
  const { service } = useStorage();
  const user = {
    userId: ulid(),
    email: normalizeEmail(input.email),
    name: input.name,
    role: input.role,
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
