/**
 * Access requests: a user asks for a contact they may not see (found by a duplicate check) →
 * its manager is notified → grant (the requester becomes an extra responsible manager) or
 * decline; nothing about the contact is shown before the grant.
 */
import * as v from "valibot";
import { useUser } from "../actor";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from "../errors";
import { now } from "../runtime/clock";
import { useStorage } from "../storage";
import { committed } from "../storage/transaction";
import { Users } from "../users";
import { parse } from "../validation";
import { newNotification } from "../notifications/notifications";
import { contactAccess } from "./access";
import { loadRaw, parseId } from "./rows";
import { update } from "./update";
import { findMatches } from "./matching";
export { AccessRequestInput } from "./requests";
import { AccessRequestInput } from "./requests";

export interface AccessRequest {
  contactId: string;
  requesterId: string;
  status: "pending" | "granted" | "declined";
  /** Who was asked (the contact's primary responsible manager). */
  ownerName: string;
  createdAt: string;
}

/**
 * A user asks for a contact they may not see (found by a duplicate check). Its primary
 * responsible manager gets a notification naming the requester and the contact; the requester
 * learns only who was asked. A missing or trashed contact, or a `matched` value that is not one
 * of its phones, emails or handles, is a 404; one the user already sees, a 409.
 * Asking again while pending notifies nobody again.
 */
export async function requestAccess(contactId: string, input: v.InferInput<typeof AccessRequestInput>): Promise<AccessRequest> {
  const actor = useUser();
  const id = parseId(contactId);
  const { matched, message } = parse(AccessRequestInput, input ?? {});
  // Only someone who knows one of its phones, emails or handles may ask: anyone else gets the
  // same 404 as for a missing contact, so the endpoint tells nothing about a guessed ID.
  const proof = await findMatches({ phones: [matched], emails: matched.includes("@") ? [matched] : [], messengers: { telegram: matched, whatsapp: matched, viber: matched } });
  const contact = proof.some((match) => match.contactId === id && match.strength === "strong") ? await loadRaw(id) : undefined;
  if (!contact || contact.deletedAt) throw new NotFoundError("Contact");
  if ((await contactAccess(actor, contact, "read")).read) throw new ConflictError("You can already see this contact.");
  const { service } = useStorage();
  const [requester, owner] = await Promise.all([Users.get(actor.userId), Users.get(contact.ownerId)]);
  const existing = (await service.entities.accessRequest.get({ contactId: id, requesterId: actor.userId }).go()).data;
  if (existing?.status === "pending") return { contactId: id, requesterId: actor.userId, status: "pending", ownerName: owner.name, createdAt: existing.createdAt };
  const createdAt = now().toISOString();
  const notification = newNotification(contact.ownerId, "access-requested", `${requester.name} asks for access to ${contact.displayName}.`, {
    contactId: id,
    requesterId: actor.userId,
    requesterName: requester.name,
    contactName: contact.displayName,
    ...(message ? { message } : {}),
  });
  committed(
    await service.transaction
      .write((tx) => [
        tx.accessRequest.put({ contactId: id, requesterId: actor.userId, ownerId: contact.ownerId, status: "pending", createdAt, ...(message ? { message } : {}) }).commit(),
        tx.notification.create(notification).commit(),
      ])
      .go(),
  );
  return { contactId: id, requesterId: actor.userId, status: "pending", ownerName: owner.name, createdAt };
}

const UserIdField = v.pipe(v.string(), v.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/u, "Not a valid user ID."));

/**
 * The contact's manager answers a pending request: `grant` adds the requester as an extra
 * responsible manager (through the contact's own update, so lookup and audience rows follow);
 * `decline` changes nothing. Either way the requester is notified. Only someone who may change
 * who is responsible for the contact (its managers, their team's managers, admins) may answer.
 */
export async function answerAccessRequest(contactId: string, requesterId: string, answer: "grant" | "decline"): Promise<AccessRequest> {
  const actor = useUser();
  const id = parseId(contactId);
  if (!v.is(UserIdField, requesterId)) throw new ValidationError([{ field: "requesterId", message: "Not a valid user ID." }]);
  const contact = await loadRaw(id);
  if (!contact || contact.deletedAt) throw new NotFoundError("Contact");
  const access = await contactAccess(actor, contact, "write");
  if (!access.read) throw new NotFoundError("Contact");
  if (!access.manage) throw new ForbiddenError("Only the contact's responsible managers, their team's managers and admins may answer access requests.");
  const { service } = useStorage();
  const request = (await service.entities.accessRequest.get({ contactId: id, requesterId }).go()).data;
  if (!request) throw new NotFoundError("Access request");
  if (request.status !== "pending") throw new ConflictError(`This request was already ${request.status}.`);
  if (answer === "grant") {
    for (let attempt = 0; ; attempt++) {
      const current = await loadRaw(id);
      if (!current || current.deletedAt) throw new NotFoundError("Contact");
      if (current.ownerIds.includes(requesterId)) break;
      try {
        await update(id, current.version, { ownerIds: [...current.ownerIds, requesterId] });
        break;
      } catch (error) {
        if (!(error instanceof VersionConflictError) || attempt >= 4) throw error;
      }
    }
  }
  const decidedAt = now().toISOString();
  const status = answer === "grant" ? ("granted" as const) : ("declined" as const);
  const me = await Users.get(actor.userId);
  const notification =
    status === "granted"
      ? newNotification(requesterId, "access-granted", `${me.name} gave you access to ${contact.displayName}.`, { contactId: id, contactName: contact.displayName, deciderId: actor.userId, deciderName: me.name })
      : newNotification(requesterId, "access-declined", `${me.name} declined your access request.`, { deciderId: actor.userId, deciderName: me.name });
  committed(
    await service.transaction
      .write((tx) => [
        tx.accessRequest
          .patch({ contactId: id, requesterId })
          .set({ status, decidedBy: actor.userId, decidedAt })
          .where(({ status: current }, { eq }) => eq(current, "pending"))
          .commit(),
        tx.notification.create(notification).commit(),
      ])
      .go(),
  );
  const owner = await Users.get(contact.ownerId);
  return { contactId: id, requesterId, status, ownerName: owner.name, createdAt: request.createdAt };
}
