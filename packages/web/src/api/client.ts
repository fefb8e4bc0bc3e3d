import { API_URL } from "../config";
import { clearTokens, getTokens, refreshTokens, signIn } from "../auth";
import type { Contact, ContactPage, CreateContactInput, Me, PageSize, Problem } from "./types";

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
    super("Your session has ended. Redirecting to sign in…");
    this.name = "SignInRequired";
  }
}

function withBearer(init: RequestInit | undefined, access: string | undefined): RequestInit {
  const headers = new Headers(init?.headers);
  if (access) headers.set("Authorization", `Bearer ${access}`);
  headers.set("Accept", "application/json, application/problem+json");
  return { ...init, headers };
}

/**
 * fetch with `Authorization: Bearer <access>`. On 401 it refreshes the tokens once and retries;
 * if that fails the user is sent back to the issuer's sign-in page.
 */
export const authFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
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

async function call<T>(path: string, init?: RequestInit): Promise<{ body: T; response: Response }> {
  const response = await authFetch(`${API_URL}/v1${path}`, init);
  if (!response.ok) throw new ApiError(await problemOf(response));
  return { body: (await response.json()) as T, response };
}

export const api = {
  async me(): Promise<Me> {
    return (await call<Me>("/me")).body;
  },

  async listContacts(query: { limit: PageSize; cursor?: string | null }): Promise<ContactPage> {
    const search = new URLSearchParams({ limit: String(query.limit) });
    if (query.cursor) search.set("cursor", query.cursor);
    return (await call<ContactPage>(`/contacts?${search}`)).body;
  },

  /** The contact and its ETag (`"<version>"`), to send back as If-Match when editing. */
  async getContact(contactId: string): Promise<{ contact: Contact; etag: string | null }> {
    const { body, response } = await call<Contact>(`/contacts/${encodeURIComponent(contactId)}`);
    return { contact: body, etag: response.headers.get("ETag") };
  },

  async createContact(input: CreateContactInput): Promise<Contact> {
    return (
      await call<Contact>("/contacts", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(input),
      })
    ).body;
  },
};
