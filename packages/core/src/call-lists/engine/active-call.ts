import { ForbiddenError } from "../../errors";
import { useActor, withActor } from "../../actor";
import { Companies } from "../../companies";
import { Contacts } from "../../contacts";
import { useStorage } from "../../storage";
import { Presence } from "../../presence";
import { loadList } from "../access";
import type { CallEntry } from "../model";
import { presentEntry, presentList } from "../present";
import { currentSubject, subjectOf } from "../contact-bridge";
import { companySummary, contactSummary } from "../pop-summary";

/** The answered call waiting for this operator, if any (one Query on a sparse index). */
export async function activeCallFor(operatorId: string) {
  const actor = useActor();
  if (actor.type === "user" && actor.userId !== operatorId) throw new ForbiddenError("Only your own calls.");
  const { service } = useStorage();
  const result = await service.entities.callEntry.query.awaitingOperator({ operatorId }).go({ limit: 1 });
  const entry = result.data[0] as CallEntry | undefined;
  if (!entry) return undefined;
  const list = await loadList(entry.listId);
  return { entry, list };
}

/**
 * What the operator's console pops: the answered call, the card of whom it calls (a contact, or
 * a company for a company's own phone) and the list's progress. The operator may see this card
 * because it is in their call list.
 */
export async function activeCall() {
  const actor = useActor();
  if (actor.type !== "user") throw new ForbiddenError("Only operators have calls.");
  const active = await activeCallFor(actor.userId);
  if (!active?.list) return undefined;
  let subject = subjectOf(active.entry);
  const asPop = <T>(read: () => Promise<T>) => withActor({ type: "system", reason: "operator card pop" }, read).catch(() => undefined);
  const [listedContact, company] = await Promise.all([
    subject.kind === "contact" ? asPop(() => Contacts.get(subject.id)) : undefined,
    subject.kind === "company" ? asPop(() => Companies.get(subject.id)) : undefined,
  ]);
  let contact = listedContact;
  if (subject.kind === "contact" && !contact) {
    // Merged while it was on the list: the person's card is the contact it was merged into.
    const survivor = await currentSubject(subject);
    if (survivor.id !== subject.id) {
      subject = survivor;
      contact = await asPop(() => Contacts.get(survivor.id));
    }
  }
  const { stats, ...list } = presentList(active.list);
  // The pop's timers: on-call since (talk), wrap-up ends at (countdown). Read only when a call is here.
  const presence = await Presence.getOwn();
  return {
    entry: presentEntry(active.entry),
    subject,
    contact: contact ?? null,
    company: company ?? null,
    summary: contact ? contactSummary(contact) : company ? companySummary(company) : null,
    list: { listId: list.listId, name: list.name, status: list.status, script: list.settings.script ?? null, wrapUpTimeoutSeconds: list.settings.wrapUpTimeoutSeconds },
    progress: { done: stats.done, total: stats.total, answered: stats.answered, answeredPercent: stats.answeredPercent },
    presence: { state: presence.state, since: presence.since, ...(presence.wrapUpEndsAt ? { wrapUpEndsAt: presence.wrapUpEndsAt } : {}) },
  };
}
