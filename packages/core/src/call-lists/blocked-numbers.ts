import * as v from "valibot";
import { useActor, useUser } from "../actor";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { isConditionFailure } from "../storage/transaction";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import { roleHas } from "../users/roles";
import { parse } from "../validation";
import { normalizePhone } from "../contacts/phone";

/** The organization-wide do-not-call list, checked at dial time for every list. */
export { BlockNumberInput } from "./model";
import { BlockNumberInput } from "./model";

function requireManager() {
  const actor = useUser();
  if (!roleHas(actor.role, "blockedNumbers:manage")) throw new ForbiddenError(`Your role (${actor.role}) may not change the do-not-call list.`);
  return actor;
}

function e164(phone: string, field = "phone"): string {
  const check = normalizePhone(phone);
  if (!check.ok) throw new ValidationError([{ field, message: check.message }]);
  return check.e164;
}

export async function block(input: v.InferInput<typeof BlockNumberInput>) {
  const actor = requireManager();
  const parsed = parse(BlockNumberInput, input);
  const phone = e164(parsed.phone);
  const { service } = useStorage();
  const item = { phone, reason: parsed.reason, createdBy: actor.userId, createdAt: now().toISOString() };
  try {
    await service.entities.blockedNumber.create(item).go();
  } catch (error) {
    if (isConditionFailure(error)) throw new ConflictError("This number is already on the do-not-call list.");
    throw error;
  }
  return item;
}

/**
 * A "do not call" disposition on a company's own number: the number joins the list on behalf of
 * whoever gave the disposition (no role check: the operator's verdict is the authority here).
 * Already blocked is fine.
 */
export async function blockForDisposition(phone: string, reason: string): Promise<void> {
  const actor = useActor();
  const { service } = useStorage();
  const createdBy = actor.type === "user" ? actor.userId : `system:${actor.reason}`;
  try {
    await service.entities.blockedNumber.create({ phone, reason: reason.slice(0, 300), createdBy, createdAt: now().toISOString() }).go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

export async function unblock(phone: string) {
  requireManager();
  const { service } = useStorage();
  const number = e164(phone);
  const existing = await service.entities.blockedNumber.get({ phone: number }).go();
  if (!existing.data) throw new NotFoundError("Blocked number");
  await service.entities.blockedNumber.delete({ phone: number }).go();
}

export const ListBlockedInput = v.strictObject({
  limit: v.optional(v.picklist([10, 20, 50] as const, "Page size must be 10, 20 or 50."), 50),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
});

/** The blocked numbers, in number order; any signed-in user may check them. */
export async function list(input: v.InferInput<typeof ListBlockedInput>) {
  useUser();
  const { limit, cursor } = parse(ListBlockedInput, input);
  const { service } = useStorage();
  const page = await service.entities.blockedNumber.query
    .all({ scope: "blockedNumbers" })
    .go({ limit, cursor: decodeCursor(cursor, "blockedNumbers") ?? null });
  return { items: page.data, cursor: encodeCursor(page.cursor, "blockedNumbers") };
}

