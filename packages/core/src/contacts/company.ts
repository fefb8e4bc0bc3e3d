import { NotComposedError } from "../composition";
import { ValidationError } from "../errors";

/** What a contact keeps of its company (denormalized for the card and the naming rules). */
export interface CompanySummary {
  companyId: string;
  name: string;
  shortName?: string;
}

type CompanyResolver = (companyId: string) => Promise<CompanySummary | undefined>;

/**
 * The company module plugs in how to read a company's summary (compose.ts); until it does,
 * linking a contact to a company fails loudly rather than being stored unchecked.
 */
let resolver: CompanyResolver | undefined;

export function useCompanyResolver(next: CompanyResolver | undefined): void {
  resolver = next;
}

export async function resolveCompany(companyId: string): Promise<CompanySummary> {
  if (!resolver) throw new NotComposedError("The contact → company resolver");
  const summary = await resolver(companyId);
  if (!summary) throw new ValidationError([{ field: "companyId", message: "No such company." }]);
  return { companyId, name: summary.name, ...(summary.shortName ? { shortName: summary.shortName } : {}) };
}
