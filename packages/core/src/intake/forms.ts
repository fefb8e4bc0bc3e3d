import { ulid } from "ulid";
import { useUser } from "../actor";
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "../errors";
import { isConditionFailure } from "../storage/transaction";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { Users } from "../users";
import { parse } from "../validation";
export { formTargets, DEFAULT_HONEYPOT_FIELD, CreateFormInput, UpdateFormInput } from "./schemas";
import { formTargets, CreateFormInput, UpdateFormInput } from "./schemas";

export type FormTarget = (typeof formTargets)[number] | `custom:${string}`;

/** The honeypot must be a field no person fills: never one of the mapped ones. */
function requireHoneypotApart(form: { fields: Record<string, unknown>; honeypotField: string }) {
  if (form.honeypotField in form.fields) throw new ValidationError([{ field: "honeypotField", message: "The honeypot field must not be one of the mapped fields." }]);
}

export interface StoredForm {
  formId: string;
  name: string;
  fields: Record<string, FormTarget>;
  allowedOrigins: string[];
  ownerId: string;
  tags?: string[];
  redirectUrl?: string;
  secret?: string;
  honeypotField: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A form as admins see it: the secret never leaves the server, only whether one is set. */
export type Form = Omit<StoredForm, "secret"> & { tags: string[]; hasSecret: boolean };

export function present(form: StoredForm): Form {
  const { secret, ...rest } = form;
  return { ...rest, tags: form.tags ?? [], hasSecret: Boolean(secret) };
}

function requireAdmin() {
  const actor = useUser();
  if (actor.role !== "admin") throw new ForbiddenError("Only admins manage web forms.");
  return actor;
}

/** New leads go to the form's owner: an existing, active user (`kept`: the owner it has). */
async function requireOwner(ownerId: string, kept?: string) {
  await Users.requireAssignable([ownerId], () => "ownerId", { kept: kept ? [kept] : [] });
}

const formIdOf = (formId: unknown) => {
  if (typeof formId !== "string" || !/^[0-9A-HJKMNP-TV-Z]{26}$/.test(formId)) throw new NotFoundError("Form");
  return formId;
};

/** For the public endpoint: no actor, one GetItem. */
export async function load(formId: unknown): Promise<StoredForm> {
  const id = formIdOf(formId);
  const { data } = await useStorage().service.entities.webForm.get({ formId: id }).go();
  if (!data) throw new NotFoundError("Form");
  return data as StoredForm;
}

export async function create(input: CreateFormInput): Promise<Form> {
  requireAdmin();
  const parsed = parse(CreateFormInput, input);
  requireHoneypotApart(parsed);
  await requireOwner(parsed.ownerId);
  const at = now().toISOString();
  const form: StoredForm = { formId: ulid(), ...parsed, fields: parsed.fields as Record<string, FormTarget>, version: 1, createdAt: at, updatedAt: at };
  await useStorage().service.entities.webForm.create(form).go();
  return present(form);
}

export async function list(): Promise<Form[]> {
  requireAdmin();
  const { data } = await useStorage().service.entities.webForm.query.primary({}).go({ pages: "all" });
  return (data as StoredForm[]).map(present);
}

export async function get(formId: string): Promise<Form> {
  requireAdmin();
  return present(await load(formId));
}

export async function update(formId: string, input: UpdateFormInput): Promise<Form> {
  requireAdmin();
  const current = await load(formId);
  const patch = parse(UpdateFormInput, input);
  if (patch.ownerId) await requireOwner(patch.ownerId, current.ownerId);
  const next: StoredForm = { ...current, version: current.version + 1, updatedAt: now().toISOString() };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete (next as unknown as Record<string, unknown>)[key];
    else (next as unknown as Record<string, unknown>)[key] = value;
  }
  requireHoneypotApart(next);
  // The version condition keeps two admins' edits from silently overwriting each other.
  await useStorage()
    .service.entities.webForm.put(next)
    .where(({ version }, { eq }) => eq(version, current.version))
    .go()
    .catch((error: unknown) => {
      if (isConditionFailure(error)) throw new VersionConflictError(current.version + 1);
      throw error;
    });
  return present(next);
}

export async function remove(formId: string): Promise<void> {
  requireAdmin();
  const id = formIdOf(formId);
  await useStorage().service.entities.webForm.delete({ formId: id }).go();
}
