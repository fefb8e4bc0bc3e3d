import * as v from "valibot";
import { CreateFromSourceInput } from "../contacts/input";
import { EmailField, isPlaceholder, PhoneNumberField, TelegramField, TextField } from "../contacts/fields";
import type { FieldIssue } from "../errors";
import { codeOfIssue, type FieldCodeInfo } from "../field-codes";
import { TagField } from "../tags/tags";
import { issuePath } from "../validation";
import type { Mapping } from "./columns";
import type { ImportField } from "./fields";
import { unguardCell } from "./formula-guard";

export type ContactFields = Omit<v.InferOutput<typeof CreateFromSourceInput>, "source" | "ownerIds">;

/** A value of the row that was not imported (the contact was), with its column and why. */
export interface DroppedValue extends Partial<FieldCodeInfo> {
  column: string;
  value: string;
  /** English; `code` and `values` (docs/api-errors.md) let the console say it in the reader's language. */
  reason: string;
}

export interface MappedRow {
  /** 1-based line of the file (the header is row 1). */
  row: number;
  /** The valid contact fields, or undefined when the row is rejected. */
  fields?: ContactFields;
  /** The company column's name: the import links the contact to that company (not a contact field). */
  company?: { name: string; column: string };
  /** Why the row is rejected (only when `fields` is undefined), `field` naming the column header. */
  errors: FieldIssue[];
  /** Values left out of an imported row: invalid secondary phones, emails, fields. */
  dropped: DroppedValue[];
  /** Whom the row concerns: the name, phone and email found in it (valid or not), for messages. */
  who?: string;
}

export const NOTHING_USABLE = "Nothing usable is left: a row needs a name, a valid phone, a valid email or a Telegram handle.";

const phoneTypeOf: Partial<Record<ImportField, "work" | "mobile" | "home" | "other">> = { workPhone: "work", mobilePhone: "mobile", homePhone: "home", otherPhone: "other" };
const isEmailField = (field: ImportField) => field === "email" || field === "workEmail" || field === "otherEmail";
/** amoCRM and others put several numbers or addresses in one cell. */
const splitList = (text: string) => text.split(/\s*[,;\n]\s*/).map((part) => part.trim()).filter((part) => part && !isPlaceholder(part));
const CompanyNameField = TextField(200);

/** `31.12.1990` (Russian exports) as well as `1990-12-31`. */
function isoDate(text: string): string {
  const dotted = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(text.trim());
  return dotted ? `${dotted[3]}-${dotted[2]!.padStart(2, "0")}-${dotted[1]!.padStart(2, "0")}` : text.trim();
}

/** Why a value was refused: the first issue's English message with its stable code. */
const whyNot = (issue: v.BaseIssue<unknown> | undefined): Pick<DroppedValue, "reason" | "code" | "values"> =>
  issue ? { reason: issue.message, ...codeOfIssue(issue, false) } : { reason: "Not a valid value.", code: "invalid" };
const firstIssue = (result: { success: false; issues: readonly v.BaseIssue<unknown>[] }) => whyNot(result.issues[0]);

/**
 * One CSV row as contact input, validated with the same valibot schema as the intake path
 * (`CreateFromSourceInput`), so an import accepts exactly what the API would. A value the
 * schema refuses is left out (listed in `dropped` with its column and reason) instead of
 * losing the person: the row is rejected only when no name, valid phone, valid email or
 * Telegram handle is left.
 */
