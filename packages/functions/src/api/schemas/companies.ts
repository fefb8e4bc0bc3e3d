import * as v from "valibot";
import { phoneTypes } from "@callboard/core/phones";
import { CustomValue, pageOf, SystemNoteView, text } from "./common";

/** What the companies routes answer (the console's types come from here too). */
export const CompanyView = v.pipe(
  v.object({
    companyId: v.string(),
    name: v.string(),
    shortName: text,
    phones: v.array(v.object({ number: v.string(), type: v.picklist(phoneTypes) })),
    emails: v.array(v.string()),
    website: text,
    address: text,
    tags: v.array(v.string()),
    custom: v.record(v.string(), CustomValue),
    managerIds: v.array(v.string()),
    version: v.number(),
    createdAt: v.string(),
    updatedAt: v.string(),
  }),
  v.metadata({ ref: "Company" }),
);

const companyListItemEntries = {
  companyId: v.string(),
  name: v.string(),
  shortName: text,
  primaryPhone: text,
  primaryEmail: text,
  tags: v.array(v.string()),
  managerIds: v.array(v.string()),
  version: v.number(),
  createdAt: v.string(),
  updatedAt: v.string(),
};
/** One row of a companies page, read from the index rows. */
export const CompanyListItemView = v.pipe(v.object(companyListItemEntries), v.metadata({ ref: "CompanyListItem" }));

export const CompanyPageView = v.object({
  items: v.array(CompanyListItemView),
  cursor: v.nullable(v.string()),
  meta: v.object({ requests: v.number(), itemsRead: v.number(), bounded: v.boolean(), searchedBy: v.optional(v.literal("name")) }),
});

export const CompanyTrashPageView = pageOf(v.object({ ...companyListItemEntries, deletedAt: v.string() }));

export const CompanyActivityView = v.object({
  companyId: v.string(),
  activityId: v.string(),
  kind: v.picklist(["note", "call"]),
  at: v.string(),
  actorId: v.string(),
  text,
  note: SystemNoteView,
  call: v.optional(v.record(v.string(), v.unknown())),
});
export const CompanyTimelinePageView = pageOf(CompanyActivityView);

/** The company's card: the company and the first page of its timeline. */
export const CompanyCardView = v.intersect([CompanyView, v.object({ timeline: CompanyTimelinePageView })]);

export type Company = v.InferOutput<typeof CompanyView>;
export type CompanyListItem = v.InferOutput<typeof CompanyListItemView>;
export type CompanyPage = v.InferOutput<typeof CompanyPageView>;
export type CompanyCard = v.InferOutput<typeof CompanyCardView>;
export type CompanyActivity = v.InferOutput<typeof CompanyActivityView>;
