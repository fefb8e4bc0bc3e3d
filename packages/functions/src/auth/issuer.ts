import "@callboard/core/runtime/polyfills";
import { issuer } from "@openauthjs/openauth";
import type { Provider } from "@openauthjs/openauth/provider/provider";
import { DynamoStorage } from "@openauthjs/openauth/storage/dynamo";
import { TableSchema } from "@callboard/core/storage/table-schema";
import { Users } from "@callboard/core/users";
import { subjects } from "./subjects";
import { loginPage } from "./login-page";
import { LoginThrottle } from "./login-throttle";

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_SECONDS = 14 * 24 * 3600;

/** Email + password checked against the users in our table (admins create them). */
function userPasswordProvider(throttle: LoginThrottle): Provider<{ userId: string; role: string }> {
  return {
    type: "password",
    init(routes, ctx) {
      const html = (body: string, status = 200) =>
        new Response(body, { status, headers: { "content-type": "text/html; charset=utf-8" } });
      routes.get("/authorize", (c) => ctx.forward(c, html(loginPage({}))));
      routes.post("/authorize", async (c) => {
        const form = await c.req.formData();
        const email = String(form.get("email") ?? "").trim().toLowerCase();
        const password = String(form.get("password") ?? "");
        const client = c.req.header("x-forwarded-for")?.split(",")[0]?.trim() || "local";
        if (!throttle.allow(`${client}|${email}`)) {
          return ctx.forward(c, html(loginPage({ email, error: "Too many attempts. Wait a minute and try again." }), 429));
        }
        const user = email && password ? await Users.authenticate(email, password) : undefined;
        if (!user) return ctx.forward(c, html(loginPage({ email, error: "Wrong email or password." }), 401));
        return ctx.success(c, { userId: user.userId, role: user.role });
      });
    },
  };
}

export function createIssuer(options: { tableName: string; dynamoEndpoint?: string }) {
  return issuer({
    subjects,
    storage: DynamoStorage({
      table: options.tableName,
      pk: TableSchema.partitionKey,
      sk: TableSchema.sortKey,
      ttl: TableSchema.ttlAttribute,
      ...(options.dynamoEndpoint ? { endpoint: options.dynamoEndpoint } : {}),
    }),
    providers: { password: userPasswordProvider(new LoginThrottle({ attempts: 10, windowMs: 60_000 })) },
    ttl: { access: ACCESS_TOKEN_SECONDS, refresh: REFRESH_TOKEN_SECONDS },
    async success(ctx, value) {
      const user = await Users.get(value.userId);
      return ctx.subject("user", { userId: user.userId, role: user.role });
    },
  });
}
