// What the console imports to talk to the API: the typed calls (`api`), `authFetch` for raw requests, and the errors.
import { callsApi } from "./calls";
import { companiesApi } from "./companies";
import { contactsApi } from "./contacts";
import { duplicatesApi } from "./duplicates";
import { organizationApi } from "./organization";

export { ApiError, SignInRequired } from "./errors";
export { authFetch } from "./auth-fetch";

/** Every typed call, one file per area of the API. */
export const api = { ...organizationApi, ...contactsApi, ...duplicatesApi, ...companiesApi, ...callsApi };
