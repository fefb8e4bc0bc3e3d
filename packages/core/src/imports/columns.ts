/**
 * What a CSV column can become on a contact, and the header names common exports use for it:
 * amoCRM/Kommo (Russian and English), Bitrix24, HubSpot, Google Contacts and Outlook. Headers
 * are compared by `headerKey` (case, spaces, punctuation and ё/е do not matter).
 */
import { isForbiddenKey } from "../safe-keys";

import { importFields, type ExportFlavour, type ImportField } from "./fields";

/**
 * The headers each field is known by. Our own export writes the first one. Sources, as their
 * exports really name them: amoCRM/Kommo contacts and leads exports (Russian and English, with
 * the "(контакт)" / "контакта" / "(contact)" forms of leads exports handled by `headerKey`),
 * Bitrix24 (contacts CSV), HubSpot (contacts export), Google Contacts (Google CSV, old and new
 * headers) and Outlook (CSV export). docs/imports.md lists them.
 */
const dictionary: Record<ImportField, string[]> = {
  fullName: ["Полное имя", "ФИО", "Контакт", "Наименование", "Полное имя контакта", "Имя контакта", "Name", "Full name", "Display Name", "Contact name", "Contact full name"],
  firstName: ["Имя", "First name", "Given Name"],
  lastName: ["Фамилия", "Last name", "Family Name", "Surname"],
  middleName: ["Отчество", "Middle name", "Additional Name"],
  position: ["Должность", "Position", "Job Title", "Organization Title", "Organization 1 - Title"],
  company: ["Компания", "Название компании", "Организация", "Company", "Company Name", "Organization Name", "Organization 1 - Name", "Associated Company", "Organization"],
  workPhone: ["Рабочий телефон", "Телефон", "Рабочий прямой телефон", "Work phone", "Phone", "Phone Number", "Business Phone", "Business Phone 2", "Company main phone", "Phone 1 - Value", "Direct phone"],
  mobilePhone: ["Мобильный телефон", "Мобильный", "Сотовый телефон", "Mobile phone", "Mobile Phone Number", "Mobile", "Phone 2 - Value"],
  homePhone: ["Домашний телефон", "Home phone", "Home Phone 2", "Phone 3 - Value"],
  otherPhone: ["Другой телефон", "Факс", "Телефон для рассылок", "Other phone", "Primary Phone", "Car Phone", "Business Fax", "Home Fax", "Fax", "Phone 4 - Value"],
  email: ["Email", "E-mail", "Email Address", "E-mail Address", "E-mail 1 - Value", "Эл. почта", "Почта", "Электронная почта"],
  workEmail: ["Рабочий email", "Рабочий e-mail", "Work email", "Рабочая почта"],
  otherEmail: ["Личный email", "Частный e-mail", "Личный e-mail", "Другой email", "Другой e-mail", "E-mail для рассылок", "Other email", "Personal email", "Private email", "E-mail 2 Address", "E-mail 3 Address", "E-mail 2 - Value", "E-mail 3 - Value"],
  tags: ["Теги", "Тэги", "Tags", "Labels", "Group Membership", "Categories"],
  comment: ["Примечание", "Комментарий", "Заметки", "Notes", "Note", "Comment", "Comments"],
  address: ["Адрес", "Address", "Street Address", "Business Street", "Home Street", "Address 1 - Formatted", "Рабочий адрес"],
  website: ["Web", "Сайт", "Рабочий сайт", "Корпоративный сайт", "Website", "Website URL", "Web Page", "Website 1 - Value"],
  birthday: ["День рождения", "Дата рождения", "Birthday", "Date of birth"],
  telegram: ["Telegram", "Телеграм", "Telegram username", "Контакт Telegram"],
};

