// THROWAWAY dev mock (to be deleted): real OpenAuth issuer + fake /v1 API + dist
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { issuer } from "@openauthjs/openauth";
import { createClient } from "@openauthjs/openauth/client";
import { createSubjects } from "@openauthjs/openauth/subject";
import { MemoryStorage } from "@openauthjs/openauth/storage/memory";
import { readFileSync } from "node:fs";
import * as v from "valibot";

const subjects = createSubjects({ user: v.object({ userId: v.string(), role: v.string() }) });
const port = Number(process.env.PORT ?? 3000);
const origin = `http://localhost:${port}`;
const form = (err = "") => `<!doctype html><html><body><h1>Issuer</h1>${err ? `<p>${err}</p>` : ""}<form method="post"><label>Email <input name="email"></label><label>Password <input name="password" type="password"></label><button type="submit">Sign in</button></form></body></html>`;
const auth = issuer({
  subjects,
  storage: MemoryStorage(),
  providers: {
    password: {
      type: "password",
      init(routes, ctx) {
        routes.get("/authorize", (c) => ctx.forward(c, new Response(form(), { headers: { "content-type": "text/html" } })));
        routes.post("/authorize", async (c) => {
          const f = await c.req.formData();
          if (f.get("password") !== "pw") return ctx.forward(c, new Response(form("Wrong"), { status: 401, headers: { "content-type": "text/html" } }));
          return ctx.success(c, { userId: "u1" });
        });
      },
    } as any,
  },
  async success(ctx, value: any) {
    return ctx.subject("user", { userId: value.userId, role: "admin" });
  },
});
const verifier = createClient({ clientID: "api", issuer: origin });
type C = { contactId: string; displayName: string; firstName?: string; lastName?: string; phones: { number: string; type: string }[]; emails: string[]; ownerId: string; version: number; createdAt: string; updatedAt: string };
const contacts: C[] = [];
const names = ["Ivan Sidorov", "Maria Ionescu", "Olga Smirnova", "Andrei Popescu", "Pavel Kuznetsov", "Elena Rusu", "Dmitri Volkov", "Ana Ciobanu", "Sergei Morozov", "Natalia Lebedeva", "Vlad Munteanu", "Irina Pavlova"];
names.forEach((n, i) => {
  const [f, l] = n.split(" ");
  const t = new Date(Date.UTC(2025, 0, 1 + i, 9, 30)).toISOString();
  contacts.push({ contactId: `c${String(i).padStart(3, "0")}`, displayName: n, firstName: f, lastName: l, phones: i % 3 ? [{ number: `+7916${String(1000000 + i * 7919).slice(0, 7)}`, type: "mobile" }] : [], emails: i % 2 ? [`${f!.toLowerCase()}@example.com`] : [], ownerId: "u1", version: 1, createdAt: t, updatedAt: t });
});
const api = new Hono().basePath("/v1");
api.use(async (c, next) => {
  const token = c.req.header("authorization")?.replace(/^Bearer /, "");
  const r = token ? await verifier.verify(subjects, token) : { err: true };
  if (r.err) return c.json({ type: "about:blank", title: "Unauthorized", status: 401 }, 401);
  await next();
});
api.get("/me", (c) => c.json({ userId: "u1", email: "admin@callboard.test", name: "Admin", role: "admin" }));
api.get("/contacts", (c) => {
  const limit = Number(c.req.query("limit") ?? 20);
  const start = Number(c.req.query("cursor") ?? 0);
  const items = contacts.slice(start, start + limit);
  return c.json({ items, cursor: start + limit < contacts.length ? String(start + limit) : null });
});
api.get("/contacts/:id", (c) => {
  const x = contacts.find((k) => k.contactId === c.req.param("id"));
  if (!x) return c.json({ type: "about:blank", title: "Not Found", status: 404, detail: "No such contact" }, 404);
  c.header("ETag", `"${x.version}"`);
  return c.json(x);
});
api.post("/contacts", async (c) => {
  const b = await c.req.json();
  const errors: { field: string; message: string }[] = [];
  const phones = (b.phones ?? []).map((p: any, i: number) => {
    const d = String(p.number).replace(/\D/g, "");
    if (d.length !== 11) errors.push({ field: `phones[${i}].number`, message: "Not a valid phone number" });
    return { number: "+7" + d.slice(1), type: p.type ?? "other" };
  });
  (b.emails ?? []).forEach((e: string, i: number) => { if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e)) errors.push({ field: `emails[${i}]`, message: "Not a valid email address" }); });
  if (!b.firstName && !b.lastName && !phones.length && !(b.emails ?? []).length) errors.push({ field: "", message: "Give a name, a phone or an email" });
  if (errors.length) return c.body(JSON.stringify({ type: "https://callboard.dev/problems/validation", title: "Invalid request", status: 400, detail: "The contact has invalid fields.", errors }), 400, { "content-type": "application/problem+json" });
  const t = new Date().toISOString();
  const x: C = { contactId: `n${contacts.length}`, displayName: [b.firstName, b.lastName].filter(Boolean).join(" ") || phones[0]?.number || b.emails[0], firstName: b.firstName, lastName: b.lastName, phones, emails: b.emails ?? [], ownerId: "u1", version: 1, createdAt: t, updatedAt: t };
  contacts.unshift(x);
  return c.json(x, 201);
});
const app = new Hono();
app.route("/", api);
app.route("/", auth);
app.use("/assets/*", serveStatic({ root: "./packages/web/dist" }));
app.get("*", (c) => c.html(readFileSync("packages/web/dist/index.html", "utf8")));
serve({ fetch: app.fetch, port });
console.log("mock on", origin);
