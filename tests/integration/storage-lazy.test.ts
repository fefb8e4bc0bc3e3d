/**
 * The cold start builds no ElectroDB entity (issue 17): loading the API builds none, a request
 * builds the ones it uses, and the whole Service still joins with ElectroDB's own checks.
 * Against DynamoDB Local, like every storage test.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { compose } from "../../packages/core/src/compose";
import { entitiesBuilt } from "../../packages/core/src/storage/entity";
import { checkServiceJoins } from "../../packages/core/src/storage";
import { createApiApp } from "../../packages/functions/src/api/app";
import { Contacts } from "../../packages/core/src/contacts";
import { readCard } from "../../packages/core/src/contacts/card-read";
import { asUser, contactInput, seedAdmin } from "../fixtures/factories";
import { createTestTable, type TestTable } from "../fixtures/table";

const builtAtLoad = entitiesBuilt();
let table: TestTable;

beforeAll(async () => {
  compose();
  createApiApp();
  table = await createTestTable("lazy");
});

describe("entities built on first use", () => {
  it("loading core and the API app builds none", () => {
    expect(builtAtLoad).toBe(0);
    expect(entitiesBuilt()).toBe(0);
  });

  it("a create and a card read build only the entities they use, and work", async () => {
    const admin = await seedAdmin();
    const created = await asUser(admin, () => Contacts.create(contactInput({ emails: ["lazy@example.com"] })));
    const card = await readCard(created.contactId, 5);
    expect(card.contact?.contactId).toBe(created.contactId);
    expect(card.activities.length).toBeGreaterThan(0);
    expect(entitiesBuilt()).toBeGreaterThan(0);
    expect(entitiesBuilt()).toBeLessThan(30);
  });

  it("every entity still joins one ElectroDB Service (its collection checks)", () => {
    const service = checkServiceJoins(table.tableName);
    expect(Object.keys(service.entities).length).toBe(44);
    expect(typeof service.collections.card).toBe("function");
    expect(typeof service.collections.companyCard).toBe("function");
  });
});
