import { API_URL } from "../../config";
import { ApiError, authFetch } from "../../api/client";
import type { Problem } from "../../api/types";

/** GET a JSON resource under /v1 with the session's token; a problem answer throws ApiError. */
export async function getJson<T>(path: string): Promise<T> {
  const response = await authFetch(`${API_URL}/v1${path}`);
  if (!response.ok) throw new ApiError(await problemOf(response));
  return (await response.json()) as T;
}

export async function problemOf(response: Response): Promise<Problem> {
  const fallback: Problem = { type: "about:blank", title: response.statusText || `HTTP ${response.status}`, status: response.status };
  if (!(response.headers.get("content-type") ?? "").includes("json")) return fallback;
  try {
    return { ...fallback, ...((await response.json()) as Partial<Problem>) };
  } catch {
    return fallback;
  }
}
