import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { configureFiles, LocalFileStore, useFiles } from "../../packages/core/src/files";
import { useStorage } from "../../packages/core/src/storage";
import { withActor } from "../../packages/core/src/actor";
import { Calls } from "../../packages/core/src/calls";
import type { Role, User } from "../../packages/core/src/users";
import { createTestApi, type TestApi } from "../fixtures/api";
import { seedAdmin, seedUser } from "../fixtures/factories";

/**
 * Every contact route × role × ownership × sharing, with the expected status generated from
 * one table of access levels (seeds 001, 003, 004; issue 3 "Access rights"). Seeded once;
 * tokens are reused. A contact the user may not see must answer exactly like a missing one.
 */

const roles = ["admin", "manager", "sales", "marketeer", "operator"] as const satisfies readonly Role[];
/** Whose contact it is, from the acting user's point of view. */
const ownerships = ["own", "sameTeam", "otherTeam", "inOperatorsCallList", "missing"] as const;
const sharings = ["private", "read", "write"] as const;
type Ownership = (typeof ownerships)[number];
type Sharing = (typeof sharings)[number];

/** none: may not see it · read · write: edit fields · full: also responsible managers and sharing. */
type Level = "none" | "read" | "write" | "full";
const [N, R, W, F] = ["none", "read", "write", "full"] as const;
const all = (level: Level) => [level, level, level] as const;

/** THE TABLE: access level by role → ownership → [private, shared read-only, shared read-write]. */
const levels: Record<(typeof roles)[number], Record<Ownership, readonly [Level, Level, Level]>> = {
  admin: { own: all(F), sameTeam: all(F), otherTeam: all(F), inOperatorsCallList: all(F), missing: all(N) },
  manager: { own: all(F), sameTeam: all(F), otherTeam: [N, R, W], inOperatorsCallList: [N, R, W], missing: all(N) },
  sales: { own: all(F), sameTeam: [N, R, W], otherTeam: [N, R, W], inOperatorsCallList: [N, R, W], missing: all(N) },
  marketeer: { own: all(F), sameTeam: [N, R, W], otherTeam: [N, R, W], inOperatorsCallList: [N, R, W], missing: all(N) },
  // Operators get shared contacts read-only, and may work (read and edit) the contacts of their call lists.
  operator: { own: all(F), sameTeam: [N, R, R], otherTeam: [N, R, R], inOperatorsCallList: all(W), missing: all(N) },
};
/** The contacts list shows what the direct rules grant; call-list contacts are reached through the call list. */
const listedLevel = (role: (typeof roles)[number], ownership: Ownership, sharing: Sharing): Level =>
  levels[role][ownership === "inOperatorsCallList" ? "otherTeam" : ownership][sharings.indexOf(sharing)]!;

/** Roles with the right to edit contacts at all (users/roles.ts): marketeers only read. */
const mayEdit = (role: string) => role !== "marketeer";

type Expect = (level: Level, role: (typeof roles)[number]) => number;
const reading = (ok: number): Expect => (level) => (level === N ? 404 : ok);
const writing = (ok: number): Expect => (level, role) => (level === N ? 404 : !mayEdit(role) || level === R ? 403 : ok);
const managing = (ok: number): Expect => (level, role) => (level === N ? 404 : !mayEdit(role) || level !== F ? 403 : ok);
const adminOnly = (ok: number): Expect => (level, role) => (level === N ? 404 : role !== "admin" ? 403 : ok);

let api: TestApi;
let root: User;
const actors = {} as Record<(typeof roles)[number], User>;
const tokens = {} as Record<string, string>;
let ownerNorth: User;
let ownerSouth: User;
/** contactId by role (for "own"), ownership and sharing. */
const contacts = new Map<string, string>();
const key = (role: string, ownership: Ownership, sharing: Sharing) => `${ownership === "own" ? role : "*"}|${ownership}|${sharing}`;
const MISSING_ID = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

