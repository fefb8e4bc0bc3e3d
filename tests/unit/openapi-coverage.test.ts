import { describe, expect, it } from "vitest";
import { createApiApp } from "../../packages/functions/src/api/app";
import { openApiDocument } from "../../packages/functions/src/api/openapi";

/** Routes that describe the API rather than being part of it, and CORS preflights. */
const undocumented = new Set(["GET /v1/openapi.json", "GET /docs"]);

describe("OpenAPI document", () => {
  it("describes every route the API serves, and nothing it does not", async () => {
    const app = createApiApp();
    const served = new Set(
      app
        .routes.filter((route) => route.method !== "ALL" && route.method !== "OPTIONS")
        .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`)
        .filter((route) => !undocumented.has(route)),
    );
    const document = (await openApiDocument(app)) as unknown as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`)));

    expect([...served].filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((route) => !served.has(route))).toEqual([]);
    expect(served.size).toBeGreaterThan(80);
  });

  it("documents the call-list operators change with its request schema", async () => {
    const document = (await openApiDocument(createApiApp())) as unknown as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> };
    const body = document.paths["/v1/call-lists/{listId}/operators"]?.put?.requestBody?.content["application/json"]?.schema;
    expect(Object.keys(body?.properties ?? {})).toEqual(["operatorIds"]);
  });
});
