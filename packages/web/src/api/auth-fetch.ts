// fetch with the signed-in user's bearer token, refreshed once on a 401.
import { clearTokens, getTokens, refreshTokens, signIn } from "../auth";
import { SignInRequired } from "./errors";

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
