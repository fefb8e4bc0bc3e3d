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

/**
 * The name an automatically created contact carries until a person's name is known:
 * "New contact by call from +79161234567", "Request from «Anna»",
 * "New contact «anna@example.com» from the web form".
 */
export function sourceName(source: IntakeSource): string {
  switch (source.kind) {
    case "call":
      return `New contact by call from ${source.phone}`;
    case "chat":
    case "telegram":
    case "vk": {
      const where = { chat: "the web chat", telegram: "Telegram", vk: "VK" }[source.kind];
      const who = source.name ?? source.handle;
      return who ? `Request from «${who}»` : `New contact from ${where}`;
    }
    case "form": {
      const who = source.email ?? source.phone;
      const form = source.formName ? ` «${source.formName}»` : "";
      return who ? `New contact «${who}» from the web form${form}` : `New contact from the web form${form}`;
    }
    case "import":
      return source.fileName ? `Imported from «${source.fileName}»` : "Imported contact";
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
