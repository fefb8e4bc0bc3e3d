/**
 * Creating a contact: by a person (`create`, and `createChecked` with the duplicate check
 * inside, validated and authorized once) and by intake (`createFromSource`). One
 * TransactWriteItems writes the claims, the contact, its lookup, audience and index rows, tag
 * counts and the `created` activity. `buildNewContact` is shared with the import's batch path.
 */
import * as v from "valibot";
import { ulid } from "ulid";
import { useActor, useUser } from "../actor";
import { ConflictError, ValidationError } from "../errors";
import { useStorage } from "../storage";
import { tagCountChanges } from "../tags/tags";
import { newActivity } from "../timeline/activity";
import { requireRight } from "../users/roles";
import { fn, parse } from "../validation";
import { resolveCompany } from "./company";
import { rowChanges, type RowChanges } from "./index-rows";
import { tagDeltaCount } from "../listing";
import { validateCustomValues, type CustomValue } from "./custom";
import type { LiveDefinitions } from "../custom-fields";
import { claimBackoff, claimChanges, claimKeysOf, ClaimLostError, claimWrites, CLAIM_ATTEMPTS, type ClaimSnapshot } from "./claims";
import { CreateContactInput, CreateFromSourceInput, identifyMessage } from "./input";
import { resolveName, sourceName, type NameLanguage } from "./naming";
import { cached as cachedSettings } from "../settings/settings";
import { arrangeEmails, arrangePhones, defaults, defined, emailKey, shapeWith, type Contact } from "./model";
import { audiences, claimedWrite, indexWrites, lookupRows, parseId, requireTransactionFits, requireUsers } from "./rows";
import { CreateOptionsInput, queryOfInput, refuseDuplicates } from "./duplicate-check";
import { findClaimedMatches } from "./matching";
import { queuePairs } from "./pair-queue";

type CreateFields = v.InferOutput<typeof CreateContactInput>;

/** How `insert` is asked to create a contact (also what the import's batch path builds from). */
export interface InsertOptions {
  ownerIds: string[];
  teamIds: string[];
  source: Contact["source"];
  sourceName?: string;
  activitySource: Record<string, unknown>;
  requireCustom: boolean;
  contactId?: string;
}
export type InsertFields = Omit<CreateFields, "source">;

/**
 * The contact `insert` writes, not yet written: reads only the company (if linked) and the
 * cached custom-field definitions (`companyOf`: how the company is read; the batch path reads
 * each company once per batch). Shared with the import's batch path (batch-create.ts), so
 * both write exactly the same contact.
 */
