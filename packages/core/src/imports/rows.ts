import * as v from "valibot";
import { CreateFromSourceInput } from "../contacts/input";
import { EmailField, isPlaceholder } from "../contacts/fields";
import type { FieldIssue } from "../errors";
import { issuePath } from "../validation";
import type { ImportField, Mapping } from "./columns";

export type ContactFields = Omit<v.InferOutput<typeof CreateFromSourceInput>, "source" | "ownerIds">;

export interface MappedRow {
  /** 1-based line of the file (the header is row 1). */
  row: number;
  /** The valid contact fields, or undefined when the row is rejected. */
  fields?: ContactFields;
  /** Per-row problems, `field` naming the column header. */
  errors: FieldIssue[];
}

const phoneTypeOf: Partial<Record<ImportField, "work" | "mobile" | "home" | "other">> = { workPhone: "work", mobilePhone: "mobile", homePhone: "home", otherPhone: "other" };
const isEmailField = (field: ImportField) => field === "email" || field === "workEmail" || field === "otherEmail";
/** amoCRM and others put several numbers or addresses in one cell. */
const splitList = (text: string) => text.split(/\s*[,;\n]\s*/).map((part) => part.trim()).filter((part) => part && !isPlaceholder(part));

/** `31.12.1990` (Russian exports) as well as `1990-12-31`. */
function isoDate(text: string): string {
  const dotted = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(text.trim());
  return dotted ? `${dotted[3]}-${dotted[2]!.padStart(2, "0")}-${dotted[1]!.padStart(2, "0")}` : text.trim();
}

/**
 * One CSV row as contact input, validated with the same valibot schema as the intake path
 * (`CreateFromSourceInput`), so an import accepts exactly what the API would.
 */
export function mapRow(cells: string[], mapping: Mapping, headers: string[], row: number, fileName: string, ownerId: string): MappedRow {
  const input: Record<string, unknown> = {};
  const columnOf = new Map<string, string>();
  const phones: { number: string; type: string }[] = [];
  const phoneColumns: string[] = [];
  const emails: string[] = [];
  const emailColumns: string[] = [];
  const tags: string[] = [];
  const notes: string[] = [];
  let fullName: string | undefined;

  mapping.forEach((field, index) => {
    const raw = (cells[index] ?? "").trim();
    if (!field || raw === "" || isPlaceholder(raw)) return;
    const header = headers[index] ?? `column ${index + 1}`;
    const phoneType = phoneTypeOf[field];
    if (phoneType) {
      for (const number of splitList(raw)) if (!phones.some((phone) => phone.number === number)) (phones.push({ number, type: phoneType }), phoneColumns.push(header));
    } else if (isEmailField(field)) {
      for (const address of splitList(raw)) if (!emails.includes(address)) (emails.push(address), emailColumns.push(header));
    } else if (field === "tags") {
      tags.push(...splitList(raw));
      columnOf.set("tags", header);
    } else if (field === "company") {
      // Companies are linked by ID; the name is kept on the contact's comment (docs/imports.md).
      notes.push(`${header}: ${raw}`);
      columnOf.set("comment", header);
    } else if (field === "fullName") {
      fullName = raw;
      columnOf.set("displayName", header);
    } else if (field === "telegram") {
      input.messengers = { telegram: raw };
      columnOf.set("messengers", header);
    } else {
      const target = field === "comment" ? "comment" : field;
      if (target === "comment") notes.unshift(raw);
      else input[target] = field === "birthday" ? isoDate(raw) : raw;
      columnOf.set(target, header);
    }
  });
  if (fullName) {
    input.displayName = fullName;
    if (!input.firstName && !input.lastName) {
      const [first, ...rest] = fullName.split(/\s+/);
      input.firstName = first;
      if (rest.length > 0) input.lastName = rest.join(" ");
      columnOf.set("firstName", columnOf.get("displayName")!);
      columnOf.set("lastName", columnOf.get("displayName")!);
    }
  }
  if (phones.length) input.phones = phones;
  if (emails.length) input.emails = emails;
  if (tags.length) input.tags = tags;
  if (notes.length) input.comment = notes.join("\n");

  const result = v.safeParse(CreateFromSourceInput, { ...input, source: { kind: "import", fileName: fileName.slice(0, 200) }, ownerIds: [ownerId] }, { abortPipeEarly: true });
  // The intake path checks this at write time; a preview must show it per row.
  if (result.success && !(result.output.firstName || result.output.lastName || result.output.phones?.length || result.output.emails?.length)) {
    return { row, errors: [{ field: "row", message: "A row needs at least a name, a phone or an email." }] };
  }
  if (result.success) {
    const { source: _source, ownerIds: _owners, ...fields } = result.output;
    return { row, fields, errors: [] };
  }
  // The email union reports "email or { address, primary }"; a CSV cell is always the text form.
  const emailIssue = (index: number) => {
    const check = v.safeParse(EmailField, emails[index]);
    return check.success ? undefined : check.issues[0].message;
  };
  const errors = result.issues.map((issue) => {
    const path = issuePath(issue);
    const [head, index] = [/^\w+/.exec(path)?.[0] ?? "body", Number(/^\w+\[(\d+)\]/.exec(path)?.[1] ?? -1)];
    const column = head === "phones" ? phoneColumns[index] : head === "emails" ? emailColumns[index] : columnOf.get(head);
    const message = path === "body" ? "A row needs at least a name, a phone or an email." : (head === "emails" && emailIssue(index)) || issue.message;
    return { field: column ?? (path === "body" ? "row" : path), message };
  });
  return { row, errors };
}
