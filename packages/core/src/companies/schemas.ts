/**
 * The company as the API and the domain see it: its input schemas, types and constants, and how
 * a stored row is presented (custom values by key, the list columns). No I/O.
 */
import * as v from "valibot";
import type { phoneTypes } from "../phones";
import { EmailField, PhoneField, TextField } from "../contacts/fields";
import { presentCustomValues, type CustomValues, type LiveDefinitions, type StoredCustomValues } from "../custom-fields/custom-fields";
import { UrlField } from "../custom-fields/value-types";
import { TagsField } from "../tags/tags";
import { type CompanyListItem } from "./find";

export const TRASH_RETENTION_DAYS = 30;
export const pageSizes = [10, 20, 50] as const;
export const MAX_MANAGERS = 10;

const uniqueBy = <T>(items: T[], key: (item: T) => string) =>
  items.filter((item, index) => items.findIndex((other) => key(other) === key(item)) === index);

const PhonesField = v.pipe(
  v.array(PhoneField, "Must be a list of phones."),
  v.maxLength(20, "At most 20 phones."),
  v.transform((phones) => uniqueBy(phones, (phone) => phone.number)),
);
const EmailsField = v.pipe(
  v.array(EmailField, "Must be a list of email addresses."),
  v.maxLength(20, "At most 20 emails."),
  v.transform((emails) => uniqueBy(emails, (email) => email.toLowerCase())),
);
const ManagerIdsField = v.pipe(
  v.array(v.pipe(v.string("Must be a user ID."), v.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "Not a valid user ID.")), "Must be a list of user IDs."),
  v.minLength(1, "A company needs at least one responsible manager."),
  v.maxLength(MAX_MANAGERS, `At most ${MAX_MANAGERS} responsible managers.`),
  v.transform((ids) => [...new Set(ids)]),
);
/** Checked against the definitions by `validateCustomValues`; here only its outer shape. */
const CustomInput = v.custom<Record<string, unknown>>(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  "Must be an object of custom field keys and their values.",
);

const unknownField = "Unknown field: leave it out.";

export const CreateCompanyInput = v.strictObject(
  {
    name: TextField(200),
    shortName: v.optional(TextField(100)),
    phones: v.optional(PhonesField),
    emails: v.optional(EmailsField),
    website: v.optional(UrlField),
    address: v.optional(TextField(500)),
    tags: v.optional(TagsField),
    custom: v.optional(CustomInput),
    managerIds: v.optional(ManagerIdsField),
  },
  unknownField,
);
export type CreateCompanyInput = v.InferInput<typeof CreateCompanyInput>;

/** `null` clears an optional field; in `custom`, `null` clears that value. */
export const UpdateCompanyInput = v.strictObject(
  {
    name: v.optional(TextField(200)),
    shortName: v.optional(v.nullable(TextField(100))),
    phones: v.optional(PhonesField),
    emails: v.optional(EmailsField),
    website: v.optional(v.nullable(UrlField)),
    address: v.optional(v.nullable(TextField(500))),
    tags: v.optional(TagsField),
    custom: v.optional(CustomInput),
    managerIds: v.optional(ManagerIdsField),
  },
  unknownField,
);
export type UpdateCompanyInput = v.InferInput<typeof UpdateCompanyInput>;

export const ListCompaniesInput = v.strictObject({
  limit: v.optional(v.picklist(pageSizes, "Page size must be 10, 20 or 50."), 20),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
});
export type ListCompaniesInput = v.InferInput<typeof ListCompaniesInput>;

type Phone = { number: string; type: (typeof phoneTypes)[number] };

export interface Company {
  companyId: string;
  name: string;
  shortName?: string;
  phones: Phone[];
  emails: string[];
  website?: string;
  address?: string;
  tags: string[];
  custom: CustomValues;
  managerIds: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
}

export type StoredCompany = Omit<Company, "custom"> & { custom?: StoredCustomValues; expiresAt?: number };

export interface Page<T> {
  items: T[];
  cursor: string | null;
}

export function present(item: StoredCompany, definitions: LiveDefinitions): Company {
  const { expiresAt: _expiresAt, custom, ...company } = item;
  return { ...company, custom: presentCustomValues(definitions, custom) };
}

export function listItem(company: Omit<StoredCompany, "custom">): CompanyListItem {
  return {
    companyId: company.companyId,
    name: company.name,
    ...(company.shortName !== undefined ? { shortName: company.shortName } : {}),
    ...(company.phones[0] ? { primaryPhone: company.phones[0].number } : {}),
    ...(company.emails[0] ? { primaryEmail: company.emails[0] } : {}),
    tags: company.tags,
    managerIds: company.managerIds,
    version: company.version,
    createdAt: company.createdAt,
    updatedAt: company.updatedAt,
  };
}
