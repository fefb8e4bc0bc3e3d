import * as v from "valibot";
import { callListStatuses } from "@callboard/core/call-lists/call-list.entity";
import { dispositions, entryStatuses, skipReasons, subjectKinds } from "@callboard/core/call-lists/call-entry.entity";
import { presenceStates } from "@callboard/core/presence/presence.entity";
import { pageOf } from "./common";

/** What the call-list routes answer (the console's types come from here too). */
export const CallListView = v.pipe(
  v.object({
    listId: v.string(),
    name: v.string(),
    operatorIds: v.array(v.string()),
    createdBy: v.string(),
    settings: v.record(v.string(), v.unknown()),
    status: v.picklist(callListStatuses),
    pausedReason: v.optional(v.picklist(["no-active-operator"])),
    currentEntryId: v.optional(v.string()),
    /** A running list with entries due and no ready operator: it waits and says so. */
    waiting: v.optional(v.object({ reason: v.picklist(["no-ready-operator"]), message: v.string(), since: v.string() })),
    assignments: v.number(),
    version: v.number(),
    createdAt: v.string(),
    updatedAt: v.string(),
    stats: v.object({
      total: v.number(),
      done: v.number(),
      pending: v.number(),
      inProgress: v.number(),
      answered: v.pipe(v.number(), v.description("Attempts a person answered (a machine is counted in byOutcome.machine).")),
      answeredPercentOfAttempts: v.pipe(v.number(), v.description("answered ÷ attempts, in percent (one decimal).")),
      reachedPercentOfFinishedEntries: v.pipe(v.number(), v.description("Entries reached (wrapped up or in wrap-up) ÷ entries with a result (reached or unreached), in percent.")),
      answeredPercent: v.pipe(v.number(), v.description("Deprecated: the same value as reachedPercentOfFinishedEntries (it divides entries, not attempts). Use answeredPercentOfAttempts or reachedPercentOfFinishedEntries.")),
      attempts: v.number(),
      byStatus: v.record(v.picklist(entryStatuses), v.number()),
      byOutcome: v.record(v.string(), v.number()),
      abandoned: v.optional(v.number()),
      perOperator: v.optional(v.array(v.object({ operatorId: v.string(), answered: v.number(), wrappedUp: v.number() }))),
    }),
  }),
  v.metadata({ ref: "CallList" }),
);
export const CallListPageView = pageOf(CallListView);

const callEntryEntries = {
  listId: v.string(),
  entryId: v.string(),
  subjectKind: v.picklist(subjectKinds),
  contactId: v.optional(v.string()),
  contactName: v.string(),
  phone: v.optional(v.string()),
  timeZones: v.array(v.string()),
  status: v.picklist(entryStatuses),
  dueAt: v.string(),
  attempts: v.number(),
  lastOutcome: v.optional(v.string()),
  skipReason: v.optional(v.picklist(skipReasons)),
  operatorId: v.optional(v.string()),
  disposition: v.optional(v.picklist(dispositions)),
  callbackAt: v.optional(v.string()),
};
export const CallEntryView = v.pipe(v.object(callEntryEntries), v.metadata({ ref: "CallEntry" }));
export const CallEntryPageView = pageOf(CallEntryView);
/** One entry with every attempt (call ID, outcome, times). */
export const CallEntryDetailView = v.object({ ...callEntryEntries, attempts: v.array(v.record(v.string(), v.unknown())) });

export const EntriesAddedView = v.object({
  added: v.number(),
  rejected: v.array(
    v.object({ contactId: v.optional(v.string()), companyId: v.optional(v.string()), reason: v.picklist(["not-found", "duplicate", "phone-not-on-contact", "phone-not-on-company"]) }),
  ),
});
export const CallListCreatedView = v.object({ list: CallListView, ...EntriesAddedView.entries });

export const ListOperatorsView = v.object({
  items: v.array(v.object({ userId: v.string(), name: v.string(), active: v.optional(v.boolean()), state: v.picklist(presenceStates), since: v.string(), reason: v.optional(v.string()) })),
});

export const DispositionView = v.object({ disposition: v.picklist(dispositions) });

export const BlockedNumberView = v.object({ phone: v.string(), reason: v.optional(v.string()), createdBy: v.string(), createdAt: v.string() });
export const BlockedNumberPageView = pageOf(BlockedNumberView);

const percent = (what: string) => v.pipe(v.number(), v.description(`${what}, in percent (one decimal).`));
/** `GET /v1/call-lists/{listId}/statistics`: the list's charts. */
export const CallListStatisticsView = v.object({
  listId: v.string(),
  attempts: v.number(),
  answered: v.pipe(v.number(), v.description("Attempts a person answered.")),
  answeredPercentOfAttempts: percent("answered ÷ attempts"),
  reachedEntries: v.pipe(v.number(), v.description("Entries reached (wrapped up or in wrap-up).")),
  finishedEntries: v.pipe(v.number(), v.description("Entries with a result: reached or unreached.")),
  reachedPercentOfFinishedEntries: percent("reachedEntries ÷ finishedEntries"),
  funnel: v.array(
    v.object({
      stage: v.picklist(["dialed", "answered", ...dispositions]),
      count: v.number(),
      percentOfDialed: percent("count ÷ dialed attempts"),
      percentOfAnswered: v.optional(percent("Dispositions: count ÷ answered attempts")),
    }),
  ),
  callsPerHour: v.array(v.object({ hour: v.pipe(v.string(), v.description("The UTC hour's start, ISO.")), calls: v.number(), answered: v.number() })),
  talkByOperator: v.array(v.object({ operatorId: v.string(), name: v.string(), calls: v.number(), answered: v.number(), talkSeconds: v.number() })),
  abandoned: v.pipe(v.number(), v.description("Answered calls no operator was connected to within 2 s.")),
  callLog: v.object({ calls: v.number(), complete: v.pipe(v.boolean(), v.description("false: the list has more calls than one bounded read holds; the call-log figures cover the earliest.")) }),
});

export type CallList = v.InferOutput<typeof CallListView>;
export type CallEntry = v.InferOutput<typeof CallEntryView>;
export type EntriesAdded = v.InferOutput<typeof EntriesAddedView>;
export type BlockedNumber = v.InferOutput<typeof BlockedNumberView>;
