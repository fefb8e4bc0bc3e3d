// Companies: search, the card, edits, trash, timeline and their contacts.
import { done, ok } from "./responses";
import { client, pageQuery, type Page } from "./typed-client";
import type { Company, CompanyPage, CreateCompanyInput, CreatedCompany, CompanyTrashPage, UpdateCompanyInput, FindCompaniesQuery, CompanyTimelinePage, CompanyContactsPage, Tag } from "./types";

export const companiesApi = {
  /** A page of `GET /v1/companies`: search, manager and tag filters, sort. */
  async findCompanies(query: FindCompaniesQuery): Promise<CompanyPage> {
    return ok(await client.companies.$get({ query }));
  },

  async listCompanyTags(): Promise<Tag[]> {
    return (await ok(await client.tags.$get({ query: { entity: "company" } }))).items;
  },

  async getCompany(companyId: string): Promise<Company> {
    return ok(await client.companies[":companyId"].$get({ param: { companyId } }));
  },

  /** The company and its ETag, to send back as If-Match when editing. */
  async getCompanyForEdit(companyId: string): Promise<{ company: Company; etag: string | null }> {
    const response = await client.companies[":companyId"].$get({ param: { companyId } });
    return { company: await ok(response), etag: response.headers.get("ETag") };
  },

  async createCompany(input: CreateCompanyInput): Promise<CreatedCompany> {
    return ok(await client.companies.$post({ json: input }));
  },

  /** PATCH with If-Match: a 412 means someone else saved first. */
  async updateCompany(companyId: string, etag: string, input: UpdateCompanyInput): Promise<{ company: CreatedCompany; etag: string | null }> {
    const response = await client.companies[":companyId"].$patch({ param: { companyId }, json: input }, { headers: { "If-Match": etag } });
    return { company: await ok(response), etag: response.headers.get("ETag") };
  },

  /** Admins: to the company trash (restorable for 30 days). */
  async deleteCompany(companyId: string): Promise<void> {
    return done(await client.companies[":companyId"].$delete({ param: { companyId } }));
  },

  async restoreCompany(companyId: string): Promise<CreatedCompany> {
    return ok(await client.companies[":companyId"].restore.$post({ param: { companyId } }));
  },

  async listCompanyTrash(page: Page): Promise<CompanyTrashPage> {
    return ok(await client.companies.trash.$get({ query: pageQuery(page) }));
  },

  async companyTimeline(companyId: string, page: Page & { kind?: "call" }): Promise<CompanyTimelinePage> {
    return ok(await client.companies[":companyId"].timeline.$get({ param: { companyId }, query: { ...pageQuery(page), kind: page.kind } }));
  },

  async companyContacts(companyId: string, page: Page): Promise<CompanyContactsPage> {
    return ok(await client.companies[":companyId"].contacts.$get({ param: { companyId }, query: pageQuery(page) }));
  },
};
