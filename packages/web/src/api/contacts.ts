// Contacts: lists, saved views, bulk actions, the card (edits, photo, timeline, comments, access requests), trash and tags.
import { API_URL } from "../config";
import { authFetch } from "./auth-fetch";
import { ApiError } from "./errors";
import { done, ok, problemOf } from "./responses";
import { client, pageQuery, type Page } from "./typed-client";
import type { CommentResult, Contact, ContactCard, ContactPage, CreateContactInput, SavedView, CreateViewInput, Tag, TimelinePage, TrashPage, UpdateContactInput, BulkActionInput, BulkApplied, BulkJob, BulkProgress } from "./types";

export const contactsApi = {
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

  /** `matched`: the phone, email or handle the 409 said matched (proof the user knows the contact). */
  async requestAccess(contactId: string, matched: string): Promise<void> {
    return done(await client.contacts[":contactId"]["access-requests"].$post({ param: { contactId }, json: { matched } }));
  },

  async answerAccessRequest(contactId: string, requesterId: string, answer: "grant" | "decline"): Promise<void> {
    const route = client.contacts[":contactId"]["access-requests"][":requesterId"];
    return done(await route[answer].$post({ param: { contactId, requesterId } }));
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

  async listTags(): Promise<Tag[]> {
    return (await ok(await client.tags.$get({ query: { entity: "contact" } }))).items;
  },
};