/** A logged call with the contact and a stored recording (as the recording callback leaves it); idempotent. */
async function seedRecordedCall(callId: string, contactId: string): Promise<void> {
  const store = useFiles() as LocalFileStore;
  store.serveLinks({ baseUrl: "http://localhost/local-files", secret: "matrix-links" });
  await withActor({ type: "system", reason: "matrix" }, () => Calls.begin({ callId, source: "list", direction: "outbound", number: "+79160000000", contactId, placedAt: new Date().toISOString() }));
  const fileKey = `recordings/matrix-${contactId}.wav`;
  await store.put(fileKey, new Uint8Array([0x52, 0x49, 0x46, 0x46]), "audio/wav");
  await useStorage().service.entities.callRecording.put({ callId, status: "stored", provider: "simulator", providerRecordingId: `SIMRE${contactId}`, fileKey, contentType: "audio/wav", durationSeconds: 1, subjectKey: contactId, contactId, receivedAt: new Date().toISOString() }).go();
}
/** The admin's "Matrix list", worked by the operator. */
let matrixListId: string;
const contactFor = (role: string, ownership: Ownership, sharing: Sharing) => (ownership === "missing" ? MISSING_ID : contacts.get(key(role, ownership, sharing))!);

const png = () => {
  const bytes = new Uint8Array(64);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
};

async function request(token: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; bytes?: Uint8Array } = {}): Promise<Response> {
  if (options.bytes) {
    return api.app.request(path, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" }, body: options.bytes as unknown as BodyInit });
  }
  return api.call(method, path, { token, ...(options.body !== undefined ? { body: options.body } : {}), ...(options.headers ? { headers: options.headers } : {}) });
}
const asRoot = (method: string, path: string, options: { body?: unknown; bytes?: Uint8Array } = {}) => request(tokens.root!, method, path, options);

async function createAs(user: User, sharing: Sharing, name: string): Promise<string> {
  const response = await request(tokens[user.userId]!, "POST", "/v1/contacts", { body: { firstName: name, phones: [{ number: `+7916${String(contacts.size).padStart(7, "0")}` }], sharing } });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { contactId: string }).contactId;
}

async function phoneOf(contactId: string): Promise<string> {
  const response = await asRoot("GET", `/v1/contacts/${contactId}`);
  return ((await response.json()) as { phones: { number: string }[] }).phones[0]!.number;
}

async function version(contactId: string): Promise<number> {
  const response = await asRoot("GET", `/v1/contacts/${contactId}`);
  return ((await response.json()) as { version: number }).version;
}

beforeAll(async () => {
  api = await createTestApi();
  configureFiles(new LocalFileStore(mkdtempSync(join(tmpdir(), "callboard-matrix-"))));
  root = await seedAdmin();
  tokens.root = await api.tokenFor(root);
  for (const role of roles) actors[role] = await seedUser(root, role, `${role} north`, "north");
  ownerNorth = await seedUser(root, "sales", "Owner north", "north");
  ownerSouth = await seedUser(root, "sales", "Owner south", "south");
  for (const user of [...Object.values(actors), ownerNorth, ownerSouth]) tokens[user.userId] = await api.tokenFor(user);

  for (const sharing of sharings) {
    for (const role of roles) contacts.set(key(role, "own", sharing), await createAs(actors[role], sharing, `Own ${role} ${sharing}`));
    contacts.set(key("*", "sameTeam", sharing), await createAs(ownerNorth, sharing, `North ${sharing}`));
    contacts.set(key("*", "otherTeam", sharing), await createAs(ownerSouth, sharing, `South ${sharing}`));
    contacts.set(key("*", "inOperatorsCallList", sharing), await createAs(ownerSouth, sharing, `Dialed ${sharing}`));
  }
  // The operator's call list (made through the API by an admin) holds the "inOperatorsCallList" contacts.
  const list = await asRoot("POST", "/v1/call-lists", {
    body: { name: "Matrix list", operatorIds: [actors.operator.userId], entries: sharings.map((sharing) => ({ contactId: contacts.get(key("*", "inOperatorsCallList", sharing))! })) },
  });
  expect(list.status, await list.clone().text()).toBe(201);
  const made = (await list.json()) as { added: number; list: { listId: string } };
  expect(made.added).toBe(3);
  matrixListId = made.list.listId;
  // Every contact has a photo, so reading it is a 200 for whoever may see the contact.
  const photos = await Promise.all([...contacts.values()].map((contactId) => asRoot("PUT", `/v1/contacts/${contactId}/photo`, { bytes: png() })));
  expect(photos.map((response) => response.status)).toEqual(photos.map(() => 200));
}, 120_000);

interface Route {
  name: string;
  expect: Expect;
  /** Puts the contact in the state the route needs (as an admin), before the call. */
  prepare?: (contactId: string) => Promise<void>;
  call: (token: string, contactId: string, ctx: { role: string; sharing: Sharing }) => Promise<Response>;
  /** Puts things back after an allowed call, so the next cell starts from the seeded state. */
  undo?: (contactId: string, response: Response) => Promise<void>;
}

