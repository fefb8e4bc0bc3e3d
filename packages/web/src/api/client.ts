import { hc } from "hono/client";
import type { ApiRoutes } from "@callboard/functions/api/app";
import { API_URL } from "../config";
import { clearTokens, getTokens, refreshTokens, signIn } from "../auth";
import { t } from "../i18n";
import type {
  Activity,
  ActiveCall,
  CallPage,
  CallRecord,
  CallEntryPage,
  CallList,
  CallListPage,
  Company,
  CompanyPage,
  CreateCompanyInput,
  CreatedCompany,
  CompanyTrashPage,
  UpdateCompanyInput,
  FindCompaniesQuery,
  CommentResult,
  CompanyTimelinePage,
  CompanyContactsPage,
  Contact,
  ContactCard,
  ContactPage,
  CreateCallListInput,
  CreatedCallList,
  CreateContactInput,
  CreateUserInput,
  UpdateUserInput,
  CreateFormInput,
  InboundCall,
  ListCallsQuery,
  UpdateFormInput,
  WebForm,
  CustomFieldDefinition,
  DefineCustomFieldInput,
  DispositionInput,
  DuplicatePage,
  MergeInput,
  MergeResult,
  MergeSummary,
  NotificationPage,
  Me,
  PageSize,
  Problem,
  SavedView,
  CreateViewInput,
  Tag,
  TimelinePage,
  TrashPage,
  UpdateContactInput,
  User,
  Colleague,
  BulkActionInput,
  BulkApplied,
  BulkJob,
  BulkProgress,
} from "./types";
import type { OrganizationSettings, UpdateSettingsInput } from "./types";

/** The API answered with an error; `problem` is its problem+json body (or a stand-in). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
  }
  get status(): number {
    return this.problem.status;
  }
}

/** The session is gone; the browser is already on its way to the sign-in page. */
export class SignInRequired extends Error {
  constructor() {
    super(t("shell:session.ended"));
    this.name = "SignInRequired";
  }
}

function withBearer(init: RequestInit | undefined, access: string | undefined): RequestInit {
  const headers = new Headers(init?.headers);
  if (access) headers.set("Authorization", `Bearer ${access}`);
  if (!headers.has("Accept")) headers.set("Accept", "application/json, application/problem+json");
  return { ...init, headers };
}

/**
 * fetch with `Authorization: Bearer <access>`. On 401 it refreshes the tokens once and retries;
 * if that fails the user is sent back to the issuer's sign-in page.
 */
export const authFetch: typeof fetch = async (input, init) => {
  let response = await fetch(input, withBearer(init, getTokens()?.access));
  if (response.status !== 401) return response;
  if (await refreshTokens()) {
    response = await fetch(input, withBearer(init, getTokens()?.access));
    if (response.status !== 401) return response;
  }
  clearTokens();
  void signIn();
  throw new SignInRequired();
};

/** Typed client generated from the server's routes, mounted at /v1. */
const client = hc<ApiRoutes>(`${API_URL}/v1`, { fetch: authFetch });

async function problemOf(response: Response): Promise<Problem> {
  const fallback: Problem = {
    type: "about:blank",
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
  };
  const contentType = response.headers.get("Content-Type") ?? "";
  if (!contentType.includes("json")) return fallback;
  try {
    const body = (await response.json()) as Partial<Problem>;
    return { ...fallback, ...body, status: body.status ?? response.status };
  } catch {
    return fallback;
  }
}

/** Successful body, or ApiError carrying the problem details. */
async function ok<T>(response: Response & { json(): Promise<T> }): Promise<T> {
  if (!response.ok) throw new ApiError(await problemOf(response));
  return response.json();
}

/** 2xx with no body (204), or ApiError. */
async function done(response: Response): Promise<void> {
  if (!response.ok) throw new ApiError(await problemOf(response));
}

type Page = { limit: PageSize; cursor?: string | null };
const pageQuery = (page: Page) => ({ limit: page.limit, cursor: page.cursor ?? undefined });

