/**
 * Seams to the contact side, bound once at start-up (compose.ts), so companies never import
 * contacts and the two can change independently.
 */
import { NotComposedError } from "../composition";

/** What contacts keep of their company (denormalized onto each contact). */
export interface CompanySummary {
  companyId: string;
  name: string;
  shortName?: string;
}

/** One page of a company's contacts from the contact index `byCompany` (gsi4, pk = companyId). */
export type CompanyContactsSource = (
  companyId: string,
  page: { limit: number; cursor: string | null },
) => Promise<{ items: unknown[]; cursor: string | null }>;

export interface CompanyHooks {
  /**
   * Called after a company's name or short name changed (the write is committed). Bind it to
   * the contacts' `refreshCompanySummary`. It runs inside the caller's actor context.
   */
  onCompanySummaryChanged: (companyId: string, summary: CompanySummary) => Promise<void> | void;
  /**
   * Reads a page of the company's contacts, e.g.
   * `ContactEntity.query.byCompany({ companyId }).go({ limit, cursor, order: "desc" })`.
   * It runs inside the caller's actor context and must leave out contacts the actor may not see.
   */
  contactsOfCompany: CompanyContactsSource;
}

/** Unbound (no compose()), each hook fails loudly rather than leave contacts stale. */
const noHooks: CompanyHooks = {
  onCompanySummaryChanged: () => {
    throw new NotComposedError("The company → contacts summary hook");
  },
  contactsOfCompany: () => {
    throw new NotComposedError("The company's contacts source");
  },
};
let hooks: CompanyHooks = noHooks;

/** Binds the hooks given (others stay as they are); returns a function that undoes it. */
export function registerCompanyHooks(next: Partial<CompanyHooks>): () => void {
  const previous = hooks;
  hooks = { ...hooks, ...next };
  return () => {
    hooks = previous;
  };
}

export function useCompanyHooks(): CompanyHooks {
  return hooks;
}
