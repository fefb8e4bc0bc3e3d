import type { InferRequestType, InferResponseType } from "hono/client";
import type { ApiRoutes } from "@callboard/functions/api/app";
import type { hc } from "hono/client";

/**
 * Wire types of the /v1 API, derived from the server's route definitions (`ApiRoutes`), so a
 * change on the server that breaks the console fails `tsc`. Only types are imported: nothing of
 * the server ends up in the bundle.
 */
type Client = ReturnType<typeof hc<ApiRoutes>>;

export type ContactPage = InferResponseType<Client["contacts"]["$get"], 200>;
export type Contact = ContactPage["items"][number];
/** The card: the contact plus the first page of its timeline. */
export type ContactCard = InferResponseType<Client["contacts"][":contactId"]["$get"], 200>;
export type ListContactsQuery = InferRequestType<Client["contacts"]["$get"]>["query"];
export type CreateContactInput = InferRequestType<Client["contacts"]["$post"]>["json"];
export type Me = InferResponseType<Client["me"]["$get"], 200>;

export type Phone = Contact["phones"][number];
export type PhoneType = Phone["type"];
/** In the order the form offers them; `satisfies` keeps it in step with the server's list. */
export const PHONE_TYPES = ["mobile", "work", "home", "fax", "other"] as const satisfies readonly PhoneType[];

export type PageSize = NonNullable<ListContactsQuery["limit"]>;
export const PAGE_SIZES = [10, 20, 50] as const satisfies readonly PageSize[];

/** RFC 9457 problem details, as sent with application/problem+json on every 4xx/5xx. */
export type { Problem } from "@callboard/functions/api/problem";
export type { FieldIssue as FieldError } from "@callboard/core/errors";
