import * as v from "valibot";
import { ulid } from "ulid";
import { useActor, useUser, type Actor } from "../actor";
import { Contacts } from "../contacts";
import { UlidField } from "../contacts/fields";
import { normalizePhone } from "../contacts/phone";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { committed, isConditionFailure, retryTransactionConflicts } from "../storage/transaction";
import { Users } from "../users";
import { requireRight, roleHas } from "../users/roles";
import { parse } from "../validation";
import { Presence } from "../presence";
import type { CallListCounter, CallListStatus } from "./call-list.entity";
import type { Disposition, EntryStatus, SkipReason, SubjectKind } from "./call-entry.entity";
import { timeZonesFor } from "./call-window";
import { loadDialableCompanies, loadDialableContacts, maySee, type DialableCompany, type DialableContact } from "./contact-bridge";
import { useCallListPorts } from "./ports";
import { CallListSettings, ScriptSetting } from "./settings";

export const pageSizes = [10, 20, 50] as const;
export const MAX_ENTRIES_PER_REQUEST = 1000;

export interface CallList {
  listId: string;
  name: string;
  operatorIds: string[];
  createdBy: string;
  settings: CallListSettings;
  status: CallListStatus;
  /** Set when the engine paused the list itself: every operator was deactivated. */
  pausedReason?: "no-active-operator";
  runId?: string;
  currentEntryId?: string;
  assignments: number;
  /** Set while an entry is due but none of the list's operators is ready. */
  waitingForOperatorSince?: string;
  runLoops?: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type StoredCallList = CallList & Record<CallListCounter, number>;

export interface CallEntry {
  listId: string;
  entryId: string;
  /** Absent on rows from before company entries: those are contacts. */
  subjectKind?: SubjectKind;
  /** Contact entries only (= entryId). */
  contactId?: string;
  /** The name shown: the contact's or the company's. */
  contactName: string;
  phone?: string;
  timeZones: string[];
  status: EntryStatus;
  dueAt: string;
  attempts: number;
  lastOutcome?: string;
  skipReason?: SkipReason;
  operatorId: string;
  disposition?: Disposition;
  callbackAt?: string;
  preferredOperatorId?: string;
  wrapUpToken?: string;
  answeredAt?: string;
  createdAt: string;
  updatedAt: string;
}

export interface CallListStats {
  total: number;
  done: number;
  pending: number;
  inProgress: number;
  /** Attempts a person answered (a machine is counted apart, in byOutcome.machine). */
  answered: number;
  /** answered ÷ attempts, in percent (one decimal): how often a dial reached a person. */
  answeredPercentOfAttempts: number;
  /** Entries reached (wrapped up or in wrap-up) ÷ entries with a result (reached or unreached), in percent. */
  reachedPercentOfFinishedEntries: number;
  /**
   * @deprecated Same value as reachedPercentOfFinishedEntries (it divides entries, not attempts,
   * though it was shown beside the attempts count); kept for older clients.
   */
  answeredPercent: number;
  attempts: number;
  byStatus: Record<EntryStatus, number>;
  byOutcome: { answered: number; noAnswer: number; busy: number; failed: number; machine: number };
  /** Answered calls no operator was connected to within 2 s (each entry is retried later). */
  abandoned: number;
  perOperator: { operatorId: string; answered: number; wrappedUp: number }[];
}

const EntryInput = v.strictObject(
  {
    contactId: UlidField,
    /** A number of the contact's to dial instead of its primary one. */
    phone: v.optional(v.pipe(v.string("Must be a phone number."), v.maxLength(40, "At most 40 characters."))),
  },
  "Unknown field: use contactId and phone.",
);

const EntriesField = v.pipe(
  v.array(EntryInput, "Must be a list of entries."),
  v.minLength(1, "Add at least one contact."),
  v.maxLength(MAX_ENTRIES_PER_REQUEST, `At most ${MAX_ENTRIES_PER_REQUEST} contacts per request; add more in further requests.`),
);

/** Companies whose contacts (those the user may see) join the list, each with its primary phone. */
const CompaniesField = v.pipe(
  v.array(UlidField, "Must be a list of company IDs."),
  v.minLength(1, "Add at least one company."),
  v.maxLength(50, "At most 50 companies per request."),
);

/**
 * Companies chosen for the list, each either by its contacts (as `companyIds` does) or by its own
 * phone (one entry for the company: its primary phone, or `phone` if given, one of its numbers).
 */
const CompanyChoiceInput = v.pipe(
  v.strictObject(
    {
      companyId: UlidField,
      dial: v.picklist(["contacts", "companyPhone"] as const, "One of: contacts, companyPhone."),
      phone: v.optional(v.pipe(v.string("Must be a phone number."), v.maxLength(40, "At most 40 characters."))),
    },
    "Unknown field: use companyId, dial and phone.",
  ),
  v.forward(
    v.check((choice) => choice.phone === undefined || choice.dial === "companyPhone", "A number can only be chosen with dial: companyPhone."),
    ["phone"],
  ),
);

const CompanyChoicesField = v.pipe(
  v.array(CompanyChoiceInput, "Must be a list of companies."),
  v.minLength(1, "Add at least one company."),
  v.maxLength(50, "At most 50 companies per request."),
);

const OperatorIdsField = v.pipe(
  v.array(UlidField, "Must be a list of user IDs."),
  v.minLength(1, "Assign at least one operator."),
  v.maxLength(50, "At most 50 operators."),
);

export const CreateCallListInput = v.strictObject(
  {
    name: v.pipe(v.string("Must be text."), v.trim(), v.minLength(1, "Give the list a name."), v.maxLength(120, "At most 120 characters.")),
    operatorIds: OperatorIdsField,
    settings: v.optional(CallListSettings, {}),
    entries: v.optional(EntriesField),
    companyIds: v.optional(CompaniesField),
    companies: v.optional(CompanyChoicesField),
  },
  "Unknown field.",
);
export type CreateCallListInput = v.InferInput<typeof CreateCallListInput>;

export const AddEntriesInput = v.pipe(
  v.strictObject(
    { entries: v.optional(EntriesField), companyIds: v.optional(CompaniesField), companies: v.optional(CompanyChoicesField) },
    "Unknown field: send entries, companyIds or companies.",
  ),
  v.check((input) => Boolean(input.entries || input.companyIds || input.companies), "Send entries, companyIds or companies."),
);
export type AddEntriesInput = v.InferInput<typeof AddEntriesInput>;

export const SetOperatorsInput = v.strictObject({ operatorIds: OperatorIdsField }, "Unknown field: send operatorIds.");
export type SetOperatorsInput = v.InferInput<typeof SetOperatorsInput>;

export const ListPageInput = v.strictObject({
  limit: v.optional(v.picklist(pageSizes, "Page size must be 10, 20 or 50."), 20),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
});

function parseListId(listId: unknown): string {
  if (!v.is(UlidField, listId)) throw new ValidationError([{ field: "listId", message: "Not a valid call list ID." }]);
  return listId;
}

/** Who may see a list: managers and admins all; others the lists they made or work. */
export function canSeeList(actor: Actor, list: Pick<CallList, "createdBy" | "operatorIds">): boolean {
  if (actor.type === "system") return true;
  if (roleHas(actor.role, "callLists:readAll")) return true;
  return list.createdBy === actor.userId || list.operatorIds.includes(actor.userId);
}

/** Who may change a list (start, pause, add entries…): its maker, managers and admins. */
function canManageList(actor: Actor, list: Pick<CallList, "createdBy">): boolean {
  if (actor.type === "system") return true;
  if (roleHas(actor.role, "callLists:readAll") && roleHas(actor.role, "callLists:manage")) return true;
  return roleHas(actor.role, "callLists:manage") && list.createdBy === actor.userId;
}

export async function loadList(listId: string): Promise<StoredCallList | undefined> {
  const { service } = useStorage();
  const result = await service.entities.callList.get({ listId }).go();
  return (result.data as StoredCallList | null) ?? undefined;
}

export async function loadVisibleList(listId: string): Promise<StoredCallList> {
  const list = await loadList(parseListId(listId));
  if (!list || !canSeeList(useActor(), list)) throw new NotFoundError("Call list");
  return list;
}

async function loadManagedList(listId: string): Promise<StoredCallList> {
  const list = await loadVisibleList(listId);
  if (!canManageList(useActor(), list)) throw new ForbiddenError("Only the list's creator, managers and admins may change it.");
  return list;
}

/** Operators must be existing, active users (one BatchGetItem). */
async function requireUsers(userIds: string[]): Promise<void> {
  await Users.requireAssignable(userIds, (index) => `operatorIds[${index}]`);
}

export function presentList(list: StoredCallList): CallList & { waiting?: { reason: "no-ready-operator"; message: string; since: string }; stats: Omit<CallListStats, "perOperator"> } {
  const { runId: _runId, runLoops: _loops, waitingForOperatorSince, ...rest } = list;
  const counters = Object.fromEntries(Object.entries(list).filter(([key]) => key in counterKeys)) as Record<CallListCounter, number>;
  const pick: Record<string, unknown> = { ...rest };
  for (const key of Object.keys(counterKeys)) delete pick[key];
  return {
    ...(pick as unknown as CallList),
    // A running list with due entries and nobody ready says so instead of dialing.
    ...(list.status === "running" && waitingForOperatorSince
      ? { waiting: { reason: "no-ready-operator" as const, message: "Waiting for an operator", since: waitingForOperatorSince } }
      : {}),
    stats: statsOf(counters),
  };
}

const counterKeys: Record<CallListCounter, true> = {
  total: true,
  pending: true,
  dialing: true,
  answered: true,
  wrappedUp: true,
  retryScheduled: true,
  unreached: true,
  skipped: true,
  attempts: true,
  outcomeAnswered: true,
  outcomeNoAnswer: true,
  outcomeBusy: true,
  outcomeFailed: true,
  outcomeMachine: true,
  abandoned: true,
};

/** part ÷ whole in percent with one decimal; 0 when there is no whole yet. */
export const percentOf = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

function statsOf(counters: Record<CallListCounter, number>): Omit<CallListStats, "perOperator"> {
  const done = counters.wrappedUp + counters.unreached + counters.skipped;
  const reachedOrNot = counters.wrappedUp + counters.answered + counters.unreached;
  const reachedPercentOfFinishedEntries = percentOf(counters.wrappedUp + counters.answered, reachedOrNot);
  return {
    total: counters.total,
    done,
    pending: counters.pending + counters.retryScheduled,
    inProgress: counters.dialing + counters.answered,
    answered: counters.outcomeAnswered,
    answeredPercentOfAttempts: percentOf(counters.outcomeAnswered, counters.attempts),
    reachedPercentOfFinishedEntries,
    answeredPercent: reachedPercentOfFinishedEntries,
    attempts: counters.attempts,
    byStatus: {
      pending: counters.pending,
      dialing: counters.dialing,
      answered: counters.answered,
      "wrapped-up": counters.wrappedUp,
      "retry-scheduled": counters.retryScheduled,
      unreached: counters.unreached,
      skipped: counters.skipped,
    },
    byOutcome: {
      answered: counters.outcomeAnswered,
      noAnswer: counters.outcomeNoAnswer,
      busy: counters.outcomeBusy,
      failed: counters.outcomeFailed,
      machine: counters.outcomeMachine,
    },
    abandoned: counters.abandoned ?? 0,
  };
}

export async function create(input: CreateCallListInput) {
  const actor = useUser();
  requireRight(actor, "callLists:manage");
  const parsed = parse(CreateCallListInput, input);
  await requireUsers(parsed.operatorIds);
  const operatorIds = [...new Set(parsed.operatorIds)];
  const timestamp = now().toISOString();
  const listId = ulid();
  const { service } = useStorage();
  committed(
    await service.transaction
      .write(({ callList, callListOperator }) => [
        callList
          .create({
            listId,
            name: parsed.name,
            operatorIds,
            createdBy: actor.userId,
            settings: parsed.settings,
            status: "draft",
            version: 1,
            createdAt: timestamp,
            updatedAt: timestamp,
          })
          .commit(),
        ...operatorIds.map((operatorId) => callListOperator.create({ listId, operatorId }).commit()),
      ])
      .go(),
  );
  const added = await insertEntries(listId, await requestedSubjects(parsed));
  return { list: await get(listId), ...added };
}

export async function get(listId: string) {
  const actor = useActor();
  requireRight(actor, "callLists:work");
  const list = await loadVisibleList(listId);
  const { service } = useStorage();
  const operators = await service.entities.callListOperator.query.primary({ listId: list.listId }).go({ pages: "all" });
  const presented = presentList(list);
  return {
    ...presented,
    stats: {
      ...presented.stats,
      perOperator: operators.data.map((row) => ({ operatorId: row.operatorId, answered: row.answered, wrappedUp: row.wrappedUp })),
    },
  };
}

export async function list(input: v.InferInput<typeof ListPageInput>) {
  const actor = useUser();
  requireRight(actor, "callLists:work");
  const { limit, cursor } = parse(ListPageInput, input);
  const { service } = useStorage();
  const context = `callLists:${actor.userId}`;
  const everyone = roleHas(actor.role, "callLists:readAll");
  // Lists are few (tens per organization); the filter narrows one small partition.
  const query = service.entities.callList.query.all({ scope: "callLists" });
  const page = everyone
    ? await query.go({ limit, cursor: decodeCursor(cursor, context) ?? null, order: "desc" })
    : await query
        .where(({ createdBy, operatorIds }, { eq, contains }) => `${eq(createdBy, actor.userId)} OR ${contains(operatorIds, actor.userId)}`)
        .go({ limit, cursor: decodeCursor(cursor, context) ?? null, order: "desc" });
  return { items: (page.data as StoredCallList[]).map(presentList), cursor: encodeCursor(page.cursor, context) };
}

export async function listEntries(listId: string, input: v.InferInput<typeof ListPageInput>) {
  const actor = useActor();
  requireRight(actor, "callLists:work");
  const list = await loadVisibleList(listId);
  const { limit, cursor } = parse(ListPageInput, input);
  const { service } = useStorage();
  const context = `callEntries:${list.listId}`;
  const page = await service.entities.callEntry.query
    .primary({ listId: list.listId })
    .go({ limit, cursor: decodeCursor(cursor, context) ?? null });
  return { items: (page.data as CallEntry[]).map(presentEntry), cursor: encodeCursor(page.cursor, context) };
}

export function presentEntry(entry: CallEntry) {
  const { wrapUpToken: _token, ...rest } = entry;
  return { ...rest, subjectKind: entry.subjectKind ?? ("contact" as const), operatorId: entry.operatorId === "none" ? undefined : entry.operatorId };
}

export async function getEntry(listId: string, entryId: string) {
  const actor = useActor();
  requireRight(actor, "callLists:work");
  const list = await loadVisibleList(listId);
  if (!v.is(UlidField, entryId)) throw new ValidationError([{ field: "entryId", message: "Not a valid entry ID." }]);
  const { service } = useStorage();
  const [entry, attempts] = await Promise.all([
    service.entities.callEntry.get({ listId: list.listId, entryId }).go(),
    service.entities.callAttempt.query.primary({ listId: list.listId, entryId }).go({ pages: "all" }),
  ]);
  if (!entry.data) throw new NotFoundError("Call list entry");
  return {
    ...presentEntry(entry.data as CallEntry),
    attempts: attempts.data.map(({ taskToken: _token, ...attempt }) => attempt),
  };
}

export async function addEntries(listId: string, input: AddEntriesInput) {
  const actor = useActor();
  requireRight(actor, "callLists:manage");
  const list = await loadManagedList(listId);
  if (list.status === "cancelled") throw new ConflictError("This call list was cancelled; make a new one.");
  const parsed = parse(AddEntriesInput, input);
  return insertEntries(list.listId, await requestedSubjects(parsed));
}

/** A contact or a company's own phone to put on the list, with an optional number chosen. */
type RequestedSubject = { kind: SubjectKind; id: string; phone?: string };

/**
 * What a request asks for, in its order: the contacts given, then each company's contacts
 * (`companyIds`, and `companies` with dial "contacts"), and the companies dialed on their own phone.
 */
async function requestedSubjects(input: {
  entries?: { contactId: string; phone?: string }[];
  companyIds?: string[];
  companies?: { companyId: string; dial: "contacts" | "companyPhone"; phone?: string }[];
}): Promise<RequestedSubject[]> {
  const choices = input.companies ?? [];
  const byContacts = [...(input.companyIds ?? []), ...choices.filter((choice) => choice.dial === "contacts").map((choice) => choice.companyId)];
  return [
    ...(input.entries ?? []).map((entry) => ({ kind: "contact" as const, id: entry.contactId, phone: entry.phone })),
    ...(await contactsOfCompanies([...new Set(byContacts)])).map((entry) => ({ kind: "contact" as const, id: entry.contactId })),
    ...choices.filter((choice) => choice.dial === "companyPhone").map((choice) => ({ kind: "company" as const, id: choice.companyId, phone: choice.phone })),
  ];
}

const MAX_COMPANY_CONTACTS = 5000;

/** Every contact of these companies the user may see (paged through byCompany), as entries. */
async function contactsOfCompanies(companyIds: string[]): Promise<{ contactId: string }[]> {
  const entries: { contactId: string }[] = [];
  for (const companyId of companyIds) {
    let cursor: string | undefined;
    do {
      const page = await Contacts.listByCompany(companyId, { limit: 50, cursor });
      entries.push(...page.items.map((contact) => ({ contactId: contact.contactId })));
      cursor = page.cursor ?? undefined;
      if (entries.length > MAX_COMPANY_CONTACTS) {
        throw new ValidationError([{ field: "companyIds", message: `These companies have more than ${MAX_COMPANY_CONTACTS} contacts; add them in smaller groups.` }]);
      }
    } while (cursor);
  }
  return entries;
}

type RejectReason = "not-found" | "duplicate" | "phone-not-on-contact" | "phone-not-on-company";
type RejectedEntry = { contactId: string; reason: RejectReason } | { companyId: string; reason: RejectReason };

const rejectedOf = (subject: RequestedSubject, reason: RejectReason): RejectedEntry =>
  subject.kind === "company" ? { companyId: subject.id, reason } : { contactId: subject.id, reason };

/**
 * One entry per contact or company (its entry ID is the subject's ID, so neither is ever queued
 * twice; ULIDs of contacts and companies never collide). Entries land in transactions of up to
 * 99 with the list's counters, so counts stay exact.
 */
async function insertEntries(listId: string, requested: RequestedSubject[]) {
  const actor = useActor();
  const firstIndex = (subject: RequestedSubject) => requested.findIndex((other) => other.id === subject.id);
  const unique = requested.filter((subject, index) => firstIndex(subject) === index);
  const [contacts, companies] = await Promise.all([
    loadDialableContacts(unique.filter((subject) => subject.kind === "contact").map((subject) => subject.id)),
    loadDialableCompanies(unique.filter((subject) => subject.kind === "company").map((subject) => subject.id)),
  ]);
  const { service } = useStorage();
  const rejected: RejectedEntry[] = requested
    .filter((subject, index) => firstIndex(subject) !== index)
    .map((subject) => rejectedOf(subject, "duplicate"));

  // Already on the list? (BatchGet by key: one request per 100.)
  const existing = new Set<string>();
  for (let index = 0; index < unique.length; index += 100) {
    const keys = unique.slice(index, index + 100).map((subject) => ({ listId, entryId: subject.id }));
    const found = await service.entities.callEntry.get(keys).go({ preserveBatchOrder: false });
    for (const item of found.data) if (item) existing.add(item.entryId);
  }

  const base = now().getTime();
  const rows: CallEntry[] = [];
  for (const [position, subject] of unique.entries()) {
    const dialable: DialableContact | DialableCompany | undefined = subject.kind === "company" ? companies.get(subject.id) : contacts.get(subject.id);
    // Not there, in the trash, or not visible to this user: all the same "not found".
    if (!dialable || dialable.deleted || !maySee(actor, dialable)) {
      rejected.push(rejectedOf(subject, "not-found"));
      continue;
    }
    if (existing.has(subject.id)) {
      rejected.push(rejectedOf(subject, "duplicate"));
      continue;
    }
    let phone = dialable.phones[0];
    if (subject.phone !== undefined) {
      const chosen = safeNormalize(subject.phone);
      if (!chosen || !dialable.phones.includes(chosen)) {
        rejected.push(rejectedOf(subject, subject.kind === "company" ? "phone-not-on-company" : "phone-not-on-contact"));
        continue;
      }
      phone = chosen;
    }
    const timestamp = new Date(base).toISOString();
    const isContact = "contactId" in dialable;
    rows.push({
      listId,
      entryId: subject.id,
      subjectKind: subject.kind,
      ...(isContact ? { contactId: dialable.contactId } : {}),
      contactName: dialable.displayName,
      phone,
      // A company has no time zone of its own: its number's zones decide the window.
      timeZones: await timeZonesFor(isContact ? dialable.timeZone : undefined, phone),
      status: phone ? "pending" : "skipped",
      skipReason: phone ? undefined : "no-phone",
      // Milliseconds apart, so the list is dialed in the order it was given.
      dueAt: new Date(base + position).toISOString(),
      attempts: 0,
      operatorId: "none",
      createdAt: timestamp,
      updatedAt: timestamp,
    });
  }

  for (let index = 0; index < rows.length; index += 99) {
    const chunk = rows.slice(index, index + 99);
    const pending = chunk.filter((row) => row.status === "pending").length;
    committed(
      await service.transaction
        .write(({ callEntry, callList }) => [
          ...chunk.map((row) => callEntry.create(row).commit()),
          callList
            .patch({ listId })
            .add({ total: chunk.length, pending, skipped: chunk.length - pending })
            .set({ updatedAt: now().toISOString() })
            .commit(),
        ])
        .go(),
    );
  }
  return { added: rows.length, rejected };
}

function safeNormalize(phone: string): string | undefined {
  const check = normalizePhone(phone);
  return check.ok ? check.e164 : undefined;
}

/** The list's operators with their live presence (managers, admins and the list's creator). */
export async function operatorsWithPresence(listId: string) {
  const actor = useActor();
  requireRight(actor, "callLists:work");
  const list = await loadVisibleList(listId);
  return Presence.ofList(list);
}

/** Starts (or resumes) dialing. A list already running keeps its one engine. */
export async function start(listId: string) {
  const actor = useActor();
  requireRight(actor, "callLists:manage");
  const list = await loadManagedList(listId);
  if (list.status === "cancelled") throw new ConflictError("This call list was cancelled; make a new one.");
  if (!(await hasActiveOperator(list))) {
    throw new ConflictError("Every operator of this list was deactivated: assign active operators (PUT /v1/call-lists/{listId}/operators), then start it.");
  }
  const { runner } = useCallListPorts();
  // Already running with a live engine: that one stays the only one.
  if (list.status === "running" && list.runId && (await runner.isRunning(list.runId))) return get(list.listId);
  // Otherwise (new, paused, done, or an engine that died): a new run ID, which retires any old run.
  const runId = ulid();
  const { service } = useStorage();
  try {
    await service.entities.callList
      .patch({ listId: list.listId })
      .set({ status: "running", runId, runLoops: 0, updatedAt: now().toISOString(), version: list.version + 1 })
      .remove(["pausedReason", "waitingForOperatorSince"])
      .where(({ version }, { eq }) => eq(version, list.version))
      .go();
  } catch (error) {
    if (isConditionFailure(error)) {
      // Someone started (or changed) it at the same moment: theirs is the one engine.
      return get(list.listId);
    }
    throw error;
  }
  await runner.startExecution({ listId: list.listId, runId, handled: 0 });
  return get(list.listId);
}

async function hasActiveOperator(list: StoredCallList): Promise<boolean> {
  const operators = await Users.getMany(list.operatorIds);
  return operators.some((user) => user.active);
}

/**
 * Replaces who takes this list's answered calls (a running list picks them up from its next
 * call). Everyone named must be an active user; removed operators keep their statistics row
 * but no longer see the list.
 */
export async function setOperators(listId: string, input: SetOperatorsInput) {
  const actor = useActor();
  requireRight(actor, "callLists:manage");
  const parsed = parse(SetOperatorsInput, input);
  const list = await loadManagedList(listId);
  if (list.status === "cancelled") throw new ConflictError("This call list was cancelled; make a new one.");
  await requireUsers(parsed.operatorIds);
  const operatorIds = [...new Set(parsed.operatorIds)];
  const { service } = useStorage();
  const existing = await service.entities.callListOperator.query.primary({ listId: list.listId }).go({ pages: "all" });
  const added = operatorIds.filter((operatorId) => !existing.data.some((row) => row.operatorId === operatorId));
  await retryTransactionConflicts(() =>
    service.transaction
      .write(({ callList, callListOperator }) => [
        callList
          .patch({ listId: list.listId })
          .set({ operatorIds, updatedAt: now().toISOString(), version: list.version + 1 })
          .where(({ version }, { eq }) => eq(version, list.version))
          .commit(),
        ...added.map((operatorId) => callListOperator.create({ listId: list.listId, operatorId }).commit()),
      ])
      .go()
      .then(committed),
  ).catch((error: Error) => {
    if (isConditionFailure(error)) throw new ConflictError("The list changed at the same moment; try again.");
    throw error;
  });
  return get(list.listId);
}

export const UpdateCallListInput = v.strictObject(
  {
    settings: v.strictObject(
      // null removes the script. The dialing rules stay as the list was made: the engine reads them mid-run.
      { script: v.nullable(ScriptSetting) },
      "Only settings.script can change after the list is made.",
    ),
  },
  "Unknown field: send settings.",
);
export type UpdateCallListInput = v.InferInput<typeof UpdateCallListInput>;

/** Changes the list's script (its maker, managers, admins); a running list's next pop shows it. */
export async function update(listId: string, input: UpdateCallListInput) {
  const actor = useActor();
  requireRight(actor, "callLists:manage");
  const { settings } = parse(UpdateCallListInput, input);
  const { service } = useStorage();
  // The engine moves the version as it dials: read again and reapply when it moved in between.
  for (let attempt = 1; ; attempt++) {
    const list = await loadManagedList(listId);
    const { script: _old, ...rest } = list.settings;
    const next = settings.script === null ? rest : { ...rest, script: settings.script };
    try {
      await service.entities.callList
        .patch({ listId: list.listId })
        .set({ settings: next, updatedAt: now().toISOString(), version: list.version + 1 })
        .where(({ version }, { eq }) => eq(version, list.version))
        .go();
      return get(list.listId);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (attempt >= 5) throw new ConflictError("The list changed at the same moment; try again.");
    }
  }
}

/** The current call finishes (and its wrap-up), then the engine stops. */
export async function pause(listId: string) {
  return changeStatus(listId, ["running"], "paused");
}

/**
 * Picks a paused (or finished, then extended) list up where it stopped. A draft was never
 * started: resuming it would start it behind the maker's back, so that takes `start`.
 */
export async function resume(listId: string) {
  const actor = useActor();
  requireRight(actor, "callLists:manage");
  const list = await loadManagedList(listId);
  if (list.status === "draft") throw new ConflictError("A draft list cannot be resumed: start it.");
  return start(listId);
}

export async function cancel(listId: string) {
  return changeStatus(listId, ["draft", "running", "paused", "done"], "cancelled");
}

/**
 * A running list's version moves with every claim of each of its lines, so a pause or cancel
 * that lost the race to the engine reads the list again and retries (the decision depends on
 * the status alone) instead of telling the user to try again.
 */
const STATUS_CHANGE_ATTEMPTS = 8;

async function changeStatus(listId: string, from: CallListStatus[], to: CallListStatus) {
  const actor = useActor();
  requireRight(actor, "callLists:manage");
  const { service } = useStorage();
  for (let attempt = 1; ; attempt++) {
    const list = await loadManagedList(listId);
    if (list.status === to) return get(list.listId);
    if (!from.includes(list.status)) throw new ConflictError(`A ${list.status} list cannot be ${to}.`);
    const changed = await service.entities.callList
      .patch({ listId: list.listId })
      .set({ status: to, updatedAt: now().toISOString(), version: list.version + 1 })
      .remove(["pausedReason"])
      .where(({ version }, { eq }) => eq(version, list.version))
      .go()
      .then(() => true)
      .catch((error: Error) => {
        if (isConditionFailure(error)) return false;
        throw error;
      });
    if (changed) return get(list.listId);
    if (attempt >= STATUS_CHANGE_ATTEMPTS) throw new ConflictError("The list changed at the same moment; try again.");
  }
}

/**
 * After a restart of the local host (or a lost execution): every running list gets its engine
 * back. The engine picks up from DynamoDB: a call in progress is reconciled, never redialed.
 */
export async function resumeRunning(): Promise<number> {
  const { service } = useStorage();
  const { runner } = useCallListPorts();
  const running = await service.entities.callList.query
    .all({ scope: "callLists" })
    .where(({ status }, { eq }) => eq(status, "running"))
    .go({ pages: "all" });
  for (const list of running.data) {
    if (list.runId && !(await runner.isRunning(list.runId))) await runner.startExecution({ listId: list.listId, runId: list.runId, handled: 0 });
  }
  return running.data.length;
}
