import type { InferRequestType, InferResponseType } from "hono/client";
import type { ApiRoutes } from "@callboard/functions/api/app";
import type { hc } from "hono/client";

/**
 * Wire types of the /v1 API, derived from the server's route definitions (`ApiRoutes`), so a
 * change on the server that breaks the console fails `tsc`. Only types are imported: nothing of
 * the server ends up in the bundle.
 */
type Client = ReturnType<typeof hc<ApiRoutes>>;

/** A page of `GET /v1/contacts`: list rows (the list columns only), cursor, cost. */
export type ContactPage = InferResponseType<Client["contacts"]["$get"], 200>;
export type ContactListItem = ContactPage["items"][number];
/** The card: the contact plus the first page of its timeline. */
export type ContactCard = InferResponseType<Client["contacts"][":contactId"]["$get"], 200>;
export type Contact = Omit<ContactCard, "timeline">;
export type ListContactsQuery = InferRequestType<Client["contacts"]["$get"]>["query"];
export type CreateContactInput = InferRequestType<Client["contacts"]["$post"]>["json"];
export type SavedView = InferResponseType<Client["views"]["$get"], 200>["items"][number];
export type CreateViewInput = InferRequestType<Client["views"]["$post"]>["json"];
export type Me = InferResponseType<Client["me"]["$get"], 200>;

export type Phone = Contact["phones"][number];
export type PhoneType = Phone["type"];
/** In the order the form offers them; `satisfies` keeps it in step with the server's list. */
export const PHONE_TYPES = ["mobile", "work", "home", "fax", "other"] as const satisfies readonly PhoneType[];

export type PageSize = NonNullable<InferRequestType<Client["trash"]["$get"]>["query"]["limit"]>;
export const PAGE_SIZES = [10, 20, 50] as const satisfies readonly PageSize[];

/** RFC 9457 problem details, as sent with application/problem+json on every 4xx/5xx. */
export type { Problem } from "@callboard/functions/api/problem";
/** One failing field of a 400 (`errors` of the problem body). */
export type FieldError = NonNullable<import("@callboard/functions/api/problem").Problem["errors"]>[number];

export type UpdateContactInput = InferRequestType<Client["contacts"][":contactId"]["$patch"]>["json"];
export type Activity = ContactCard["timeline"]["items"][number];
export type TimelinePage = InferResponseType<Client["contacts"][":contactId"]["timeline"]["$get"], 200>;
/** A new comment, with the mentioned users it did not notify and why. */
export type CommentResult = InferResponseType<Client["contacts"][":contactId"]["comments"]["$post"], 201>;
export type Unnotified = NonNullable<CommentResult["unnotified"]>[number];
export type TrashPage = InferResponseType<Client["trash"]["$get"], 200>;

export type User = InferResponseType<Client["users"]["$get"], 200>["items"][number];
/** A colleague as every role sees them (`GET /v1/users/directory`): a `User` is one too. */
export type Colleague = InferResponseType<Client["users"]["directory"]["$get"], 200>["items"][number];
export type CreateUserInput = InferRequestType<Client["users"]["$post"]>["json"];
/** `PATCH /v1/users/{userId}` (admins): any of team (`null`: none), role, active. */
export type UpdateUserInput = InferRequestType<Client["users"][":userId"]["$patch"]>["json"];
export type Role = User["role"];
export const ROLES = ["admin", "manager", "sales", "marketeer", "operator"] as const satisfies readonly Role[];

export type CustomFieldDefinition = InferResponseType<Client["custom-fields"]["$get"], 200>["items"][number];
export type DefineCustomFieldInput = InferRequestType<Client["custom-fields"]["$post"]>["json"];
export type CustomFieldType = CustomFieldDefinition["type"];
export const CUSTOM_FIELD_TYPES = [
  "text",
  "number",
  "date",
  "boolean",
  "select",
  "multi-select",
  "url",
  "phone",
  "email",
] as const satisfies readonly CustomFieldType[];
export type CustomValue = NonNullable<Contact["custom"]>[string];
export type Tag = InferResponseType<Client["tags"]["$get"], 200>["items"][number];

export type CompanyPage = InferResponseType<Client["companies"]["$get"], 200>;
export type Company = InferResponseType<Client["companies"][":companyId"]["$get"], 200>;
export type CompanyListItem = CompanyPage["items"][number];
export type CreateCompanyInput = InferRequestType<Client["companies"]["$post"]>["json"];
export type CreatedCompany = InferResponseType<Client["companies"]["$post"], 201>;
export type CompanyTrashPage = InferResponseType<Client["companies"]["trash"]["$get"], 200>;
export type UpdateCompanyInput = InferRequestType<Client["companies"][":companyId"]["$patch"]>["json"];
export type FindCompaniesQuery = InferRequestType<Client["companies"]["$get"]>["query"];
export type CompanyTimelinePage = Company["timeline"];
export type CompanyActivity = CompanyTimelinePage["items"][number];
export type CompanyContactsPage = InferResponseType<Client["companies"][":companyId"]["contacts"]["$get"], 200>;

