/** Display name by the rules of seed 000, in priority order. */
export interface NameParts {
  firstName?: string;
  lastName?: string;
  phones: { number: string }[];
  emails: string[];
}

export function displayName(parts: NameParts): string {
  const first = parts.firstName?.trim();
  const last = parts.lastName?.trim();
  const phone = parts.phones[0]?.number;
  const email = parts.emails[0];
  if (first && last) return `${first} ${last}`;
  if (first && phone) return `${first} ${phone}`;
  if (first && email) return `${first} ${email}`;
  if (first) return first;
  if (last) return last;
  if (phone) return phone;
  if (email) return email;
  return "Unnamed contact";
}
