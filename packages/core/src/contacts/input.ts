import * as v from "valibot";
import { TagsField } from "../tags/tags";
import { contactMethods, contactTypes, phoneTypes, sharingModes, sourceKinds } from "./contact.entity";
import { CustomValuesField } from "./custom";
import {
  BirthdayField,
  CurrencyField,
  EmailField,
  MessengersField,
  PhoneNumberField,
  PlainTextField,
  TextField,
  TimeZoneField,
  UlidField,
  UrlField,
} from "./fields";

const unknownField = "Unknown field: leave it out.";

export const PhoneInput = v.strictObject(
  {
    number: PhoneNumberField,
    type: v.optional(v.picklist(phoneTypes, `One of: ${phoneTypes.join(", ")}.`), "mobile"),
    primary: v.optional(v.boolean("Must be true or false.")),
  },
  unknownField,
);
/** An email as text, or `{ address, primary }` to choose the primary one. */
export const EmailInput = v.union(
  [EmailField, v.strictObject({ address: EmailField, primary: v.optional(v.boolean("Must be true or false.")) }, unknownField)],
  "Must be an email address, or { address, primary }.",
);

const onePrimary = <T extends { primary?: boolean }>(items: T[]) => items.filter((item) => item.primary).length <= 1;

const PhonesField = v.pipe(
  v.array(PhoneInput, "Must be a list of phones."),
  v.maxLength(20, "At most 20 phones."),
  v.check((phones) => onePrimary(phones), "Only one phone can be primary."),
);
const EmailsField = v.pipe(
  v.array(EmailInput, "Must be a list of email addresses."),
  v.maxLength(20, "At most 20 emails."),
  v.check((emails) => onePrimary(emails.map((email) => (typeof email === "string" ? {} : email))), "Only one email can be primary."),
);

/* Tags: the tags module's field (normalized, case-insensitive, at most 20), so the counts match. */
const OwnerIdsField = v.pipe(
  v.array(UlidField, "Must be a list of user IDs."),
  v.minLength(1, "A contact needs at least one responsible manager."),
  v.maxLength(10, "At most 10 responsible managers."),
);

/** Fields a person may set on create and change later (arrays are replaced whole). */
const editable = {
  firstName: PlainTextField(100, "a name field"),
  lastName: PlainTextField(100, "a name field"),
  middleName: PlainTextField(100, "a name field"),
  displayName: TextField(200),
  birthday: BirthdayField,
  position: PlainTextField(150, "the position field"),
  messengers: MessengersField,
  address: TextField(500),
  website: UrlField,
  socialLinks: v.pipe(v.array(UrlField, "Must be a list of web addresses."), v.maxLength(10, "At most 10 links.")),
  comment: TextField(4000),
  tags: TagsField,
  contactType: v.picklist(contactTypes, `One of: ${contactTypes.join(", ")}.`),
  currency: CurrencyField,
  custom: CustomValuesField,
  doNotCall: v.boolean("Must be true or false."),
  doNotEmail: v.boolean("Must be true or false."),
  preferredContactMethod: v.picklist(contactMethods, `One of: ${contactMethods.join(", ")}.`),
  active: v.boolean("Must be true or false."),
  timeZone: TimeZoneField,
  companyId: UlidField,
  /** Only responsible managers, their team's managers and admins may change it (checked on update). */
  sharing: v.picklist(sharingModes, `One of: ${sharingModes.join(", ")}.`),
};
type Editable = typeof editable;
type Optional<T extends Record<string, v.GenericSchema>> = { [K in keyof T]: v.OptionalSchema<T[K], undefined> };
type Clearable<T extends Record<string, v.GenericSchema>> = { [K in keyof T]: v.OptionalSchema<v.NullableSchema<T[K], undefined>, undefined> };
const mapValues = <R>(fn: (schema: v.GenericSchema) => R) =>
  Object.fromEntries(Object.entries(editable).map(([key, schema]) => [key, fn(schema)])) as unknown;

export const SourceInput = v.strictObject(
  {
    kind: v.picklist(sourceKinds, `One of: ${sourceKinds.join(", ")}.`),
    label: v.optional(PlainTextField(200, "the source label")),
    ref: v.optional(TextField(200)),
  },
  unknownField,
);

const identifies = <T extends { firstName?: string; lastName?: string; phones?: readonly unknown[]; emails?: readonly unknown[] }>(input: T) =>
  Boolean(input.firstName || input.lastName || input.phones?.length || input.emails?.length);
export const identifyMessage = "A contact needs at least a name, a phone or an email.";

export const CreateContactInput = v.pipe(
  v.strictObject(
    {
      ...(mapValues((schema) => v.optional(schema)) as Optional<Editable>),
      phones: v.optional(PhonesField),
      emails: v.optional(EmailsField),
      source: v.optional(SourceInput),
    },
    unknownField,
  ),
  v.check((input) => identifies(input), identifyMessage),
);
export type CreateContactInput = v.InferInput<typeof CreateContactInput>;

/** `null` clears a field; `displayName: null` hands the name back to the naming rules. */
export const UpdateContactInput = v.strictObject(
  {
    ...(mapValues((schema) => v.optional(v.nullable(schema))) as Clearable<Editable>),
    phones: v.optional(PhonesField),
    emails: v.optional(EmailsField),
    ownerIds: v.optional(OwnerIdsField),
  },
  unknownField,
);
export type UpdateContactInput = v.InferInput<typeof UpdateContactInput>;

/** What automatic intake (calls, chats, forms, imports) passes to `createFromSource`. */
export const IntakeSourceInput = v.variant("kind", [
  v.strictObject({ kind: v.literal("call"), phone: PhoneNumberField }),
  v.strictObject({
    kind: v.picklist(["chat", "telegram", "vk"] as const),
    name: v.optional(PlainTextField(100, "the visitor name")),
    handle: v.optional(TextField(100)),
  }),
  v.strictObject({
    kind: v.literal("form"),
    email: v.optional(EmailField),
    phone: v.optional(PhoneNumberField),
    formName: v.optional(TextField(200)),
  }),
  v.strictObject({ kind: v.literal("import"), fileName: v.optional(TextField(200)) }),
], "Unknown source kind: call, chat, telegram, vk, form or import.");

export const CreateFromSourceInput = v.strictObject(
  {
    source: IntakeSourceInput,
    /** Who is responsible (intake picks a manager); the first is the primary one. */
    ownerIds: OwnerIdsField,
    ...(mapValues((schema) => v.optional(schema)) as Optional<Editable>),
    phones: v.optional(PhonesField),
    emails: v.optional(EmailsField),
  },
  unknownField,
);
export type CreateFromSourceInput = v.InferInput<typeof CreateFromSourceInput>;
