import { hc } from "hono/client";
import type { ApiRoutes } from "@callboard/functions/api/app";
import { API_URL } from "../config";
import { clearTokens, getTokens, refreshTokens, signIn } from "../auth";
import type { Contact, ContactCard, ContactPage, CreateContactInput, Me, PageSize, Problem } from "./types";

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

export const api = {
  async me(): Promise<Me> {
    return ok(await client.me.$get());
  },

  async listContacts(query: { limit: PageSize; cursor?: string | null }): Promise<ContactPage> {
    return ok(await client.contacts.$get({ query: { limit: query.limit, cursor: query.cursor ?? undefined } }));
  },

  /** The contact and its ETag (`"<version>"`), to send back as If-Match when editing. */
  async getContact(contactId: string): Promise<{ contact: ContactCard; etag: string | null }> {
    const response = await client.contacts[":contactId"].$get({ param: { contactId } });
    return { contact: await ok(response), etag: response.headers.get("ETag") };
  },

  async createContact(input: CreateContactInput): Promise<Contact> {
    return ok(await client.contacts.$post({ json: input }));
  },
};
