/**
 * Changing a contact: a person's versioned update and the system's changes on top of a
 * person's (do-not-call, company summary, responsible managers' teams, photo), each one
 * TransactWriteItems with its lookup, audience and index rows and one `updated` activity.
 */
import * as v from "valibot";
import { useActor, withActor } from "../actor";
import { ForbiddenError, ValidationError, VersionConflictError } from "../errors";
import { useStorage } from "../storage";
import { tagCountChanges } from "../tags/tags";
import { newActivity, diff, type FieldChange } from "../timeline/activity";
import type { SystemNote } from "../timeline/note-schema";
import { Users } from "../users";
import { parse } from "../validation";
import { resolveCompany, type CompanySummary } from "./company";
import { rowChanges } from "./index-rows";
import { tagDeltaCount } from "../listing";
import { contactDefinitions, presentCustomValues, validateCustomValues, type CustomValue } from "./custom";
import type { StoredCustomValues } from "../custom-fields";
import { UlidField } from "./fields";
import { claimChanges, claimKeysOf, claimWrites } from "./claims";
import { identifyMessage, UpdateContactInput } from "./input";
import { resolveName } from "./naming";
import { arrangeEmails, arrangePhones, defaults, defined, identifies, present, shapedOne, trackedFields, type Contact, type StoredContact } from "./model";
import { audiences, claimedTransaction, indexWrites, loadChecked, loadRaw, loadVisible, lookupRows, parseId, queueHolders, requireTransactionFits, requireUsers, teamsOf, unchangedComposites, type LookupRow } from "./rows";

/**
 * Writes `next` over `current` if nobody changed it meanwhile, with its lookup rows and one
 * `updated` activity in the same TransactWriteItems. Returns `current` untouched when nothing
 * differs (no write, no activity).
 */
export async function commitChange(current: StoredContact, next: Contact, options: { text?: string; note?: SystemNote } = {}): Promise<Contact> {
  const actor = useActor();
  Object.assign(next, resolveName(next));
  const changes = diff<Contact>(present(current), next, trackedFields);
  const sameTeams = (current.teamIds ?? []).join(",") === (next.teamIds ?? []).join(",");
  if (changes.length === 0 && sameTeams) return shapedOne(present(current));
  const now = new Date();
  next.version = current.version + 1;
  next.updatedAt = now.toISOString();
  next.ownerId = next.ownerIds[0]!;
  if (next.teamIds?.length === 0) delete next.teamIds;

  // `sharing` always goes along so ElectroDB re-evaluates the sparse byShare condition.
  const set: Record<string, unknown> = { version: next.version, updatedAt: next.updatedAt, nameSource: next.nameSource, ownerId: next.ownerId, sharing: next.sharing };
  const remove: string[] = [];
  for (const { field } of changes) {
    const value = next[field as keyof Contact];
    if (value === undefined) remove.push(field);
    else set[field] = value;
  }
  if (!sameTeams) {
    if (next.teamIds) set.teamIds = next.teamIds;
    else remove.push("teamIds");
  }
  const [currentRows, nextRows] = [lookupRows(current), lookupRows(next)];
  const rowKey = (row: LookupRow) => `${row.kind}:${row.value}`;
  const ownerMoved = current.ownerId !== next.ownerId;
  // A name row is rewritten when the whole name it carries changed (same token, new surname).
  const added = nextRows.filter((row) => ownerMoved || !currentRows.some((old) => rowKey(old) === rowKey(row) && old.name === row.name));
  const dropped = currentRows.filter((row) => !nextRows.some((now) => rowKey(now) === rowKey(row)));
  const [audienceWas, audienceNow] = [audiences(present(current)), audiences(next)].map((rows) => new Set(rows.map((row) => row.audience)));
  const joined = [...audienceNow!].filter((audience) => !audienceWas!.has(audience));
  const left = [...audienceWas!].filter((audience) => !audienceNow!.has(audience));
  const activity = changes.length > 0 ? newActivity(next.contactId, actor, "updated", defined({ changes: await readableChanges(changes), text: options.text, note: options.note }), now) : undefined;
  const expected = current.version;
  const indexChanges = rowChanges(present(current), next);
  const claimCount = claimChanges([{ contactId: next.contactId, before: claimKeysOf(current), after: claimKeysOf(next) }]).length;
  requireTransactionFits(
    1 + added.length + dropped.length + claimCount + joined.length + left.length + tagDeltaCount(current.tags, next.tags) + (activity ? 1 : 0),
    indexChanges,
    next,
  );

  const { service } = useStorage();
  // A value the contact gains is claimed on the version read now; others who hold it are queued as pairs.
  const claims = claimChanges([{ contactId: next.contactId, before: claimKeysOf(current), after: claimKeysOf(next) }]);
  const snapshot = await claimedTransaction(claims, (snapshot) =>
    service.transaction
      .write((tx) => [
        ...(claimWrites(tx, claims, snapshot) as never[]),
        tx.contact
          .patch({ contactId: next.contactId })
          .set(set as never)
          .remove(remove as never)
          .composite(unchangedComposites(current, set, remove) as never)
          .where(({ version, deletedAt }, { eq, notExists }) => `${eq(version, expected)} AND ${notExists(deletedAt)}`)
          .commit(),
        ...added.map((row) => tx.contactLookup.put(row).commit()),
        ...dropped.map((row) => tx.contactLookup.delete(row).commit()),
        ...joined.map((audience) => tx.contactAudience.put({ audience, contactId: next.contactId }).commit()),
        ...left.map((audience) => tx.contactAudience.delete({ audience, contactId: next.contactId }).commit()),
        ...(indexWrites(tx, indexChanges) as never[]),
        ...tagCountChanges(tx, "contact", current.tags ?? [], next.tags ?? []),
        ...(activity ? [tx.activity.create(activity).commit()] : []),
      ])
      .go(),
  );
  await queueHolders(next.contactId, snapshot, claims);
  return shapedOne(present(next));
}

