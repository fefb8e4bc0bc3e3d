/**
 * What a CSV column can become on a contact, and the header names common exports use for it:
 * amoCRM/Kommo (Russian and English), HubSpot, Google Contacts and Outlook. Headers are
 * compared case-insensitively with spaces, dots and dashes collapsed.
 */
export const importFields = [
  "fullName", "firstName", "lastName", "middleName", "position", "company",
  "workPhone", "mobilePhone", "homePhone", "otherPhone", "email", "workEmail", "otherEmail",
  "tags", "comment", "address", "website", "birthday", "telegram",
] as const;
export type ImportField = (typeof importFields)[number];

export const exportFlavours = ["amocrm", "hubspot", "google", "outlook", "callboard"] as const;
export type ExportFlavour = (typeof exportFlavours)[number];

const dictionary: Record<ImportField, string[]> = {
  fullName: ["Полное имя", "ФИО", "Контакт", "Name", "Full name", "Display Name", "Имя контакта"],
  firstName: ["Имя", "First name", "First Name", "Given Name", "Given name"],
  lastName: ["Фамилия", "Last name", "Last Name", "Family Name", "Surname"],
  middleName: ["Отчество", "Middle name", "Middle Name", "Additional Name"],
  position: ["Должность", "Position", "Job Title", "Job title", "Organization Title", "Organization 1 - Title"],
  company: ["Компания", "Название компании", "Company", "Company Name", "Company name", "Organization Name", "Organization 1 - Name", "Associated Company"],
  workPhone: ["Рабочий телефон", "Телефон", "Work phone", "Phone", "Phone Number", "Business Phone", "Business Phone 2", "Company main phone", "Phone 1 - Value"],
  mobilePhone: ["Мобильный телефон", "Мобильный", "Mobile phone", "Mobile Phone Number", "Mobile Phone", "Phone 2 - Value"],
  homePhone: ["Домашний телефон", "Home phone", "Home Phone", "Home Phone 2", "Phone 3 - Value"],
  otherPhone: ["Другой телефон", "Факс", "Other phone", "Other Phone", "Primary Phone", "Car Phone", "Business Fax", "Home Fax"],
  email: ["Email", "E-mail", "Email Address", "E-mail Address", "E-mail 1 - Value", "Эл. почта", "Почта"],
  workEmail: ["Рабочий email", "Рабочий e-mail", "Work email", "Work Email", "Рабочая почта"],
  otherEmail: ["Личный email", "Другой email", "Other email", "E-mail 2 Address", "E-mail 3 Address", "E-mail 2 - Value", "E-mail 3 - Value", "Personal email"],
  tags: ["Теги", "Тэги", "Tags", "Labels", "Group Membership", "Categories", "Lead Status"],
  comment: ["Примечание", "Комментарий", "Notes", "Note", "Comment", "Comments"],
  address: ["Адрес", "Address", "Street Address", "Business Street", "Home Street", "Address 1 - Formatted", "Street address"],
  website: ["Web", "Сайт", "Website", "Website URL", "Web Page", "Website 1 - Value"],
  birthday: ["День рождения", "Дата рождения", "Birthday", "Date of birth"],
  telegram: ["Telegram", "Телеграм", "Telegram username"],
};

/** Header names that identify each export flavour (a few distinctive ones each). */
const flavourMarks: Record<Exclude<ExportFlavour, "callboard">, string[]> = {
  amocrm: ["Рабочий телефон", "Мобильный телефон", "Рабочий email", "Теги", "Ответственный", "Дата создания"],
  hubspot: ["Record ID", "Contact owner", "Lifecycle Stage", "Lead Status", "Mobile Phone Number", "Associated Company", "Phone Number"],
  google: ["Given Name", "Family Name", "Group Membership", "E-mail 1 - Value", "Phone 1 - Value", "Organization 1 - Name", "First Name", "Labels"],
  outlook: ["Business Phone", "E-mail Address", "Mobile Phone", "Job Title", "Home Phone", "E-mail 2 Address", "Business Street"],
};

const normalize = (header: string) => header.normalize("NFC").toLowerCase().replace(/[\s._-]+/g, " ").replace(/ё/g, "е").trim();

const byHeader = new Map<string, ImportField>();
for (const field of importFields) for (const header of dictionary[field]) if (!byHeader.has(normalize(header))) byHeader.set(normalize(header), field);

/** Our own export's header for each field: an import maps it back by the same dictionary. */
export const exportHeaders: Record<ImportField, string> = Object.fromEntries(importFields.map((field) => [field, dictionary[field][0]!])) as Record<ImportField, string>;

/** Column index → field (or null when the column is not imported). */
export type Mapping = (ImportField | null)[];

/** Maps headers to fields; the first column wins when two map to the same single field. */
export function detectMapping(headers: string[]): Mapping {
  const taken = new Set<ImportField>();
  return headers.map((header) => {
    const field = byHeader.get(normalize(header));
    // Several phone, email and tag columns can feed one contact; other fields take the first.
    if (!field || (taken.has(field) && !/Phone|mail|tags/.test(field))) return null;
    taken.add(field);
    return field;
  });
}

export function detectFlavour(headers: string[]): ExportFlavour {
  const names = new Set(headers.map(normalize));
  if (headers.every((header) => Object.values(exportHeaders).map(normalize).includes(normalize(header))) && names.has(normalize(exportHeaders.fullName))) return "callboard";
  let best: ExportFlavour = "callboard";
  let bestScore = 0;
  for (const [flavour, marks] of Object.entries(flavourMarks) as [Exclude<ExportFlavour, "callboard">, string[]][]) {
    const score = marks.filter((mark) => names.has(normalize(mark))).length;
    if (score > bestScore) [best, bestScore] = [flavour, score];
  }
  return best;
}
