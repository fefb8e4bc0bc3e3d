// Reading the API's answers: the body of a 2xx, or an ApiError carrying the problem+json details.
import { ApiError } from "./errors";
import type { Problem } from "./types";

export async function problemOf(response: Response): Promise<Problem> {
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
export async function ok<T>(response: Response & { json(): Promise<T> }): Promise<T> {
  if (!response.ok) throw new ApiError(await problemOf(response));
  return response.json();
}

/** 2xx with no body (204), or ApiError. */
export async function done(response: Response): Promise<void> {
  if (!response.ok) throw new ApiError(await problemOf(response));
}