export function mapRow(cells: string[], mapping: Mapping, headers: string[], row: number, fileName: string, ownerId: string): MappedRow {
  const input: Record<string, unknown> = Object.create(null);
  /** Contact field → the column it came from, and the raw text (to name a dropped value). */
  const origin = new Map<string, { column: string; value: string }>();
  const phones: { number: string; type: string }[] = [];
  const phoneOrigins: { column: string; value: string }[] = [];
  const phoneKeys = new Set<string>();
  const emails: string[] = [];
  const emailOrigins: { column: string; value: string }[] = [];
  const tags: string[] = [];
  const notes: string[] = [];
  const dropped: DroppedValue[] = [];
  const seen = { name: [] as string[], phone: [] as string[], email: [] as string[], handle: [] as string[] };
  let fullName: string | undefined;
  let company: MappedRow["company"];

  mapping.forEach((field, index) => {
    const raw = unguardCell(cells[index] ?? "").trim();
    if (!field || raw === "" || isPlaceholder(raw)) return;
    const column = headers[index] ?? `column ${index + 1}`;
    const phoneType = phoneTypeOf[field];
    if (phoneType) {
      for (const part of splitList(raw)) {
        seen.phone.push(part);
        const check = v.safeParse(PhoneNumberField, part);
        if (!check.success) dropped.push({ column, value: part, ...firstIssue(check) });
        else if (!phoneKeys.has(check.output)) {
          phoneKeys.add(check.output);
          phones.push({ number: part, type: phoneType });
          phoneOrigins.push({ column, value: part });
        }
      }
    } else if (isEmailField(field)) {
      for (const part of splitList(raw)) {
        seen.email.push(part);
        const check = v.safeParse(EmailField, part);
        if (!check.success) dropped.push({ column, value: part, ...firstIssue(check) });
        else if (!emails.some((known) => known.toLowerCase() === check.output.toLowerCase())) {
          emails.push(part);
          emailOrigins.push({ column, value: part });
        }
      }
    } else if (field === "tags") {
      for (const tag of splitList(raw)) {
        const check = v.safeParse(TagField, tag);
        if (check.success) tags.push(tag);
        else dropped.push({ column, value: tag, ...firstIssue(check) });
      }
      origin.set("tags", { column, value: raw });
    } else if (field === "company") {
      const check = v.safeParse(CompanyNameField, raw);
      if (check.success) company ??= { name: check.output, column };
      else dropped.push({ column, value: raw, ...firstIssue(check) });
    } else if (field === "fullName") {
      fullName = raw;
      seen.name.push(raw);
      origin.set("displayName", { column, value: raw });
    } else if (field === "telegram") {
      seen.handle.push(raw);
      const check = v.safeParse(TelegramField, raw);
      if (check.success) {
        input.messengers = { telegram: raw };
        origin.set("messengers", { column, value: raw });
      } else dropped.push({ column, value: raw, ...firstIssue(check) });
    } else if (field === "comment") {
      notes.unshift(raw);
      origin.set("comment", { column, value: raw });
    } else {
      if (field === "firstName" || field === "lastName") seen.name.push(raw);
      input[field] = field === "birthday" ? isoDate(raw) : raw;
      origin.set(field, { column, value: raw });
    }
  });
  if (fullName) {
    input.displayName = fullName;
    if (!input.firstName && !input.lastName) {
      const [first, ...rest] = fullName.split(/\s+/);
      input.firstName = first;
      if (rest.length > 0) input.lastName = rest.join(" ");
      origin.set("firstName", origin.get("displayName")!);
      origin.set("lastName", origin.get("displayName")!);
    }
  }
  if (phones.length) input.phones = phones;
  if (emails.length) input.emails = emails;
  if (tags.length) input.tags = tags;
  if (notes.length) input.comment = notes.join("\n");
  const who = [seen.name.join(" "), seen.phone[0], seen.email[0], seen.handle[0] ? `@${seen.handle[0].replace(/^@/, "")}` : undefined].filter(Boolean).join(", ") || undefined;

  // Each value the schema still refuses is left out and the rest checked again: a bad position
  // or birthday costs that value, not the person. Every pass removes at least one value.
  const source = { kind: "import" as const, fileName: fileName.slice(0, 200) };
  for (let pass = 0; pass < 30; pass++) {
    const result = v.safeParse(CreateFromSourceInput, { ...input, source, ownerIds: [ownerId] }, { abortPipeEarly: true });
    if (result.success) {
      const { source: _source, ownerIds: _owners, ...fields } = result.output;
      const identified = fields.firstName || fields.lastName || fields.phones?.length || fields.emails?.length || fields.messengers?.telegram;
      if (!identified) break;
      // A person known only by a Telegram handle is named by it (the naming rules use names, phones and emails).
      if (!fields.firstName && !fields.lastName && !fields.phones?.length && !fields.emails?.length && !fields.displayName) fields.displayName = `@${fields.messengers!.telegram}`;
      return { row, fields, ...(company ? { company } : {}), errors: [], dropped, ...(who ? { who } : {}) };
    }
    let removed = 0;
    const phoneDrops = new Set<number>();
    const emailDrops = new Set<number>();
    for (const issue of result.issues) {
      const path = issuePath(issue);
      const head = /^\w+/.exec(path)?.[0];
      const index = Number(/^\w+\[(\d+)\]/.exec(path)?.[1] ?? -1);
      if (head === "phones" && index >= 0 && !phoneDrops.has(index)) {
        phoneDrops.add(index);
        dropped.push({ ...phoneOrigins[index]!, ...whyNot(issue) });
      } else if (head === "emails" && index >= 0 && !emailDrops.has(index)) {
        emailDrops.add(index);
        dropped.push({ ...emailOrigins[index]!, ...whyNot(issue) });
      } else if (head && head !== "phones" && head !== "emails" && head in input) {
        const from = origin.get(head);
        dropped.push({ column: from?.column ?? head, value: from?.value ?? String(input[head]), ...whyNot(issue) });
        delete input[head];
      } else continue;
      removed++;
    }
    if (phoneDrops.size) {
      const keep = (_: unknown, index: number) => !phoneDrops.has(index);
      phones.splice(0, phones.length, ...phones.filter(keep));
      phoneOrigins.splice(0, phoneOrigins.length, ...phoneOrigins.filter(keep));
      if (phones.length) input.phones = phones;
      else delete input.phones;
    }
    if (emailDrops.size) {
      const keep = (_: unknown, index: number) => !emailDrops.has(index);
      emails.splice(0, emails.length, ...emails.filter(keep));
      emailOrigins.splice(0, emailOrigins.length, ...emailOrigins.filter(keep));
      if (emails.length) input.emails = emails;
      else delete input.emails;
    }
    // A refusal that names no removable value (a rule over the whole row): nothing more to leave out.
    if (removed === 0) break;
  }
  return { row, errors: [...dropped.map((drop) => ({ field: drop.column, message: drop.reason, ...(drop.code ? { code: drop.code } : {}), ...(drop.values ? { values: drop.values } : {}) })), { field: "row", message: NOTHING_USABLE }], dropped: [], ...(who ? { who } : {}) };
}

/** How a dropped value reads in the report and the console. */
export const describeDropped = (drop: DroppedValue) => `${drop.column} "${drop.value}": ${drop.reason}`;