/** Custom values in an activity by key, as people read them (stored by field ID). */
async function readableChanges(changes: FieldChange[]): Promise<FieldChange[]> {
  if (!changes.some((change) => change.field === "custom")) return changes;
  const definitions = await contactDefinitions();
  const byKey = (value: unknown) => (value && typeof value === "object" ? presentCustomValues(definitions, value as StoredCustomValues) : value);
  return changes.map((change) => (change.field === "custom" ? { ...change, before: byKey(change.before), after: byKey(change.after) } : change));
}

export async function update(contactId: string, expectedVersion: number, input: UpdateContactInput): Promise<Contact> {
  const id = parseId(contactId);
  const changes = parse(UpdateContactInput, input);
  const { item: current, access } = await loadChecked(id, "write");
  if ((changes.ownerIds !== undefined || changes.sharing !== undefined) && !access.manage) {
    throw new ForbiddenError("Only the contact's responsible managers, their team's managers and admins may change who is responsible for it or how it is shared.");
  }
  if (current.version !== expectedVersion) throw new VersionConflictError(current.version);

  const next: Contact = structuredClone(present(current));
  const { phones, emails, custom, companyId, ownerIds, displayName: typedName, sharing, ...simple } = changes;
  if (sharing !== undefined) next.sharing = sharing ?? "private";
  for (const [field, value] of Object.entries(simple)) {
    if (value === undefined) continue;
    const target = next as unknown as Record<string, unknown>;
    if (value === null) {
      if (field in defaults) target[field] = defaults[field as keyof typeof defaults];
      else delete target[field];
    } else target[field] = value;
  }
  if (phones) next.phones = arrangePhones(phones, current.phones);
  if (emails) next.emails = arrangeEmails(emails, current.emails);
  // Values are checked against the definitions when sent; a record with values also drops
  // those of removed definitions. `custom: null` clears every value (required ones refuse).
  if (custom !== undefined || (current.custom && Object.keys(current.custom).length > 0)) {
    const { stored } = await validateCustomValues(
      custom === null ? {} : (custom as Record<string, CustomValue | null> | undefined),
      custom === null ? { partial: false } : { partial: true, current: current.custom as StoredCustomValues | undefined },
    );
    if (Object.keys(stored).length > 0) next.custom = stored;
    else delete next.custom;
  }
  if (companyId === null) {
    delete next.companyId;
    delete next.company;
  } else if (companyId && companyId !== current.companyId) {
    next.company = await resolveCompany(companyId);
    next.companyId = companyId;
  }
  if (ownerIds) {
    const unique = [...new Set(ownerIds)];
    next.teamIds = await requireUsers(unique, "ownerIds", current.ownerIds);
    next.ownerIds = unique;
  }
  if (typedName === null) next.nameSource = "rules";
  else if (typedName) Object.assign(next, { displayName: typedName, nameSource: "manual" });
  if (!identifies(next)) throw new ValidationError([{ field: "body", message: identifyMessage }]);
  return commitChange(current, next);
}

