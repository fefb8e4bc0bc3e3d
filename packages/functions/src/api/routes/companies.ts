import { Hono } from "hono";
import { validator } from "hono/validator";
import * as v from "valibot";
import { withActor } from "@callboard/core/actor";
import { Companies } from "@callboard/core/companies";
import { Timeline } from "@callboard/core/timeline";
import type { ApiEnv } from "../auth";
import { jsonBody, query } from "../body";
import { etag, expectedVersion, pageQuery } from "../preconditions";
import { TimelineQuery } from "./contacts";

export const ListCompaniesQuery = pageQuery(Companies.pageSizes);

/** Query parameters of `GET /v1/companies` (documented; the domain's FindCompaniesInput checks them). */
export const FindCompaniesQuery = v.object({
  q: v.optional(v.string()),
  manager: v.optional(v.string()),
  tag: v.optional(v.string()),
  sort: v.optional(v.picklist(Companies.companySortFields)),
  order: v.optional(v.picklist(["asc", "desc"])),
  limit: v.optional(v.picklist(Companies.pageSizes.map(String))),
  cursor: v.optional(v.string()),
});

export const companyRoutes = new Hono<ApiEnv>()
  // The typed validator only tells the console's client the parameters; the finder checks them.
  .get("/", validator("query", (value) => value as v.InferOutput<typeof FindCompaniesQuery>), async (c) => {
    const page = await withActor(c.var.actor, () => Companies.list(c.req.valid("query")));
    return c.json(page);
  })
  .post("/", jsonBody(Companies.CreateCompanyInput), async (c) => {
    const company = await withActor(c.var.actor, () => Companies.create(c.req.valid("json")));
    c.header("etag", etag(company.version));
    c.header("location", `/v1/companies/${company.companyId}`);
    return c.json(company, 201);
  })
  // Before `/:companyId`, so "trash" is never read as an ID.
  .get("/trash", query(ListCompaniesQuery), async (c) => {
    const page = await withActor(c.var.actor, () => Companies.listTrash(c.req.valid("query")));
    return c.json(page);
  })
  .get("/:companyId", async (c) => {
    const company = await withActor(c.var.actor, () => Companies.get(c.req.param("companyId")));
    c.header("etag", etag(company.version));
    return c.json(company);
  })
  .patch("/:companyId", jsonBody(Companies.UpdateCompanyInput), async (c) => {
    const version = expectedVersion(c.req.header("if-match"), "company");
    const company = await withActor(c.var.actor, () => Companies.update(c.req.param("companyId"), version, c.req.valid("json")));
    c.header("etag", etag(company.version));
    return c.json(company);
  })
  .delete("/:companyId", async (c) => {
    await withActor(c.var.actor, () => Companies.remove(c.req.param("companyId")));
    return c.body(null, 204);
  })
  .post("/:companyId/restore", async (c) => {
    const company = await withActor(c.var.actor, () => Companies.restore(c.req.param("companyId")));
    c.header("etag", etag(company.version));
    return c.json(company);
  })
  .get("/:companyId/timeline", query(TimelineQuery), async (c) => {
    const page = await withActor(c.var.actor, () => Timeline.listForCompany(c.req.param("companyId"), c.req.valid("query")));
    return c.json(page);
  })
  .get("/:companyId/contacts", query(ListCompaniesQuery), async (c) => {
    const page = await withActor(c.var.actor, () => Companies.listCompanyContacts(c.req.param("companyId"), c.req.valid("query")));
    return c.json(page);
  });
