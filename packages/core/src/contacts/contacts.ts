/**
 * The contacts feature's public face: `Contacts.create`, `Contacts.get`, … (contacts/index.ts
 * exports it as `Contacts`). The code lives by concern: model.ts (types, channel rules),
 * rows.ts (storage rows, load and write helpers), create.ts, read.ts, update.ts,
 * trash-operations.ts (delete, restore, trash list); find.ts is the finder. The helpers the
 * files share among themselves stay out of this surface. Nothing in the feature imports this
 * file, so it closes no import circle.
 */
export { TRASH_RETENTION_DAYS, pageSizes, CARD_TIMELINE_PAGE, ListContactsInput, type Phone, type Email, type Contact, type TimelinePage, type ContactCard, type StoredContact, present, isExpired, emailKey, primaryPhone, primaryEmail } from "./model";
export { type LookupRow, contactNameTokens, lookupRows, audiences, requireTransactionFits, indexWrites, parseId, loadRaw, liveContactId, loadVisible, tooManyClaimants, claimedTransaction, queueHolders, MAX_TRANSACTION_ITEMS, versionChecked } from "./rows";
export { type InsertOptions, type InsertFields, buildNewContact, newContactRowChanges, create, createChecked, createFromSource, ownerTeams, fromSource } from "./create";
export { get, timelineContext, list, listByCompany, pageOfCompany, getForEngine, findByPhone, findByEmail } from "./read";
export { update, setDoNotCall, refreshCompanySummary, setPhotoMeta, refreshOwnerTeams } from "./update";
export { remove, BULK_DELETE_MAX, BulkDeleteInput, type BulkDeleteOutcome, removeMany, restore, listTrash } from "./trash-operations";
export { CreateContactInput, UpdateContactInput, CreateFromSourceInput } from "./input";
export { findContacts, type ContactPage, type ContactListItem } from "./find";
export { FindContactsInput } from "./find-input";
export { validateCustomValues } from "./custom";
export type { Sharing, ContactAccess } from "./access";
export { useCompanyResolver, type CompanySummary } from "./company";
export { requireRight } from "../users/roles";
