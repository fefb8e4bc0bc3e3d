import type { ReactNode } from "react";
import type { Contact, UpdateContactInput } from "../../../api/types";
import { yesNo } from "../labels";

/** A plain field of the contact card (text, date, choice, flag): how it is read, shown and sent. */
export interface FieldSpec {
  /** Draft key and error path (`firstName`, `messengers.telegram`, `socialLinks`). */
  key: string;
  /** Read at render time, so the label follows the user's language. */
  label: () => string;
  kind: "text" | "textarea" | "date" | "select" | "checkbox";
  options?: readonly { value: string; label: string }[];
  /** A select that may be left empty offers "—". */
  optional?: boolean;
  read: (contact: Contact) => string | boolean;
  /** The value as the card shows it; `null` when there is nothing to say (the field folds away). */
  show: (contact: Contact) => ReactNode | null;
  hint?: () => string;
}

export type Draft = Record<string, string | boolean>;

export const text = (key: keyof Contact & string, label: () => string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  label,
  kind: "text",
  read: (contact) => String(contact[key] ?? ""),
  show: (contact) => (contact[key] ? String(contact[key]) : null),
  ...extra,
});

/** A flag is worth showing only when it differs from its usual value (active, may be called, may be emailed). */
export const flag = (key: "active" | "doNotCall" | "doNotEmail", label: () => string, usual: boolean): FieldSpec => ({
  key,
  label,
  kind: "checkbox",
  read: (contact) => contact[key],
  show: (contact) => (contact[key] === usual ? null : yesNo(contact[key])),
});

export const messenger = (name: "telegram" | "whatsapp" | "viber", label: () => string, hint: () => string): FieldSpec => ({
  key: `messengers.${name}`,
  label,
  kind: "text",
  hint,
  read: (contact) => contact.messengers?.[name] ?? "",
  show: (contact) => contact.messengers?.[name] || null,
});

export const isFilled = (spec: FieldSpec, contact: Contact) => spec.show(contact) !== null;

/** The changed fields of a draft as a PATCH body: empty text clears (`null`). */
export function patchOf(specs: FieldSpec[], contact: Contact, draft: Draft): UpdateContactInput {
  const patch: Record<string, unknown> = {};
  const changed = (spec: FieldSpec) => draft[spec.key] !== spec.read(contact);
  const textOf = (spec: FieldSpec) => String(draft[spec.key] ?? "").trim();
  const messengerSpecs = specs.filter((spec) => spec.key.startsWith("messengers."));
  for (const spec of specs) {
    if (!changed(spec) || spec.key.startsWith("messengers.")) continue;
    if (spec.kind === "checkbox") patch[spec.key] = Boolean(draft[spec.key]);
    else if (spec.key === "socialLinks") {
      const links = textOf(spec)
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean);
      patch.socialLinks = links.length ? links : null;
    } else patch[spec.key] = textOf(spec) === "" ? null : textOf(spec);
  }
  // The messengers map is replaced whole: send all three when any changed.
  if (messengerSpecs.some(changed)) {
    patch.messengers = Object.fromEntries(
      messengerSpecs.map((spec) => [spec.key.slice("messengers.".length), textOf(spec) === "" ? null : textOf(spec)]),
    );
  }
  return patch as UpdateContactInput;
}