export type CallListPage = InferResponseType<Client["call-lists"]["$get"], 200>;
export type CallListSummary = CallListPage["items"][number];
export type CallList = InferResponseType<Client["call-lists"][":listId"]["$get"], 200>;
export type CallListStatus = CallList["status"];
export type CallListSettings = NonNullable<CreateCallListInput["settings"]>;
export type CreateCallListInput = InferRequestType<Client["call-lists"]["$post"]>["json"];
export type CreatedCallList = InferResponseType<Client["call-lists"]["$post"], 201>;
export type CallEntryPage = InferResponseType<Client["call-lists"][":listId"]["entries"]["$get"], 200>;
export type CallEntry = CallEntryPage["items"][number];
export type DispositionInput = InferRequestType<Client["call-lists"][":listId"]["entries"][":entryId"]["disposition"]["$post"]>["json"];
export type Disposition = DispositionInput["disposition"];
export type ActiveCall = NonNullable<InferResponseType<Client["operator"]["active-call"]["$get"], 200>["activeCall"]>;

export type MergeInput = InferRequestType<Client["contacts"][":contactId"]["merge"]["$post"]>["json"];
export type MergeResult = InferResponseType<Client["contacts"][":contactId"]["merge"]["$post"], 200>;
export type MergeSummary = InferResponseType<Client["merges"][":mergeId"]["$get"], 200>;
export type DuplicatePage = InferResponseType<Client["duplicates"]["$get"], 200>;
export type DuplicatePair = DuplicatePage["items"][number];
export type NotificationPage = InferResponseType<Client["notifications"]["$get"], 200>;
export type AppNotification = NotificationPage["items"][number];
/** The 409 of a likely duplicate, as the API documents it (functions/api/schemas/contacts.ts). */
type DuplicateContactProblem = import("valibot").InferOutput<typeof import("@callboard/functions/api/schemas/contacts").DuplicateContactProblem>;
export type VisibleCandidate = DuplicateContactProblem["candidates"][number];
export type HiddenCandidate = DuplicateContactProblem["hidden"][number];
/** `GET /v1/settings` (everyone) and `PATCH /v1/settings` (admins): the organization's settings. */
export type OrganizationSettings = InferResponseType<Client["settings"]["$get"], 200>;
export type UpdateSettingsInput = InferRequestType<Client["settings"]["$patch"]>["json"];
export type WebForm = InferResponseType<Client["forms"]["$get"], 200>["items"][number];
export type CreateFormInput = InferRequestType<Client["forms"]["$post"]>["json"];
export type UpdateFormInput = InferRequestType<Client["forms"][":formId"]["$patch"]>["json"];
export type InboundCall = NonNullable<InferResponseType<Client["operator"]["inbound-call"]["$get"], 200>["inboundCall"]>;

/** `POST /v1/bulk-actions`: up to 100 IDs applied at once (200), else the job (202). */
export type BulkActionInput = InferRequestType<Client["bulk-actions"]["$post"]>["json"];
export type BulkApplied = InferResponseType<Client["bulk-actions"]["$post"], 200>;
export type BulkJob = InferResponseType<Client["bulk-actions"]["$post"], 202>;
/** `GET /v1/bulk-actions/{jobId}`: progress and the records not applied, with why. */
export type BulkProgress = InferResponseType<Client["bulk-actions"][":jobId"]["$get"], 200>;
/** The call log (issue 18): `GET /v1/calls` (a page) and `GET /v1/calls/{callId}` (one call). */
export type CallPage = InferResponseType<Client["calls"]["$get"], 200>;
export type CallRecord = InferResponseType<Client["calls"][":callId"]["$get"], 200>;
export type ListCallsQuery = InferRequestType<Client["calls"]["$get"]>["query"];

/** `GET /v1/call-lists/{listId}/statistics`: the charts of a call list. */
export type CallListStatistics = InferResponseType<Client["call-lists"][":listId"]["statistics"]["$get"], 200>;

/** `GET /v1/reports/calls` as JSON (with `format=csv` the same route answers text). */
export type CallsReport = Exclude<InferResponseType<Client["reports"]["calls"]["$get"], 200>, string>;