/**
 * A change made by the system, not a person: re-read and retry on a concurrent edit (a person's
 * edit wins the race and the system applies its change on top).
 */
export async function systemChange(contactId: string, change: (contact: Contact) => void, options: { text?: string; note?: SystemNote } = {}): Promise<Contact | undefined> {
  for (let attempt = 0; ; attempt++) {
    const current = await loadRaw(contactId);
    if (!current || current.deletedAt) return undefined;
    const next = structuredClone(present(current));
    change(next);
    try {
      return await commitChange(current, next, options);
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= 4) throw error;
    }
  }
}

/** Marks "do not call" (for example on the person's request during a call), with an activity. */
export async function setDoNotCall(contactId: string, reason?: string, note?: SystemNote): Promise<Contact | undefined> {
  const id = parseId(contactId);
  return withActor({ type: "system", reason: "call-list engine" }, () =>
    systemChange(id, (contact) => {
      contact.doNotCall = true;
    }, defined({ text: reason, note }) as { text?: string; note?: SystemNote }),
  );
}

/**
 * The company changed (or was deleted: `summary` null): every linked contact gets the new
 * summary (and name, if it is derived from the company). Pages byCompany; one write per contact.
 */
export async function refreshCompanySummary(companyId: string, summary: Omit<CompanySummary, "companyId"> | null): Promise<{ updated: number }> {
  if (!v.is(UlidField, companyId)) throw new ValidationError([{ field: "companyId", message: "Not a valid company ID." }]);
  const { service } = useStorage();
  let updated = 0;
  let cursor: string | null = null;
  await withActor({ type: "system", reason: "company" }, async () => {
    do {
      const page: { data: unknown[]; cursor: string | null } = await service.entities.contact.query.byCompany({ companyId }).go({ limit: 50, cursor });
      for (const item of page.data as StoredContact[]) {
        const result = await systemChange(item.contactId, (contact) => {
          if (contact.companyId !== companyId) return;
          if (summary === null) {
            delete contact.companyId;
            delete contact.company;
          } else contact.company = { companyId, name: summary.name, ...defined({ shortName: summary.shortName }) };
        });
        if (result) updated++;
      }
      cursor = page.cursor;
    } while (cursor);
  });
  return { updated };
}

/** Photo metadata on the contact (the bytes live in the files port). */
export async function setPhotoMeta(contactId: string, photo: Contact["photo"] | null): Promise<Contact> {
  const current = await loadVisible(contactId, "write");
  const next = structuredClone(present(current));
  if (photo) next.photo = photo;
  else delete next.photo;
  return commitChange(current, next);
}

/**
 * A user moved to another team (or none): every contact they are responsible for gets its
 * `teamIds` (and team audience rows) recomputed from its responsible managers' current teams.
 * Pages the user's `owner:` audience rows; one BatchGetItem of users and one transaction per
 * contact whose teams change.
 */
export async function refreshOwnerTeams(userId: string): Promise<{ updated: number }> {
  const { service } = useStorage();
  let updated = 0;
  let cursor: string | null = null;
  await withActor({ type: "system", reason: "team" }, async () => {
    do {
      const page: { data: { contactId: string }[]; cursor: string | null } = await service.entities.contactAudience.query.primary({ audience: `owner:${userId}` }).go({ limit: 50, cursor });
      for (const { contactId } of page.data) {
        const current = await loadRaw(contactId);
        if (!current || current.deletedAt) continue;
        const teamIds = teamsOf(await Users.getMany(current.ownerIds));
        const result = await systemChange(contactId, (contact) => {
          contact.teamIds = teamIds;
        });
        if (result) updated++;
      }
      cursor = page.cursor;
    } while (cursor);
  });
  return { updated };
}
