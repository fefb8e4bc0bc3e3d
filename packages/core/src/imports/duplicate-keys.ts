// A mapped row's phones, emails and handles: as keys for repeats within the file, and as a duplicate-check query.
import type { ContactFields } from "./rows";

export const matchKeys = (fields: ContactFields) => [
  ...(fields.phones ?? []).map((phone) => `phone:${phone.number}`),
  ...(fields.emails ?? []).map((email) => `email:${(typeof email === "string" ? email : email.address).toLowerCase()}`),
];
export const matchQuery = (fields: ContactFields) => ({
  phones: (fields.phones ?? []).map((phone) => phone.number),
  emails: (fields.emails ?? []).map((email) => (typeof email === "string" ? email : email.address)),
  // A Telegram handle is claimed like a phone (contacts/claims.ts), so it is a duplicate like one.
  ...(fields.messengers ? { messengers: fields.messengers as { telegram?: string } } : {}),
});
