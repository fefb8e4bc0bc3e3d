/**
 * The contact fields a CSV column can become, and the exports' flavours: names only, apart from
 * the header dictionary (columns.ts) so the request schemas name them without loading it.
 */
export const importFields = [
  "fullName", "firstName", "lastName", "middleName", "position", "company",
  "workPhone", "mobilePhone", "homePhone", "otherPhone", "email", "workEmail", "otherEmail",
  "tags", "comment", "address", "website", "birthday", "telegram",
] as const;
export type ImportField = (typeof importFields)[number];

export const exportFlavours = ["amocrm", "bitrix24", "hubspot", "google", "outlook", "callboard"] as const;
export type ExportFlavour = (typeof exportFlavours)[number];