const routes: Route[] = [
  { name: "GET /v1/contacts/{id} (card)", expect: reading(200), call: (token, id) => request(token, "GET", `/v1/contacts/${id}`) },
  { name: "GET /v1/contacts/{id}/timeline", expect: reading(200), call: (token, id) => request(token, "GET", `/v1/contacts/${id}/timeline`) },
  { name: "POST /v1/contacts/{id}/comments", expect: reading(201), call: (token, id) => request(token, "POST", `/v1/contacts/${id}/comments`, { body: { text: "Matrix comment" } }) },
  { name: "GET /v1/contacts/{id}/photo", expect: reading(200), call: (token, id) => request(token, "GET", `/v1/contacts/${id}/photo`) },
  {
    // Whoever may see the call's contact may listen; anyone else gets the 404 of a missing one.
    name: "GET /v1/calls/{callId}/recording (a call with the contact)",
    expect: reading(200),
    prepare: (id) => seedRecordedCall(`matrix-rec-${id}`, id),
    call: (token, id) => request(token, "GET", `/v1/calls/matrix-rec-${id}/recording?format=json`),
  },
  {
    name: "POST /v1/contacts/{id}/calls (click-to-call)",
    // Whoever may see the card gets past the access check to the next refusal (no console open:
    // 409 no-softphone, so nothing is dialed); the others 404, like a missing card.
    expect: reading(409),
    call: async (token, id) =>
      request(token, "POST", `/v1/contacts/${id}/calls`, { body: { phone: id === MISSING_ID ? "+79160000000" : await phoneOf(id), overrideCallWindow: true } }),
  },
  {
    name: "PATCH /v1/contacts/{id} (a field)",
    expect: writing(200),
    call: async (token, id) => request(token, "PATCH", `/v1/contacts/${id}`, { body: { comment: `Edited ${Date.now()}` }, headers: { "if-match": `"${id === MISSING_ID ? 1 : await version(id)}"` } }),
  },
  {
    name: "PATCH /v1/contacts/{id} (sharing)",
    expect: managing(200),
    // The same mode it has: the right is checked, the seeded state stays.
    call: async (token, id, { sharing }) => request(token, "PATCH", `/v1/contacts/${id}`, { body: { sharing }, headers: { "if-match": `"${id === MISSING_ID ? 1 : await version(id)}"` } }),
  },
  { name: "PUT /v1/contacts/{id}/photo", expect: writing(200), call: (token, id) => request(token, "PUT", `/v1/contacts/${id}/photo`, { bytes: png() }) },
  {
    name: "DELETE /v1/contacts/{id}/photo",
    expect: writing(204),
    call: (token, id) => request(token, "DELETE", `/v1/contacts/${id}/photo`),
    undo: async (id, response) => {
      if (response.status === 204) expect((await asRoot("PUT", `/v1/contacts/${id}/photo`, { bytes: png() })).status).toBe(200);
    },
  },
  {
    name: "DELETE /v1/contacts/{id}",
    expect: adminOnly(204),
    call: (token, id) => request(token, "DELETE", `/v1/contacts/${id}`),
    undo: async (id, response) => {
      if (response.status === 204) expect((await asRoot("POST", `/v1/contacts/${id}/restore`)).status).toBe(200);
    },
  },
  {
    name: "POST /v1/contacts/{id}/restore (from the trash)",
    expect: adminOnly(200),
    prepare: async (id) => {
      if (id !== MISSING_ID) expect((await asRoot("DELETE", `/v1/contacts/${id}`)).status).toBe(204);
    },
    call: (token, id) => request(token, "POST", `/v1/contacts/${id}/restore`),
    undo: async (id, response) => {
      if (id !== MISSING_ID && response.status !== 200) expect((await asRoot("POST", `/v1/contacts/${id}/restore`)).status).toBe(200);
    },
  },
  {
    name: "POST /v1/contacts/bulk-delete",
    // A collection route: admins only (403 for others whatever the IDs); admins get a report per ID.
    expect: (_level, role) => (role === "admin" ? 200 : 403),
    call: (token, id) => request(token, "POST", "/v1/contacts/bulk-delete", { body: { contactIds: [id] } }),
    undo: async (id, response) => {
      if (response.status !== 200) return;
      const { results } = (await response.clone().json()) as { results: { contactId: string; status: string }[] };
      expect(results).toEqual([{ contactId: id, status: id === MISSING_ID ? "not-found" : "deleted" }]);
      if (id !== MISSING_ID) expect((await asRoot("POST", `/v1/contacts/${id}/restore`)).status).toBe(200);
    },
  },
];

