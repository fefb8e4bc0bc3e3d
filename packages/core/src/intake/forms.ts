import * as v from "valibot";
import { ulid } from "ulid";
import { useUser } from "../actor";
import { TagField, TextField, UlidField } from "../contacts/fields";
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "../errors";
import { isConditionFailure } from "../storage/transaction";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { Users } from "../users";
import { parse } from "../validation";
import { safeKey } from "../safe-keys";

/** Contact fields a form field can fill; `custom:<key>` fills a contact custom field. */
export const formTargets = ["firstName", "lastName", "middleName", "phone", "email", "comment", "position", "companyName"] as const;
export type FormTarget = (typeof formTargets)[number] | `custom:${string}`;

export const DEFAULT_HONEYPOT_FIELD = "website";

const unknownField = "Unknown field: leave it out.";
const FormFieldName = v.pipe(v.string("Must be text."), v.regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, "A form field name is 1–64 letters, digits, _ . or -, starting with a letter."), safeKey());
const TargetField = v.union(
  [v.picklist(formTargets), v.pipe(v.string(), v.regex(/^custom:[a-z][a-z0-9_]{0,39}$/))],
  `One of: ${formTargets.join(", ")}, or custom:<key>.`,
);
const FieldsField = v.pipe(
  v.record(FormFieldName, TargetField, "Must map form field names to contact fields."),
  v.check((fields) => Object.keys(fields).length > 0 && Object.keys(fields).length <= 50, "Map 1 to 50 form fields."),
  v.check((fields) => Object.values(fields).some((target) => target === "phone" || target === "email" || target === "firstName" || target === "lastName"), "Map at least one of firstName, lastName, phone or email: a contact needs one."),
  v.check((fields) => new Set(Object.values(fields)).size === Object.values(fields).length, "Each contact field may be filled by one form field only."),
);
/** `https://shop.example.com` exactly (scheme, host, port): what browsers send as Origin. */
const OriginField = v.pipe(
  v.string("Must be text."),
  v.trim(),
  v.check((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value;
    } catch {
      return false;
    }
  }, "An origin such as https://shop.example.com (scheme, host and port; no path)."),
);
const RedirectField = v.pipe(
  v.string("Must be text."),
  v.trim(),
  v.maxLength(1000, "At most 1000 characters."),
  v.check((value) => {
    try {
      return ["http:", "https:"].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, "An absolute http(s) address, e.g. https://shop.example.com/thanks."),
);
const SecretField = v.pipe(v.string("Must be text."), v.minLength(16, "At least 16 characters."), v.maxLength(200, "At most 200 characters."));

const formShape = {
  name: TextField(200),
  fields: FieldsField,
  allowedOrigins: v.pipe(v.array(OriginField, "Must be a list of origins."), v.maxLength(20, "At most 20 origins.")),
  ownerId: UlidField,
  tags: v.pipe(v.array(TagField, "Must be a list of tags."), v.maxLength(20, "At most 20 tags.")),
  redirectUrl: RedirectField,
  secret: SecretField,
  honeypotField: FormFieldName,
};

/** The honeypot must be a field no person fills: never one of the mapped ones. */
function requireHoneypotApart(form: { fields: Record<string, unknown>; honeypotField: string }) {
  if (form.honeypotField in form.fields) throw new ValidationError([{ field: "honeypotField", message: "The honeypot field must not be one of the mapped fields." }]);
}

export const CreateFormInput = v.strictObject(
    {
      name: formShape.name,
      fields: formShape.fields,
      allowedOrigins: v.optional(formShape.allowedOrigins, []),
      ownerId: formShape.ownerId,
      tags: v.optional(formShape.tags, []),
      redirectUrl: v.optional(formShape.redirectUrl),
      secret: v.optional(formShape.secret),
      honeypotField: v.optional(formShape.honeypotField, DEFAULT_HONEYPOT_FIELD),
    },
  unknownField,
);
export type CreateFormInput = v.InferInput<typeof CreateFormInput>;

/** Absent: unchanged; `null` clears an optional setting. */
export const UpdateFormInput = v.strictObject(
    {
      name: v.optional(formShape.name),
      fields: v.optional(formShape.fields),
      allowedOrigins: v.optional(formShape.allowedOrigins),
      ownerId: v.optional(formShape.ownerId),
      tags: v.optional(formShape.tags),
      redirectUrl: v.optional(v.nullable(formShape.redirectUrl)),
      secret: v.optional(v.nullable(formShape.secret)),
      honeypotField: v.optional(formShape.honeypotField),
    },
  unknownField,
);
export type UpdateFormInput = v.InferInput<typeof UpdateFormInput>;

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