export const api = {
  async me(): Promise<Me> {
    return ok(await client.me.$get());
  },

  /** Your own profile: `language` of the console (`null`: the browser's, then the organization's), `phone`. */
  async updateMe(patch: { language?: "ru" | "ro" | "en" | null; phone?: string | null }): Promise<Me> {
    return ok(await client.me.$patch({ json: patch }));
  },

  /** The organization's settings (everyone reads them): default language, phone country, pause reasons… */
  async settings() {
    return ok(await client.settings.$get());
  },

  /** Admins: change any of the organization's settings. */
  async updateSettings(patch: UpdateSettingsInput): Promise<OrganizationSettings> {
    return ok(await client.settings.$patch({ json: patch }));
  },

  /** A page of contacts: filters, sort and search as `GET /v1/contacts` query parameters. */
  async listContacts(query: Record<string, string | string[] | undefined>): Promise<ContactPage> {
    const defined = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== "")) as Record<string, string>;
    return ok(await client.contacts.$get({ query: defined }));
  },

  /** A bulk action: `applied` now (up to 100 IDs), or the background `job` to follow. */
  async bulkAction(input: BulkActionInput): Promise<{ applied: BulkApplied } | { job: BulkJob }> {
    const response = await client["bulk-actions"].$post({ json: input });
    if (response.status === 202) return { job: (await ok(response)) as BulkJob };
    return { applied: (await ok(response)) as BulkApplied };
  },

  async bulkProgress(jobId: string): Promise<BulkProgress> {
    return ok(await client["bulk-actions"][":jobId"].$get({ param: { jobId } }));
  },

  async listViews(): Promise<SavedView[]> {
    return (await ok(await client.views.$get())).items;
  },

  async createView(input: CreateViewInput): Promise<SavedView> {
    return ok(await client.views.$post({ json: input }));
  },

  async deleteView(viewId: string): Promise<void> {
    return done(await client.views[":viewId"].$delete({ param: { viewId } }));
  },

  /** The contact and its ETag (`"<version>"`), to send back as If-Match when editing. */
  async getContact(contactId: string): Promise<{ contact: ContactCard; etag: string | null }> {
    const response = await client.contacts[":contactId"].$get({ param: { contactId } });
    return { contact: await ok(response), etag: response.headers.get("ETag") };
  },

  /** A likely duplicate is an ApiError 409 whose problem has `candidates` and `hidden`; `allowDuplicates` creates anyway. */
  async createContact(input: CreateContactInput, options: { allowDuplicates?: boolean } = {}): Promise<Contact> {
    return ok(await client.contacts.$post({ json: input, query: { duplicates: options.allowDuplicates ? "allow" : "check" } }));
  },

  async mergeContacts(survivorId: string, input: MergeInput): Promise<MergeResult> {
    return ok(await client.contacts[":contactId"].merge.$post({ param: { contactId: survivorId }, json: input }));
  },

  async getMerge(mergeId: string): Promise<MergeSummary> {
    return ok(await client.merges[":mergeId"].$get({ param: { mergeId } }));
  },

  async undoMerge(mergeId: string): Promise<MergeSummary> {
    return ok(await client.merges[":mergeId"].undo.$post({ param: { mergeId } }));
  },

  async listDuplicates(page: Page): Promise<DuplicatePage> {
    return ok(await client.duplicates.$get({ query: { limit: String(page.limit) as "10" | "20" | "50", cursor: page.cursor ?? undefined } }));
  },

  async dismissDuplicate(pairId: string): Promise<void> {
    return done(await client.duplicates[":pairId"].dismiss.$post({ param: { pairId } }));
  },

  /** `matched`: the phone, email or handle the 409 said matched (proof the user knows the contact). */
  async requestAccess(contactId: string, matched: string): Promise<void> {
    return done(await client.contacts[":contactId"]["access-requests"].$post({ param: { contactId }, json: { matched } }));
  },

  async answerAccessRequest(contactId: string, requesterId: string, answer: "grant" | "decline"): Promise<void> {
    const route = client.contacts[":contactId"]["access-requests"][":requesterId"];
    return done(await route[answer].$post({ param: { contactId, requesterId } }));
  },

  async notifications(): Promise<NotificationPage> {
    return ok(await client.notifications.$get({ query: { limit: "20" } }));
  },

  async markNotificationRead(notificationId: string): Promise<void> {
    return done(await client.notifications[":notificationId"].read.$post({ param: { notificationId } }));
  },

  /** PATCH with If-Match: a 412 means someone else saved first. */
  async updateContact(contactId: string, etag: string, input: UpdateContactInput): Promise<{ contact: Contact; etag: string | null }> {
    const response = await client.contacts[":contactId"].$patch({ param: { contactId }, json: input }, { headers: { "If-Match": etag } });
    return { contact: await ok(response), etag: response.headers.get("ETag") };
  },

  /** `PUT /v1/contacts/{id}/photo` with the file's bytes as the body; the API checks size and type by the bytes. */
  async uploadPhoto(contactId: string, file: Blob): Promise<{ contact: Contact; etag: string | null }> {
    const response = await authFetch(`${API_URL}/v1/contacts/${encodeURIComponent(contactId)}/photo`, {
      method: "PUT",
      headers: { "Content-Type": file.type || "application/octet-stream" },
      body: file,
    });
    return { contact: (await ok(response)) as Contact, etag: response.headers.get("ETag") };
  },

  async removePhoto(contactId: string): Promise<void> {
    return done(await client.contacts[":contactId"].photo.$delete({ param: { contactId } }));
  },

  /** The photo's bytes (the route needs the bearer token, so an <img src> cannot load it directly). */
  async photo(contactId: string): Promise<Blob> {
    const response = await authFetch(`${API_URL}/v1/contacts/${encodeURIComponent(contactId)}/photo`);
    if (!response.ok) throw new ApiError(await problemOf(response));
    return response.blob();
  },

  async deleteContact(contactId: string): Promise<void> {
    return done(await client.contacts[":contactId"].$delete({ param: { contactId } }));
  },

  async restoreContact(contactId: string): Promise<Contact> {
    return ok(await client.contacts[":contactId"].restore.$post({ param: { contactId } }));
  },

  async listTrash(page: Page): Promise<TrashPage> {
    return ok(await client.trash.$get({ query: pageQuery(page) }));
  },

  /** `kind: "call"`: only calls (the card's Calls filter). */
  async timeline(contactId: string, page: Page & { kind?: "call" }): Promise<TimelinePage> {
    return ok(await client.contacts[":contactId"].timeline.$get({ param: { contactId }, query: { ...pageQuery(page), kind: page.kind } }));
  },

  async comment(contactId: string, text: string): Promise<CommentResult> {
    return ok(await client.contacts[":contactId"].comments.$post({ param: { contactId }, json: { text } }));
  },

  async userDirectory(): Promise<Colleague[]> {
    return (await ok(await client.users.directory.$get())).items;
  },

  async listUsers(): Promise<User[]> {
    return (await ok(await client.users.$get())).items;
  },

  async createUser(input: CreateUserInput): Promise<User> {
    return ok(await client.users.$post({ json: input }));
  },

  /** 409 with `errors` naming `active` or `role` when it would take away yourself or the last admin. */
  async updateUser(userId: string, input: UpdateUserInput): Promise<User> {
    return ok(await client.users[":userId"].$patch({ param: { userId }, json: input }));
  },

  async listCustomFields(entity: "contact" | "company"): Promise<CustomFieldDefinition[]> {
    return (await ok(await client["custom-fields"].$get({ query: { entity } }))).items;
  },

  async defineCustomField(input: DefineCustomFieldInput): Promise<CustomFieldDefinition> {
    return ok(await client["custom-fields"].$post({ json: input }));
  },

  async removeCustomField(entityType: string, key: string): Promise<void> {
    return done(await client["custom-fields"][":entityType"][":key"].$delete({ param: { entityType, key } }));
  },

  async listTags(): Promise<Tag[]> {
    return (await ok(await client.tags.$get({ query: { entity: "contact" } }))).items;
  },

  /** A page of `GET /v1/companies`: search, manager and tag filters, sort. */
  async findCompanies(query: FindCompaniesQuery): Promise<CompanyPage> {
    return ok(await client.companies.$get({ query }));
  },

  async listCompanyTags(): Promise<Tag[]> {
    return (await ok(await client.tags.$get({ query: { entity: "company" } }))).items;
  },

  async getCompany(companyId: string): Promise<Company> {
    return ok(await client.companies[":companyId"].$get({ param: { companyId } }));
  },

  /** The company and its ETag, to send back as If-Match when editing. */
  async getCompanyForEdit(companyId: string): Promise<{ company: Company; etag: string | null }> {
    const response = await client.companies[":companyId"].$get({ param: { companyId } });
    return { company: await ok(response), etag: response.headers.get("ETag") };
  },

  async createCompany(input: CreateCompanyInput): Promise<CreatedCompany> {
    return ok(await client.companies.$post({ json: input }));
  },

  /** PATCH with If-Match: a 412 means someone else saved first. */
  async updateCompany(companyId: string, etag: string, input: UpdateCompanyInput): Promise<{ company: CreatedCompany; etag: string | null }> {
    const response = await client.companies[":companyId"].$patch({ param: { companyId }, json: input }, { headers: { "If-Match": etag } });
    return { company: await ok(response), etag: response.headers.get("ETag") };
  },

  /** Admins: to the company trash (restorable for 30 days). */
  async deleteCompany(companyId: string): Promise<void> {
    return done(await client.companies[":companyId"].$delete({ param: { companyId } }));
  },

  async restoreCompany(companyId: string): Promise<CreatedCompany> {
    return ok(await client.companies[":companyId"].restore.$post({ param: { companyId } }));
  },

  async listCompanyTrash(page: Page): Promise<CompanyTrashPage> {
    return ok(await client.companies.trash.$get({ query: pageQuery(page) }));
  },

  async companyTimeline(companyId: string, page: Page & { kind?: "call" }): Promise<CompanyTimelinePage> {
    return ok(await client.companies[":companyId"].timeline.$get({ param: { companyId }, query: { ...pageQuery(page), kind: page.kind } }));
  },

  /** The call log, newest first: by one of contactId, companyId, operatorId or listId (none: your own), within from/to. */
  async listCalls(query: ListCallsQuery): Promise<CallPage> {
    return ok(await client.calls.$get({ query }));
  },

  /** One call of the log (404 when you may not see it). */
  async getCall(callId: string): Promise<CallRecord> {
    return ok(await client.calls[":callId"].$get({ param: { callId } }));
  },

  async companyContacts(companyId: string, page: Page): Promise<CompanyContactsPage> {
    return ok(await client.companies[":companyId"].contacts.$get({ param: { companyId }, query: pageQuery(page) }));
  },

  async listCallLists(page: Page): Promise<CallListPage> {
    return ok(await client["call-lists"].$get({ query: pageQuery(page) }));
  },

  async getCallList(listId: string): Promise<CallList> {
    return ok(await client["call-lists"][":listId"].$get({ param: { listId } }));
  },

  async createCallList(input: CreateCallListInput): Promise<CreatedCallList> {
    return ok(await client["call-lists"].$post({ json: input }));
  },

  async callListEntries(listId: string, page: Page): Promise<CallEntryPage> {
    return ok(await client["call-lists"][":listId"].entries.$get({ param: { listId }, query: pageQuery(page) }));
  },

  /** `script: null` removes the list's call script. */
  async setCallListScript(listId: string, script: string | null): Promise<CallList> {
    return ok(await client["call-lists"][":listId"].$patch({ param: { listId }, json: { settings: { script } } }));
  },

  async setCallListOperators(listId: string, operatorIds: string[]): Promise<CallList> {
    return ok(await client["call-lists"][":listId"].operators.$put({ param: { listId }, json: { operatorIds } }));
  },

  async callListAction(listId: string, action: "start" | "pause" | "resume" | "cancel"): Promise<CallList> {
    const route = client["call-lists"][":listId"];
    return ok(await route[action].$post({ param: { listId } }));
  },

  async dispose(listId: string, entryId: string, input: DispositionInput) {
    return ok(await client["call-lists"][":listId"].entries[":entryId"].disposition.$post({ param: { listId, entryId }, json: input }));
  },

  async listForms(): Promise<WebForm[]> {
    return (await ok(await client.forms.$get())).items;
  },

  async createForm(input: CreateFormInput): Promise<WebForm> {
    return ok(await client.forms.$post({ json: input }));
  },

  async updateForm(formId: string, input: UpdateFormInput): Promise<WebForm> {
    return ok(await client.forms[":formId"].$patch({ param: { formId }, json: input }));
  },

  async deleteForm(formId: string): Promise<void> {
    return done(await client.forms[":formId"].$delete({ param: { formId } }));
  },

  /** The answered inbound call waiting on this user's screen, if any. */
  async inboundCall(): Promise<InboundCall | null> {
    return (await ok(await client.operator["inbound-call"].$get())).inboundCall;
  },

  async dismissInboundCall(callKey: string): Promise<void> {
    return done(await client.operator["inbound-call"][":callKey"].dismiss.$post({ param: { callKey } }));
  },

  async activeCall(): Promise<ActiveCall | null> {
    return (await ok(await client.operator["active-call"].$get())).activeCall;
  },

  /** Between calls: when the operator's running lists next have an entry due. */
  async nextCall() {
    return ok(await client.operator["next-call"].$get());
  },
};