type Cell = { ownership: Ownership; sharing: Sharing };
const cells: Cell[] = ownerships.flatMap((ownership) => sharings.map((sharing) => ({ ownership, sharing })));
const label = ({ ownership, sharing }: Cell) => `${ownership}/${sharing}`;

describe.each(routes)("$name", (route) => {
  it.each(roles)("as %s: every ownership × sharing answers as the table says", async (role) => {
    const token = tokens[actors[role].userId]!;
    const expected: Record<string, number> = {};
    const actual: Record<string, number> = {};
    const bodies: Record<string, string> = {};
    // Each cell is its own contact, so the cells of one role run side by side.
    await Promise.all(
      cells.map(async (cell) => {
        const contactId = contactFor(role, cell.ownership, cell.sharing);
        await route.prepare?.(contactId);
        const response = await route.call(token, contactId, { role, sharing: cell.sharing });
        expected[label(cell)] = route.expect(levels[role][cell.ownership][sharings.indexOf(cell.sharing)]!, role);
        actual[label(cell)] = response.status;
        if (response.status === 404) bodies[label(cell)] = (await response.clone().text()).replaceAll(contactId, "<id>");
        await route.undo?.(contactId, response);
      }),
    );
    expect(actual).toEqual(expected);
    // Nothing leaks: every 404 is the very same problem document as for a contact that never existed.
    if (Object.keys(bodies).length > 0) {
      const missing = bodies["missing/private"];
      expect(missing, "a missing contact is a 404 too").toBeDefined();
      for (const [cell, body] of Object.entries(bodies)) expect(body, cell).toBe(missing);
    }
  });
});

