/**
 * The companies feature's public face: `Companies.create`, `Companies.get`, … (companies/index.ts
 * exports it as `Companies`). The code lives by concern: schemas.ts (input schemas, types,
 * presentation), rows.ts (load, check, write helpers over the listing engine), crud.ts (create,
 * summary, list, update), card.ts (the card with its timeline, the company's contacts),
 * trash.ts (delete, restore, trash list); find.ts is the finder. Nothing in the feature imports
 * this file.
 */
export { TRASH_RETENTION_DAYS, pageSizes, MAX_MANAGERS, CreateCompanyInput, UpdateCompanyInput, ListCompaniesInput, type Company, type Page } from "./schemas";
export { MAX_TRANSACTION_ITEMS } from "./rows";
export { create, summaryFor, list, update } from "./crud";
export { CARD_TIMELINE_PAGE, type CompanyTimelineItem, type CompanyCard, companyTimelineContext, get, listCompanyContacts } from "./card";
export { remove, restore, listTrash } from "./trash";
export { FindCompaniesInput, companySortFields } from "./find";
export type { CompanyListItem, CompanyPage } from "./find";
