/**
 * The company card: the company and its newest timeline activities from one Query, and the
 * company's contacts (read on the contact side through the hook bound at start-up).
 */
import { useActor, useUser } from "../actor";
import { cachedDefinitions } from "../custom-fields/custom-fields";
import { NotFoundError } from "../errors";
import { useStorage } from "../storage";
import { decodeCursor, encodeCursor } from "../storage/cursor";
import type { SystemNote } from "../timeline/note-schema";
import { parse } from "../validation";
import { canSeeCompany, requireCompanyRight } from "./access";
import { useCompanyHooks } from "./hooks";
import { ListCompaniesInput, present, type Company, type Page, type StoredCompany } from "./schemas";
import { loadVisible, parseId } from "./rows";

/** Activities the company card carries; older ones page through `GET /v1/companies/{id}/timeline`. */
export const CARD_TIMELINE_PAGE = 20;

/** A line of the company's timeline (see timeline/company-activity.entity.ts). */
export interface CompanyTimelineItem {
  companyId: string;
  activityId: string;
  kind: "note" | "call";
  at: string;
  actorId: string;
  text?: string;
  /** A system note as data (timeline/notes.ts); `text` is its English rendering. */
  note?: SystemNote;
  call?: Record<string, unknown>;
}

export type CompanyCard = Company & { timeline: Page<CompanyTimelineItem> };

/** Cursor context of the company timeline: the card's cursor pages on in `Timeline.listForCompany`. */
export const companyTimelineContext = (companyId: string) => `companyTimeline:${companyId}`;

/** The company card: the company row + its newest activities, from ONE Query on its partition. */
export async function get(companyId: string): Promise<CompanyCard> {
  const actor = useActor();
  requireCompanyRight(actor, "read");
  const id = parseId(companyId);
  const { service } = useStorage();
  // Descending: `$companycard#company_1` sorts after every `$companycard#activityofcompany_1#…`.
  const [result, definitions] = await Promise.all([
    service.collections.companyCard({ companyId: id }).go({ order: "desc", limit: CARD_TIMELINE_PAGE + 1 }),
    // Cached (10 s per process), as for the contact card, so a warm card read is one request.
    cachedDefinitions("company"),
  ]);
  const item = result.data.company[0] as StoredCompany | undefined;
  if (!item || item.deletedAt || !canSeeCompany(actor, item)) throw new NotFoundError("Company");
  const items = (result.data.companyActivity as CompanyTimelineItem[]).sort((a, b) => (a.activityId < b.activityId ? 1 : -1));
  return { ...present(item, definitions), timeline: { items, cursor: encodeCursor(result.cursor, companyTimelineContext(id)) } };
}

/**
 * A page of the contacts linked to a company the actor may see (404 otherwise), in any number
 * of pages (no cap). The read itself is the contact side's `byCompany` index, bound through
 * `registerCompanyHooks({ contactsOfCompany })`.
 */
export async function listCompanyContacts(companyId: string, input: ListCompaniesInput): Promise<Page<unknown>> {
  const actor = useUser();
  requireCompanyRight(actor, "read");
  const id = parseId(companyId);
  const { limit, cursor } = parse(ListCompaniesInput, input);
  const context = `companies:${id}:contacts`;
  const decoded = decodeCursor(cursor, context) ?? null;
  await loadVisible(id);
  const page = await useCompanyHooks().contactsOfCompany(id, { limit, cursor: decoded });
  return { items: page.items, cursor: encodeCursor(page.cursor, context) };
}
