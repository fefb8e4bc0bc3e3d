/** Intake's request schemas: forms, chat messages, routes (the API validates with them; the services parse them too). */
import * as v from "valibot";
import { PhoneNumberField, PlainTextField, TagField, TextField, UlidField } from "../contacts/fields";
import { safeKey } from "../safe-keys";

/** Where chat messages come from: the site's chat widget, a Telegram bot, a VK group. */
export const chatSources = ["chat", "telegram", "vk"] as const;

export const SetRouteInput = v.strictObject({ userId: UlidField }, "Unknown field: leave it out.");

export const SetChatSourceInput = v.strictObject(
  {
    userId: UlidField,
    secret: v.pipe(v.string("Must be text."), v.minLength(16, "At least 16 characters."), v.maxLength(200, "At most 200 characters.")),
  },
  "Unknown field: leave it out.",
);

/** Contact fields a form field can fill; `custom:<key>` fills a contact custom field. */
export const formTargets = ["firstName", "lastName", "middleName", "phone", "email", "comment", "position", "companyName"] as const;

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

/** Public posts are small: 64 KB is far more than any lead form sends. */
export const MAX_SUBMISSION_BYTES = 64 * 1024;

const Required = (max: number) => v.pipe(TextField(max), v.nonEmpty("Required."));

export const ChatMessageBody = v.strictObject(
  {
    source: v.picklist(chatSources, `One of: ${chatSources.join(", ")}.`),
    /** The messenger's own message ID: a repeat delivery of it is answered and not logged twice. */
    messageId: Required(200),
    handle: v.optional(Required(100)),
    name: v.optional(PlainTextField(100, "the visitor name")),
    phone: v.optional(PhoneNumberField),
    message: Required(5000),
  },
  "Unknown field: leave it out.",
);
