import { createMiddleware } from "hono/factory";
import { withActor } from "@callboard/core/actor";
import type { ApiEnv } from "./auth";

/**
 * Runs the rest of a signed-in request as its user (core's AsyncLocalStorage, core/actor.ts),
 * so handlers call the domain directly instead of each wrapping it in `withActor(...)`.
 * Public routes (forms, chats, telephony webhooks) are mounted outside and set their own system actors.
 */
export const actAsSignedInUser = createMiddleware<ApiEnv>((c, next) => withActor(c.var.actor, next));
