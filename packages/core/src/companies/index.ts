export * as Companies from "./companies";
export type { Company, CompanyListItem } from "./companies";
export { registerCompanyHooks, type CompanyHooks, type CompanySummary, type CompanyContactsSource } from "./hooks";
