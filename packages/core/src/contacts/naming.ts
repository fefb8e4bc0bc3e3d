/** Display names by the rules of seed 000. */
export interface NameParts {
  firstName?: string;
  lastName?: string;
  phones: { number: string; primary?: boolean }[];
  emails: { address: string; primary?: boolean }[];
  company?: { name: string; shortName?: string };
}

const primaryOf = <T extends { primary?: boolean }>(items: T[]) => items.find((item) => item.primary) ?? items[0];

/**
 * In priority order: first + last name; first name + phone (or email); first name + short
 * company name; then whatever is known alone.
 */
export function displayName(parts: NameParts): string {
  const first = parts.firstName?.trim();
  const last = parts.lastName?.trim();
  const phone = primaryOf(parts.phones)?.number;
  const email = primaryOf(parts.emails)?.address;
  const company = parts.company ? (parts.company.shortName ?? parts.company.name) : undefined;
  if (first && last) return `${first} ${last}`;
  if (first && phone) return `${first} ${phone}`;
  if (first && email) return `${first} ${email}`;
  if (first && company) return `${first} (${company})`;
  if (first) return first;
  if (last) return last;
  if (phone) return phone;
  if (email) return email;
  return "Unnamed contact";
}

/** What an automatic intake knows about where a contact came from. */
export type IntakeSource =
  | { kind: "call"; phone: string }
  | { kind: "chat" | "telegram" | "vk"; name?: string; handle?: string }
  | { kind: "form"; email?: string; phone?: string; formName?: string }
  | { kind: "import"; fileName?: string };

/** The languages an organization's automatic names are stored in (settings `defaultLanguage`). */
export type NameLanguage = "ru" | "ro" | "en";

/** The automatic names' words in each language (amoCRM's «Новый контакт по звонку с …»). */
const sourceWords = {
  en: {
    call: (phone: string) => `New contact by call from ${phone}`,
    requestFrom: (who: string) => `Request from «${who}»`,
    newFrom: { chat: "New contact from the web chat", telegram: "New contact from Telegram", vk: "New contact from VK" },
    formWho: (who: string, form: string) => `New contact «${who}» from the web form${form}`,
    form: (form: string) => `New contact from the web form${form}`,
    importedFrom: (file: string) => `Imported from «${file}»`,
    imported: "Imported contact",
  },
  ru: {
    call: (phone: string) => `Новый контакт по звонку с ${phone}`,
    requestFrom: (who: string) => `Запрос от «${who}»`,
    newFrom: { chat: "Новый контакт из веб-чата", telegram: "Новый контакт из Telegram", vk: "Новый контакт из ВКонтакте" },
    formWho: (who: string, form: string) => `Новый контакт «${who}» с веб-формы${form}`,
    form: (form: string) => `Новый контакт с веб-формы${form}`,
    importedFrom: (file: string) => `Импортирован из «${file}»`,
    imported: "Импортированный контакт",
  },
  ro: {
    call: (phone: string) => `Contact nou din apelul de la ${phone}`,
    requestFrom: (who: string) => `Cerere de la «${who}»`,
    newFrom: { chat: "Contact nou din chatul web", telegram: "Contact nou din Telegram", vk: "Contact nou din VK" },
    formWho: (who: string, form: string) => `Contact nou «${who}» din formularul web${form}`,
    form: (form: string) => `Contact nou din formularul web${form}`,
    importedFrom: (file: string) => `Importat din «${file}»`,
    imported: "Contact importat",
  },
} satisfies Record<NameLanguage, unknown>;

/**
 * The name an automatically created contact carries until a person's name is known, stored in
 * `language` (the organization's default): "New contact by call from +79161234567",
 * «Новый контакт по звонку с +79161234567», "Contact nou din apelul de la +37369123456".
 */
export function sourceName(source: IntakeSource, language: NameLanguage = "en"): string {
  const words = sourceWords[language];
  switch (source.kind) {
    case "call":
      return words.call(source.phone);
    case "chat":
    case "telegram":
    case "vk": {
      const who = source.name ?? source.handle;
      return who ? words.requestFrom(who) : words.newFrom[source.kind];
    }
    case "form": {
      const who = source.email ?? source.phone;
      const form = source.formName ? ` «${source.formName}»` : "";
      return who ? words.formWho(who, form) : words.form(form);
    }
    case "import":
      return source.fileName ? words.importedFrom(source.fileName) : words.imported;
  }
}

export type NameSource = "rules" | "source" | "manual";

/**
 * The name to store after a change: a typed name stays; a source name stays until a first or
 * last name is known, then the rules take over.
 */
export function resolveName(contact: NameParts & { displayName: string; nameSource: NameSource }): { displayName: string; nameSource: NameSource } {
  if (contact.nameSource === "manual") return { displayName: contact.displayName, nameSource: "manual" };
  if (contact.nameSource === "source" && !contact.firstName && !contact.lastName) {
    return { displayName: contact.displayName, nameSource: "source" };
  }
  return { displayName: displayName(contact), nameSource: "rules" };
}
