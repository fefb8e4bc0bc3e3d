import { Hono } from "hono";
import { validator } from "hono/validator";
import * as v from "valibot";
import type { ApiEnv } from "../auth";
import { jsonBody, query } from "../body";
import { created, expectedVersion, pageQuery, versioned } from "../preconditions";
import { describe, describedValidator, empty, etagHeader, json, locationHeader, problems } from "../describe";
import { ContactRecordsPageView } from "../schemas/contacts";
import { CompanyCardView, CompanyPageView, CompanyTimelinePageView, CompanyTrashPageView, CompanyView } from "../schemas/companies";
import { TimelineQuery } from "./contacts";
import { CreateCompanyInput, UpdateCompanyInput, pageSizes } from "@callboard/core/companies/schemas";
import { companySortFields } from "@callboard/core/companies/find";
import { lazyModule } from "../lazy-module";
import { loadRecords } from "@callboard/core/lazy/index";

const Companies = lazyModule(async () => (await loadRecords()).Companies);
const Timeline = lazyModule(async () => (await loadRecords()).Timeline);

export const ListCompaniesQuery = pageQuery(pageSizes);

/** Query parameters of `GET /v1/companies` (documented; the domain's FindCompaniesInput checks them). */
export const FindCompaniesQuery = v.object({
  q: v.optional(v.string()),
  manager: v.optional(v.string()),
  tag: v.optional(v.string()),
  sort: v.optional(v.picklist(companySortFields)),
  order: v.optional(v.picklist(["asc", "desc"])),
  limit: v.optional(v.picklist(pageSizes.map(String))),
  cursor: v.optional(v.string()),
});

export const companyRoutes = new Hono<ApiEnv>()
  // The typed validator only tells the console's client the parameters; the finder checks them.
  .get(
    "/",
    describe({
      summary: "Find companies you may see (admins: all, others: those they manage): name search `q` (prefix of any word), `manager`, `tag`; sort name|created|updated, order asc|desc; newest first by default",
      responses: { 200: json("A page; `meta` says what it cost in DynamoDB requests and items read", CompanyPageView), ...problems(400, 401, 403) },
    }),
    describedValidator(validator("query", (value) => value as v.InferOutput<typeof FindCompaniesQuery>), "query", FindCompaniesQuery),
    async (c) => {
      const page = await Companies.list(c.req.valid("query"));
      return c.json(page);
    },
  )
  .post(
    "/",
    describe({
      summary: "Create a company (you become its responsible manager unless managerIds says otherwise)",
      responses: { 201: json("Created; ETag carries the version", CompanyView, { ...etagHeader, ...locationHeader }), ...problems(400, 401, 403, 413, 415) },
    }),
    jsonBody(CreateCompanyInput),
    async (c) => {
      const company = await Companies.create(c.req.valid("json"));
      return created(c, company, `/v1/companies/${company.companyId}`);
    },
  )
  // Before `/:companyId`, so "trash" is never read as an ID.
  .get("/trash", describe({ summary: "Companies in the trash, newest deletion first (admin)", responses: { 200: json("A page", CompanyTrashPageView), ...problems(400, 401, 403) } }), query(ListCompaniesQuery), async (c) => {
    const page = await Companies.listTrash(c.req.valid("query"));
    return c.json(page);
  })
  .get(
    "/:companyId",
    describe({
      summary: "A company's card: the company and the first page of its timeline (one DynamoDB Query)",
      responses: { 200: json("The company; ETag carries the version", CompanyCardView, etagHeader), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const company = await Companies.get(c.req.param("companyId"));
      return versioned(c, company);
    },
  )
  .patch(
    "/:companyId",
    describe({
      summary: "Change a company (If-Match required; null clears a field or a custom value)",
      parameters: [{ name: "If-Match", in: "header", required: true, schema: { type: "string" } }],
      responses: { 200: json("Updated", CompanyView, etagHeader), ...problems(400, 401, 403, 404, 409, 412, 413, 415, 428) },
    }),
    jsonBody(UpdateCompanyInput),
    async (c) => {
      const version = expectedVersion(c.req.header("if-match"), "company");
      const company = await Companies.update(c.req.param("companyId"), version, c.req.valid("json"));
      return versioned(c, company);
    },
  )
  .delete("/:companyId", describe({ summary: "Move a company to the trash (admin)", responses: { 204: empty("In the trash for 30 days"), ...problems(400, 401, 403, 404) } }), async (c) => {
    await Companies.remove(c.req.param("companyId"));
    return c.body(null, 204);
  })
  .post("/:companyId/restore", describe({ summary: "Restore a company from the trash (admin)", responses: { 200: json("Restored", CompanyView, etagHeader), ...problems(400, 401, 403, 404, 410) } }), async (c) => {
    const company = await Companies.restore(c.req.param("companyId"));
    return versioned(c, company);
  })
  .get(
    "/:companyId/timeline",
    describe({
      summary: "Older pages of a company's timeline, newest first (the card has the first page and its cursor)",
      responses: { 200: json("A page", CompanyTimelinePageView), ...problems(400, 401, 403, 404) },
    }),
    query(TimelineQuery),
    async (c) => {
      const page = await Timeline.listForCompany(c.req.param("companyId"), c.req.valid("query"));
      return c.json(page);
    },
  )
  .get("/:companyId/contacts", describe({ summary: "The company's contacts, paged (no cap)", responses: { 200: json("A page", ContactRecordsPageView), ...problems(400, 401, 403, 404) } }), query(ListCompaniesQuery), async (c) => {
    const page = await Companies.listCompanyContacts(c.req.param("companyId"), c.req.valid("query"));
    return c.json(page);
  });