/** Header names that identify each export flavour (a few distinctive ones each, compared lower-cased). */
const flavourMarks: Record<Exclude<ExportFlavour, "callboard">, string[]> = {
  amocrm: ["Рабочий email", "Личный email", "Ответственный", "Дата создания", "Кем создан", "Компания контакта", "Должность (контакт)", "Полное имя контакта", "Основной контакт", "Responsible user", "Work email", "Personal email"],
  bitrix24: ["Отчество", "Рабочий e-mail", "Частный e-mail", "Источник", "Обращение", "Тип контакта", "Доступен для всех", "Рабочий сайт"],
  hubspot: ["Record ID", "Contact owner", "Lifecycle Stage", "Lead Status", "Mobile Phone Number", "Associated Company", "Phone Number"],
  google: ["Given Name", "Family Name", "Group Membership", "E-mail 1 - Value", "Phone 1 - Value", "Organization 1 - Name", "Organization Name", "Labels"],
  outlook: ["Business Phone", "E-mail Address", "Mobile Phone", "Home Phone", "E-mail 2 Address", "Business Street", "Categories"],
};

/**
 * `__proto__`, `constructor`, `prototype` (the shared list, safe-keys.ts): a CSV header named so
 * is not imported, a mapping key named so is refused. Everything keyed by header here is a Map,
 * so this is belt and braces, and the message is clear.
 */
export const isReservedKey = (key: string) => isForbiddenKey(key.trim());

/** Case, spaces, punctuation and ё/е do not matter: `E-mail 1 - Value` is `email1value`. */
export const headerKey = (header: string) => header.normalize("NFC").toLowerCase().replace(/ё/g, "е").replace(/[^\p{L}\p{N}]+/gu, "");
/** amoCRM/Kommo leads exports name the contact's columns `Должность (контакт)`, `Компания контакта`, `Company (contact)`. */
const withoutContactMark = (header: string) => header.replace(/\s*\((контакт|контакта|contact)\)\s*$/i, "").replace(/\s+(контакта|contact)$/i, "").replace(/^contact\s+/i, "");
const lowered = (header: string) => header.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();

// Built on first use: the Unicode classes of `headerKey` cost ~2 ms to set up, on every cold start otherwise.
let byHeaderMap: Map<string, ImportField> | undefined;
function byHeader(): Map<string, ImportField> {
  if (byHeaderMap) return byHeaderMap;
  byHeaderMap = new Map();
  for (const field of importFields) for (const header of dictionary[field]) if (!byHeaderMap.has(headerKey(header))) byHeaderMap.set(headerKey(header), field);
  return byHeaderMap;
}

/** The field a header maps to by the dictionary (exact form first, then without the contact mark). */
export function fieldOfHeader(header: string): ImportField | undefined {
  if (isReservedKey(header)) return undefined;
  return byHeader().get(headerKey(header)) ?? byHeader().get(headerKey(withoutContactMark(header)));
}

/** Every header the dictionary knows, per field (docs and tests). */
export const knownHeaders: Readonly<Record<ImportField, readonly string[]>> = dictionary;

/** Our own export's header for each field: an import maps it back by the same dictionary. */
export const exportHeaders: Record<ImportField, string> = Object.fromEntries(importFields.map((field) => [field, dictionary[field][0]!])) as Record<ImportField, string>;

/** Column index → field (or null when the column is not imported). */
export type Mapping = (ImportField | null)[];

/** Maps headers to fields; the first column wins when two map to the same single field. */
export function detectMapping(headers: string[]): Mapping {
  const taken = new Set<ImportField>();
  return headers.map((header) => {
    const field = fieldOfHeader(header);
    // Several phone, email and tag columns can feed one contact; other fields take the first.
    if (!field || (taken.has(field) && !/Phone|mail|tags/i.test(field))) return null;
    taken.add(field);
    return field;
  });
}

export function detectFlavour(headers: string[]): ExportFlavour {
  const names = new Set(headers.map(lowered));
  const ours = new Set(Object.values(exportHeaders).map(lowered));
  if (headers.every((header) => ours.has(lowered(header))) && names.has(lowered(exportHeaders.fullName))) return "callboard";
  let best: ExportFlavour = "callboard";
  let bestScore = 0;
  for (const [flavour, marks] of Object.entries(flavourMarks) as [Exclude<ExportFlavour, "callboard">, string[]][]) {
    const score = marks.filter((mark) => names.has(lowered(mark))).length;
    if (score > bestScore) [best, bestScore] = [flavour, score];
  }
  return best;
}
