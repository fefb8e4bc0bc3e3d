import type { Company, CustomFieldDefinition, CustomValue, PhoneType, UpdateCompanyInput } from "../../../api/types";
import { customText, customValueOf } from "../../cards/customFields";
import { withTag } from "../../cards/TagsEditor";

/** The company's own fields as the page shows and edits them (the GET answer without its timeline). */
export type CompanyFields = Omit<Company, "timeline">;

export interface Row {
  key: number;
  value: string;
  type: PhoneType;
}
let nextKey = 1;
/** A fresh key for a new row on screen. */
export const newRowKey = () => nextKey++;

export interface Draft {
  name: string;
  shortName: string;
  website: string;
  address: string;
  phones: Row[];
  mainPhone: number;
  emails: Row[];
  mainEmail: number;
  tags: string[];
  pendingTag: string;
  custom: Record<string, string | string[]>;
  managerIds: string[];
}

export function draftOf(company: CompanyFields, definitions: CustomFieldDefinition[]): Draft {
  const phones = company.phones.map((phone) => ({ key: nextKey++, value: phone.number, type: phone.type }));
  const emails = company.emails.map((email) => ({ key: nextKey++, value: email, type: "other" as PhoneType }));
  return {
    name: company.name,
    shortName: company.shortName ?? "",
    website: company.website ?? "",
    address: company.address ?? "",
    phones,
    mainPhone: phones[0]?.key ?? 0,
    emails,
    mainEmail: emails[0]?.key ?? 0,
    tags: company.tags,
    pendingTag: "",
    custom: Object.fromEntries(definitions.map((definition) => [definition.key, customText(company.custom[definition.key])])),
    managerIds: company.managerIds,
  };
}

/** Filled rows, the chosen main one first (the company's first phone/email is its main one). */
export function sentRows(rows: Row[], main: number): Row[] {
  const filled = rows.filter((row) => row.value.trim() !== "");
  const first = filled.find((row) => row.key === main);
  return first ? [first, ...filled.filter((row) => row !== first)] : filled;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Only what changed, as `PATCH /v1/companies/{id}` takes it: empty optional text clears (`null`). */
export function patchOf(company: CompanyFields, draft: Draft, definitions: CustomFieldDefinition[]): UpdateCompanyInput {
  const patch: UpdateCompanyInput = {};
  const text = (value: string) => value.trim();
  if (text(draft.name) !== company.name) patch.name = text(draft.name);
  const optional = (key: "shortName" | "website" | "address") => {
    const value = text(draft[key]);
    if (value !== (company[key] ?? "")) patch[key] = value === "" ? null : value;
  };
  optional("shortName");
  optional("website");
  optional("address");
  const phones = sentRows(draft.phones, draft.mainPhone).map((row) => ({ number: text(row.value), type: row.type }));
  if (!same(phones, company.phones)) patch.phones = phones;
  const emails = sentRows(draft.emails, draft.mainEmail).map((row) => text(row.value));
  if (!same(emails, company.emails)) patch.emails = emails;
  const tags = withTag(draft.tags, draft.pendingTag);
  if (!same(tags, company.tags)) patch.tags = tags;
  const custom: Record<string, CustomValue | null> = {};
  for (const definition of definitions) {
    const after = draft.custom[definition.key] ?? "";
    if (!same(customText(company.custom[definition.key]), after)) custom[definition.key] = customValueOf(definition, after);
  }
  if (Object.keys(custom).length) patch.custom = custom;
  if (!same(draft.managerIds, company.managerIds)) patch.managerIds = draft.managerIds;
  return patch;
}