describe("GET /v1/contacts (the list)", () => {
  it.each(roles)("as %s: lists exactly the contacts the table lets it see, paged without gaps or duplicates", async (role) => {
    const token = tokens[actors[role].userId]!;
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await request(token, "GET", `/v1/contacts?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: { contactId: string }[]; cursor: string | null };
      seen.push(...page.items.map((item) => item.contactId));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 50);
    expect(new Set(seen).size, "no duplicates").toBe(seen.length);
    expect(seen, "newest first").toEqual([...seen].sort().reverse());
    // Every contact of the table, and whether this role should find it in its list.
    const universe = new Map<string, boolean>();
    // The other roles' own contacts: their owners are all in the "north" team, like this user.
    for (const owner of roles) {
      for (const sharing of sharings) universe.set(contacts.get(key(owner, "own", sharing))!, owner === role || listedLevel(role, "sameTeam", sharing) !== N);
    }
    for (const ownership of ["sameTeam", "otherTeam", "inOperatorsCallList"] as const) {
      for (const sharing of sharings) universe.set(contactFor(role, ownership, sharing), listedLevel(role, ownership, sharing) !== N);
    }
    const expected = [...universe].filter(([, listed]) => listed).map(([contactId]) => contactId).sort();
    expect([...seen].sort()).toEqual(expected);
  });
});

/**
 * Call-list statistics and the calls report (issue 18): by role. The statistics follow the list
 * (admins and managers all lists, operators the lists they work, others 404 as for a missing one;
 * marketeers have no call-list right: 403); the report is for managers and admins only.
 */
describe("statistics and reports by role", () => {
  const statistics: Record<(typeof roles)[number], number> = { admin: 200, manager: 200, sales: 404, marketeer: 403, operator: 200 };
  const report: Record<(typeof roles)[number], number> = { admin: 200, manager: 200, sales: 403, marketeer: 403, operator: 403 };
  it.each(roles)("as %s: GET /v1/call-lists/{id}/statistics and GET /v1/reports/calls", async (role) => {
    const token = tokens[actors[role].userId]!;
    const answers = {
      statistics: (await request(token, "GET", `/v1/call-lists/${matrixListId}/statistics`)).status,
      missingList: (await request(token, "GET", `/v1/call-lists/${MISSING_ID}/statistics`)).status,
      report: (await request(token, "GET", "/v1/reports/calls?from=2026-05-01&to=2026-05-07")).status,
      reportCsv: (await request(token, "GET", "/v1/reports/calls?from=2026-05-01&to=2026-05-07&format=csv")).status,
    };
    expect(answers).toEqual({ statistics: statistics[role], missingList: role === "marketeer" ? 403 : 404, report: report[role], reportCsv: report[role] });
  });
});

/**
 * The list's call script (issue 18): `PATCH /v1/call-lists/{id}` is for whoever manages the list
 * (admins and managers all lists, sales their own: this one is an admin's, so 404 as for a missing
 * one); operators work the list but do not change it, marketeers have no call-list right (403).
 */
describe("PATCH /v1/call-lists/{id} (the call script) by role", () => {
  const expected: Record<(typeof roles)[number], number> = { admin: 200, manager: 200, sales: 404, marketeer: 403, operator: 403 };
  it.each(roles)("as %s", async (role) => {
    const token = tokens[actors[role].userId]!;
    const body = { settings: { script: "Hello {firstName}" } };
    const answers = {
      list: (await request(token, "PATCH", `/v1/call-lists/${matrixListId}`, { body })).status,
      missingList: (await request(token, "PATCH", `/v1/call-lists/${MISSING_ID}`, { body })).status,
    };
    expect(answers).toEqual({ list: expected[role], missingList: role === "marketeer" || role === "operator" ? 403 : 404 });
  });
});

/**
 * The call log (issue 18): a call is visible to whoever took it (operators, sales, marketeers:
 * only their own), to managers when their team took it, to admins always, and in every case
 * only if its contact is visible (the table above). Each role × contact cell has three calls: one
 * the role's user took, one a colleague of the same team took, one another team's user took.
 * `GET /v1/calls/{callId}` answers 200 or 404, and `GET /v1/calls?contactId=` lists exactly the 200s.
 */
describe("GET /v1/calls/{callId} and GET /v1/calls?contactId= (the call log)", () => {
  const takers = ["self", "sameTeam", "otherTeam"] as const;
  const callIdFor = (role: string, cell: Cell, taker: string) => `matrix-${role}-${cell.ownership}-${cell.sharing}-${taker}`;
  beforeAll(async () => {
    const begins = roles.flatMap((role) =>
      cells.flatMap((cell) =>
        takers.map((taker) => () =>
          Calls.begin({
            callId: callIdFor(role, cell, taker),
            source: "manual",
            direction: "outbound",
            number: "+79160000001",
            contactId: contactFor(role, cell.ownership, cell.sharing),
            operatorId: taker === "self" ? actors[role].userId : taker === "sameTeam" ? ownerNorth.userId : ownerSouth.userId,
            placedAt: "2026-05-01T10:00:00Z",
          }),
        ),
      ),
    );
    await withActor({ type: "system", reason: "test" }, async () => {
      for (let index = 0; index < begins.length; index += 25) await Promise.all(begins.slice(index, index + 25).map((begin) => begin()));
    });
  }, 60_000);
  const mayTake = (role: (typeof roles)[number], taker: (typeof takers)[number]) => taker === "self" || role === "admin" || (role === "manager" && taker === "sameTeam");

  it.each(roles)("as %s: by who took the call and the contact's visibility", async (role) => {
    const token = tokens[actors[role].userId]!;
    const expected: Record<string, number> = {};
    const actual: Record<string, number> = {};
    const expectedListed: Record<string, string[]> = {};
    const listed: Record<string, string[]> = {};
    await Promise.all(
      cells.map(async (cell) => {
        const visibleContact = levels[role][cell.ownership][sharings.indexOf(cell.sharing)] !== N;
        for (const taker of takers) {
          const callId = callIdFor(role, cell, taker);
          expected[`${label(cell)}/${taker}`] = visibleContact && mayTake(role, taker) ? 200 : 404;
          actual[`${label(cell)}/${taker}`] = (await request(token, "GET", `/v1/calls/${callId}`)).status;
        }
        const contactId = contactFor(role, cell.ownership, cell.sharing);
        // Calls of this cell made for the other roles are in the same contact's partition: only this role's three are checked.
        const response = await request(token, "GET", `/v1/calls?contactId=${contactId}&limit=100`);
        expect(response.status).toBe(200);
        const mine = new Set(takers.map((taker) => callIdFor(role, cell, taker)));
        listed[label(cell)] = ((await response.json()) as { items: { callId: string }[] }).items.map((item) => item.callId).filter((callId) => mine.has(callId)).sort();
        expectedListed[label(cell)] = takers.filter((taker) => visibleContact && mayTake(role, taker)).map((taker) => callIdFor(role, cell, taker)).sort();
      }),
    );
    expect(actual).toEqual(expected);
    expect(listed).toEqual(expectedListed);
  });
});