export async function buildNewContact(fields: InsertFields, options: InsertOptions, now: Date, companyOf: typeof resolveCompany = resolveCompany): Promise<{ contact: Contact; definitions: LiveDefinitions }> {
  const { phones: phoneInput, emails: emailInput, companyId, custom, displayName: typedName, sharing, ...rest } = fields;
  // Definitions (cached) and the company, in parallel: a warm create is one TransactWriteItems.
  const [company, customValues] = await Promise.all([
    companyId ? companyOf(companyId) : undefined,
    validateCustomValues(custom as Record<string, CustomValue | null> | undefined, { partial: !options.requireCustom }),
  ]);
  const contact: Contact = {
    ...defined(rest),
    contactId: options.contactId ?? ulid(),
    displayName: "",
    nameSource: typedName ? "manual" : options.sourceName ? "source" : "rules",
    phones: arrangePhones(phoneInput ?? []),
    emails: arrangeEmails(emailInput ?? []),
    ownerIds: [...new Set(options.ownerIds)],
    ownerId: options.ownerIds[0]!,
    ...(options.teamIds.length > 0 ? { teamIds: options.teamIds } : {}),
    sharing: sharing ?? "private",
    source: options.source,
    doNotCall: rest.doNotCall ?? defaults.doNotCall,
    doNotEmail: rest.doNotEmail ?? defaults.doNotEmail,
    preferredContactMethod: rest.preferredContactMethod ?? defaults.preferredContactMethod,
    active: rest.active ?? defaults.active,
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  if (company) Object.assign(contact, { companyId, company });
  if (Object.keys(customValues.stored).length > 0) contact.custom = customValues.stored;
  contact.displayName = typedName ?? options.sourceName ?? "";
  Object.assign(contact, resolveName(contact));
  return { contact, definitions: customValues.definitions };
}

/** The index rows a new contact gets; refuses (422) a contact whose create would not fit one transaction. */
export function newContactRowChanges(contact: Contact): RowChanges {
  const indexChanges = rowChanges(undefined, contact);
  requireTransactionFits(2 + lookupRows(contact).length + claimKeysOf(contact).length + audiences(contact).length + tagDeltaCount([], contact.tags), indexChanges, contact);
  return indexChanges;
}

/**
 * Writes a new contact with its claims. `check`: the claims the caller's duplicate check read
 * and decided on; a claim changed since is a ClaimLostError, and the caller checks again.
 * Without it (no duplicate policy: the value may be shared) the claims are bumped without a
 * condition (claimWrites): no read, and a concurrent write that did check fails and re-checks.
 */
async function insert(fields: InsertFields, options: InsertOptions, check?: { claims: ClaimSnapshot }): Promise<Contact> {
  const actor = useActor();
  const now = new Date();
  const { contact, definitions } = await buildNewContact(fields, options, now);
  const activity = newActivity(contact.contactId, actor, "created", { source: options.activitySource, text: contact.displayName }, now);
  const { service } = useStorage();
  const indexChanges = newContactRowChanges(contact);
  const claims = claimChanges([{ contactId: contact.contactId, after: claimKeysOf(contact) }]);
  // Claims, contact, lookup, audience and index rows, tag counts and the `created` activity
  // land together or not at all: one TransactWriteItems.
  await claimedWrite(claims, () =>
    service.transaction
      .write((tx) => [
        ...(claimWrites(tx, claims, check?.claims) as never[]),
        tx.contact.create(contact).commit(),
        ...lookupRows(contact).map((row) => tx.contactLookup.put(row).commit()),
        ...audiences(contact).map((row) => tx.contactAudience.put(row).commit()),
        ...(indexWrites(tx, indexChanges) as never[]),
        ...tagCountChanges(tx, "contact", [], contact.tags ?? []),
        tx.activity.create(activity).commit(),
      ])
      .go(),
  );
  return shapeWith(definitions, contact);
}

/** The creator's own contact: they become its responsible manager. The caller has authorized them. */
async function insertAsCreator(actor: ReturnType<typeof useUser>, input: CreateFields, check?: { claims: ClaimSnapshot }): Promise<Contact> {
  const { source, ...fields } = input;
  const contactSource = source ?? { kind: "manual" as const };
  // The creator's team comes from the token (no extra read; see docs/access-patterns.md).
  return insert(fields, { ownerIds: [actor.userId], teamIds: actor.teamId ? [actor.teamId] : [], source: contactSource, activitySource: { ...contactSource }, requireCustom: true }, check);
}

/** A person creates a contact without a duplicate check (the value may be shared; claims bumped unconditionally). */
export const create = fn(CreateContactInput, async (input): Promise<Contact> => {
  const actor = useUser();
  requireRight(actor, "contacts:create");
  return insertAsCreator(actor, input);
});

/**
 * Manual create and `POST /v1/contacts`: the duplicate check, then the create. Matches answer
 * 409 (problem type `DUPLICATE_PROBLEM_TYPE`, members `candidates` and `hidden`) unless
 * `duplicates: "allow"`; then the contact is created and each match is queued for the admins.
 */
export async function createChecked(input: v.InferInput<typeof CreateContactInput>, options: v.InferInput<typeof CreateOptionsInput> = {}): Promise<Contact> {
  const actor = useUser();
  requireRight(actor, "contacts:create");
  const fields = parse(CreateContactInput, input);
  const { duplicates } = parse(CreateOptionsInput, options);
  // The check and the create decide on the same claims: a create that got there first makes this
  // one's transaction fail, and it checks again (claims.ts). With "allow" that only takes turns.
  for (let attempt = 1; ; attempt++) {
    const { matches, claims } = await findClaimedMatches(queryOfInput(fields));
    await refuseDuplicates(matches, duplicates);
    try {
      const contact = await insertAsCreator(actor, fields, { claims });
      if (matches.length > 0) await queuePairs(contact.contactId, matches);
      return contact;
    } catch (error) {
      if (!(error instanceof ClaimLostError)) throw error;
      if (attempt >= CLAIM_ATTEMPTS) throw new ConflictError("Too many simultaneous creates with the same phone, email or handle: try again.");
      await claimBackoff(attempt);
    }
  }
}

/**
 * Automatic creation (inbound call, chat, messenger, web form, import). The contact carries a
 * source name ("New contact by call from +79161234567") until a person's name is known. Runs as
 * the system or a user; the responsible managers come from the intake's routing.
 */
export async function createFromSource(input: CreateFromSourceInput, options: { contactId?: string; claims?: ClaimSnapshot } = {}): Promise<Contact> {
  requireRight(useActor(), "contacts:create");
  // Parsed here rather than with `fn` so that bad input is a rejected promise, as callers expect.
  const parsed = parse(CreateFromSourceInput, input);
  // Intake's owners come from standing settings (a route, form, chat source, the import's
  // owner): those stay valid after a deactivation, so a lead is never lost (admins see it).
  const teamIds = await requireUsers(parsed.ownerIds, "ownerIds", parsed.ownerIds);
  // Automatic names are stored in the organization's default language (issue 19).
  const { defaultLanguage } = await cachedSettings();
  const { fields, options: insertOptions } = fromSource(parsed, teamIds, options.contactId, defaultLanguage);
  // Intake that matched on `options.claims` (intake/matching.ts) learns of a lost race and matches again.
  return insert(fields, insertOptions, options.claims ? { claims: options.claims } : undefined);
}

/** The teams of intake's responsible managers, who must exist (one BatchGetItem); a 400 names an unknown one. */
export const ownerTeams = (ownerIds: string[]) => requireUsers(ownerIds, "ownerIds", ownerIds);

/**
 * Parsed intake input as `insert` takes it (no I/O). `teamIds` are the responsible managers'
 * teams (`ownerTeams`). Throws a ValidationError for input that identifies nobody.
 */
export function fromSource(parsed: v.InferOutput<typeof CreateFromSourceInput>, teamIds: string[], contactId?: string, language: NameLanguage = "en"): { fields: InsertFields; options: InsertOptions } {
  const { source, ownerIds, ...fields } = parsed;
  const phones = fields.phones ?? [];
  const emails = fields.emails ?? [];
  // What the source knows becomes a phone or email of the contact, so it can be found by it.
  if ((source.kind === "call" || (source.kind === "form" && source.phone)) && !phones.some((phone) => phone.number === source.phone)) {
    phones.push({ number: source.phone!, type: "mobile" });
  }
  if (source.kind === "form" && source.email && !emails.some((email) => emailKey(typeof email === "string" ? email : email.address) === emailKey(source.email!))) {
    emails.push(source.email);
  }
  // A chat visitor, or an imported person known only by a Telegram handle, is reachable all the same.
  const reachableByHandle = source.kind === "chat" || source.kind === "telegram" || source.kind === "vk" || (source.kind === "import" && Boolean(fields.messengers?.telegram));
  if (!fields.firstName && !fields.lastName && phones.length === 0 && emails.length === 0 && !reachableByHandle) {
    throw new ValidationError([{ field: "body", message: identifyMessage }]);
  }
  const label = "name" in source ? source.name : "formName" in source ? source.formName : "fileName" in source ? source.fileName : undefined;
  const ref = "handle" in source ? source.handle : source.kind === "call" ? source.phone : undefined;
  return {
    fields: { ...fields, phones, emails } as InsertFields,
    options: {
      ownerIds,
      source: { kind: source.kind, ...defined({ label, ref }) },
      teamIds,
      sourceName: sourceName(source, language),
      activitySource: { ...source },
      // Intake cannot know required custom values; a person fills them in on the card.
      requireCustom: false,
      // A caller-chosen ID makes a retried intake idempotent (imports: one ID per file row);
      // a second create with it fails its condition instead of writing a twin.
      ...(contactId ? { contactId: parseId(contactId) } : {}),
    },
  };
}
