import * as v from "valibot";
import { UlidField } from "../contacts/fields";
import type { CallListCounter, CallListStatus } from "./call-list.entity";
import { dispositions, type Disposition, type EntryStatus, type SkipReason, type SubjectKind } from "./call-entry.entity";
import { CallListSettings, ScriptSetting } from "./settings";

/** The call list's shapes and what a request may send. */

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

/** A number for the organization-wide do-not-call list (blocked-numbers.ts). */
export const BlockNumberInput = v.strictObject(
  {
    phone: v.pipe(v.string("Must be a phone number."), v.maxLength(40, "At most 40 characters.")),
    reason: v.optional(v.pipe(v.string("Must be text."), v.trim(), v.maxLength(300, "At most 300 characters."))),
  },
  "Unknown field: use phone and reason.",
);

/** The operator's verdict on an answered call (engine/wrap-up.ts). */
export const DispositionInput = v.pipe(
  v.strictObject(
    {
      disposition: v.picklist(dispositions.filter((item) => item !== "no-disposition"), `Must be one of: ${dispositions.filter((item) => item !== "no-disposition").join(", ")}.`),
      callbackAt: v.optional(v.pipe(v.string("Must be a date and time."), v.isoTimestamp("Must be an ISO date and time, e.g. 2026-05-01T10:00:00Z."))),
      note: v.optional(v.pipe(v.string("Must be text."), v.trim(), v.maxLength(2000, "At most 2000 characters."))),
    },
    "Unknown field: use disposition, callbackAt and note.",
  ),
  v.forward(
    v.check((input) => (input.disposition === "call-back") === Boolean(input.callbackAt), "Give callbackAt with (and only with) the call-back disposition."),
    ["callbackAt"],
  ),
);
export type DispositionInput = v.InferInput<typeof DispositionInput>;
