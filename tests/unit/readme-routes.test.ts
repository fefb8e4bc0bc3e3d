/**
 * The README's "API overview" table lists every route the API serves (issue 17: the docs cannot
 * fall behind again). Routes come from the Hono apps themselves: the API (createApiApp) and the
 * local host's operator push channel (createOperatorVoice, marked "local only" in the table).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createApiApp } from "../../packages/functions/src/api/app";
import { createOperatorVoice } from "../../packages/functions/src/local/operator-voice";

/** `GET /v1/contacts/{}`: method and path, parameters unnamed (`:contactId` and `{id}` alike). */
function routeKey(method: string, path: string): string {
  return `${method} ${path.replace(/\{[^}]*\}|:\w+(\{[^}]*\})?/g, "{}")}`;
}

function servedRoutes(): string[] {
  const routes = [...createApiApp().routes, ...createOperatorVoice({}).app.routes];
  // ALL is middleware; OPTIONS the CORS preflights. Validators add a route per handler: dedupe.
  return [...new Set(routes.filter((route) => route.method !== "ALL" && route.method !== "OPTIONS").map((route) => routeKey(route.method, route.path)))];
}

/** The rows of the table under "## API overview": the backticked routes of each row's first cell. */
function readmeRouteCells(readme: string): string[][] {
  const section = readme.split(/^## API overview$/m)[1]?.split(/^## /m)[0] ?? "";
  const rows = section.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| route ") && !line.startsWith("|---"));
  // The cell ends at the first `|` that is neither escaped (`\|`) nor inside backticks.
  return rows.map((row) => {
    const cell = row.slice(1).replace(/\\\|/g, "\u0000").split("|")[0]!;
    return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!.replace(/\u0000/g, "|"));
  });
}

/**
 * Every route one cell documents. Forms the table uses: `GET, POST /v1/views`,
 * `POST /v1/call-lists/{id}/start | pause | resume | cancel` (alternatives of a path segment),
 * `PUT /v1/intake/routes/{number|*}` (one parameter), `GET /v1/contacts?…` and
 * `POST /v1/contacts[?duplicates=allow]` (query left out), and `GET …/entries/{entryId}` (continues
 * the route before it in the same cell).
 */
function documentedRoutes(cell: string[]): string[] {
  const keys: string[] = [];
  let previous: string[] = [];
  for (const text of cell) {
    const match = /^([A-Z]+(?:,\s*[A-Z]+)*)\s+(\S.*)$/.exec(text.trim());
    if (!match) continue;
    const methods = match[1]!.split(/,\s*/);
    const path = match[2]!.replace(/\s*\|\s*/g, "|").split(/[?[]/)[0]!.trim();
    let segments = path.split("/");
    if (segments[0] === "…") {
      const tail = segments.slice(1);
      // The longest end of the previous path that the continuation starts with is shared.
      let overlap = Math.min(previous.length, tail.length);
      while (overlap > 0 && previous.slice(-overlap).join("/") !== tail.slice(0, overlap).join("/")) overlap--;
      segments = [...previous, ...tail.slice(overlap)];
    }
    previous = segments;
    let paths = [""];
    for (const segment of segments.slice(1)) {
      const alternatives = segment.startsWith("{") ? [segment] : segment.split("|");
      paths = paths.flatMap((start) => alternatives.map((alternative) => `${start}/${alternative}`));
    }
    for (const method of methods) for (const each of paths) keys.push(routeKey(method, each));
  }
  return keys;
}

describe("README API overview", () => {
  const readme = readFileSync("README.md", "utf8");
  const documented = new Set(readmeRouteCells(readme).flatMap(documentedRoutes));

  it("reads the table's forms", () => {
    expect(documentedRoutes(["GET, POST /v1/views", "GET, PATCH, DELETE /v1/views/{id}"])).toEqual(["GET /v1/views", "POST /v1/views", "GET /v1/views/{}", "PATCH /v1/views/{}", "DELETE /v1/views/{}"]);
    expect(documentedRoutes(["POST /v1/call-lists/{id}/start | pause"])).toEqual(["POST /v1/call-lists/{}/start", "POST /v1/call-lists/{}/pause"]);
    expect(documentedRoutes(["PUT, DELETE /v1/intake/routes/{number|*}"])).toEqual(["PUT /v1/intake/routes/{}", "DELETE /v1/intake/routes/{}"]);
    expect(documentedRoutes(["GET /v1/companies?q=&sort=name|created", "POST /v1/contacts[?duplicates=allow]"])).toEqual(["GET /v1/companies", "POST /v1/contacts"]);
    expect(documentedRoutes(["GET /v1/call-lists/{id}/entries", "GET …/entries/{entryId}"])).toEqual(["GET /v1/call-lists/{}/entries", "GET /v1/call-lists/{}/entries/{}"]);
    expect(documentedRoutes(["GET /v1/operator/inbound-call", "POST …/{callKey}/dismiss"])).toEqual(["GET /v1/operator/inbound-call", "POST /v1/operator/inbound-call/{}/dismiss"]);
    expect(readmeRouteCells("## API overview\n| route | what |\n|---|---|\n| `POST /a/{id}/x\\|y` | one `GET /not-a-route` |\n")).toEqual([["POST /a/{id}/x|y"]]);
    expect(routeKey("PATCH", "/v1/custom-fields/:entityType/:key")).toBe(routeKey("PATCH", "/v1/custom-fields/{entityType}/{key}"));
  });

  it("has a row for every route the API serves", () => {
    const served = servedRoutes();
    expect(served.length).toBeGreaterThan(80);
    expect(served.filter((route) => !documented.has(route)), "routes missing from the README's API overview").toEqual([]);
  });

  it("lists no route the API does not serve", () => {
    const served = new Set(servedRoutes());
    expect([...documented].filter((route) => !served.has(route)), "README rows naming no served route").toEqual([]);
  });
});
