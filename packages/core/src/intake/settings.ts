import * as v from "valibot";
import { useUser } from "../actor";
import { normalizePhone } from "../contacts/phone";
import { ForbiddenError, ValidationError } from "../errors";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { Users } from "../users";
import { parse } from "../validation";
export { chatSources, SetRouteInput, SetChatSourceInput } from "./schemas";
import { chatSources, SetRouteInput, SetChatSourceInput } from "./schemas";

export type ChatSource = (typeof chatSources)[number];

/** The route for every called number without its own. */
export const DEFAULT_ROUTE = "*";

function requireAdmin() {
  const actor = useUser();
  if (actor.role !== "admin") throw new ForbiddenError("Only admins change intake settings.");
}

/** New leads go to this user: an existing, active one. */
async function requireUserExists(userId: string) {
  await Users.requireAssignable([userId], () => "userId");
}

/** `*` or a number in any format, stored as E.164. */
export function routeKey(number: string): string {
  if (number.trim() === DEFAULT_ROUTE) return DEFAULT_ROUTE;
  const phone = normalizePhone(number);
  if (!phone.ok) throw new ValidationError([{ field: "number", message: phone.message }]);
  return phone.e164;
}

export interface InboundRoute {
  number: string;
  userId: string;
  updatedAt: string;
}

/** Calls to `number` (or `*`: every other number) go to this user; new callers become theirs. */
export async function setRoute(number: string, input: v.InferInput<typeof SetRouteInput>): Promise<InboundRoute> {
  requireAdmin();
  const key = routeKey(number);
  const { userId } = parse(SetRouteInput, input);
  await requireUserExists(userId);
  const updatedAt = now().toISOString();
  await useStorage().service.entities.intakeSetting.put({ kind: "route", key, userId, updatedAt }).go();
  return { number: key, userId, updatedAt };
}

export async function listRoutes(): Promise<InboundRoute[]> {
  requireAdmin();
  const { data } = await useStorage().service.entities.intakeSetting.query.primary({ kind: "route" }).go({ pages: "all" });
  return data.map((row) => ({ number: row.key, userId: row.userId, updatedAt: row.updatedAt }));
}

export async function removeRoute(number: string): Promise<void> {
  requireAdmin();
  await useStorage().service.entities.intakeSetting.delete({ kind: "route", key: routeKey(number) }).go();
}

/** The route for a called number: its own, else the default one (two GetItems at most). */
export async function routeFor(to: string | undefined): Promise<string | undefined> {
  const { service } = useStorage();
  if (to) {
    const own = await service.entities.intakeSetting.get({ kind: "route", key: to }).go();
    if (own.data) return own.data.userId;
  }
  const fallback = await service.entities.intakeSetting.get({ kind: "route", key: DEFAULT_ROUTE }).go();
  return fallback.data?.userId;
}

export interface ChatSourceSettings {
  source: ChatSource;
  userId: string;
  updatedAt: string;
}

export async function setChatSource(source: string, input: v.InferInput<typeof SetChatSourceInput>): Promise<ChatSourceSettings> {
  requireAdmin();
  const kind = parse(v.picklist(chatSources, `One of: ${chatSources.join(", ")}.`), source);
  const { userId, secret } = parse(SetChatSourceInput, input);
  await requireUserExists(userId);
  const updatedAt = now().toISOString();
  await useStorage().service.entities.intakeSetting.put({ kind: "chat", key: kind, userId, secret, updatedAt }).go();
  return { source: kind, userId, updatedAt };
}

export async function listChatSources(): Promise<ChatSourceSettings[]> {
  requireAdmin();
  const { data } = await useStorage().service.entities.intakeSetting.query.primary({ kind: "chat" }).go({ pages: "all" });
  return data.map((row) => ({ source: row.key as ChatSource, userId: row.userId, updatedAt: row.updatedAt }));
}

/**
 * A chat source's secret and owner: the admin's setting, else the environment
 * (`INTAKE_CHAT_SECRET_TELEGRAM`, … and `INTAKE_CHAT_OWNER_ID`). Undefined: not configured.
 */
export async function chatSourceConfig(source: ChatSource, env: NodeJS.ProcessEnv = process.env): Promise<{ secret: string; userId: string } | undefined> {
  const { data } = await useStorage().service.entities.intakeSetting.get({ kind: "chat", key: source }).go();
  if (data?.secret) return { secret: data.secret, userId: data.userId };
  const secret = env[`INTAKE_CHAT_SECRET_${source.toUpperCase()}`];
  const userId = env.INTAKE_CHAT_OWNER_ID;
  return secret && userId ? { secret, userId } : undefined;
}
