// The Hono client typed from the server's routes, and the page parameters every list sends.
import { hc } from "hono/client";
import type { ApiRoutes } from "@callboard/functions/api/app";
import { API_URL } from "../config";
import { authFetch } from "./auth-fetch";
import type { PageSize } from "./types";

/** Typed client generated from the server's routes, mounted at /v1. */
export const client = hc<ApiRoutes>(`${API_URL}/v1`, { fetch: authFetch });

export type Page = { limit: PageSize; cursor?: string | null };
export const pageQuery = (page: Page) => ({ limit: page.limit, cursor: page.cursor ?? undefined });
