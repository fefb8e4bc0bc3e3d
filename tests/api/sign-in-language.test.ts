import { beforeAll, describe, expect, it } from "vitest";
import { createIssuer } from "../../packages/functions/src/auth/issuer";
import { fromAcceptLanguage, fromUiLocales } from "../../packages/functions/src/auth/sign-in-language";
import { createTestTable, type TestTable } from "../fixtures/table";
import { seedAdmin } from "../fixtures/factories";

// Issue 19: the issuer's sign-in page speaks the user's language: the console's (ui_locales,
// kept across OpenAuth's redirect to the form), else the browser's, else the organization's.
type Issuer = ReturnType<typeof createIssuer>;
let table: TestTable;
let issuer: Issuer;

beforeAll(async () => {
  table = await createTestTable("sign-in-language");
  issuer = createIssuer({ tableName: table.tableName, dynamoEndpoint: table.endpoint, redirects: { clients: ["tests"], redirectUris: [], allowLoopback: true } });
  await seedAdmin();
});

const env = { event: { requestContext: { http: { sourceIp: "198.51.100.9" } } } };

/** The form as a browser reaches it: /authorize, then the provider's page with the cookies set. */
async function form(query: Record<string, string>, headers: Record<string, string> = {}, post?: Record<string, string>): Promise<Response> {
  const search = new URLSearchParams({ client_id: "tests", redirect_uri: "http://localhost/callback", response_type: "code", provider: "password", ...query });
  const authorize = await issuer.request(`http://localhost/authorize?${search}`, { headers }, env);
  const cookie = authorize.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  if (!post) return issuer.request("http://localhost/password/authorize", { headers: { ...headers, cookie } }, env);
  return issuer.request(
    "http://localhost/password/authorize",
    { method: "POST", headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(post).toString() },
    env,
  );
}

describe("the sign-in page's language", () => {
  it("follows the console's ui_locales across the redirect to the form", async () => {
    const page = await (await form({ ui_locales: "ro" }, { "accept-language": "en-GB,en;q=0.9" })).text();
    expect(page).toContain('<html lang="ro">');
    expect(page).toContain("Autentificare în Callboard");
    expect(page).toContain("Parolă");
  });

  it("else the browser's Accept-Language, by weight", async () => {
    const page = await (await form({}, { "accept-language": "de-DE,ru;q=0.8,en;q=0.5" })).text();
    expect(page).toContain('<html lang="ru">');
    expect(page).toContain("Вход в Callboard");
    expect(page).toContain(">Войти</button>");
  });

  it("else the organization's default language (ru until an admin sets another)", async () => {
    const page = await (await form({})).text();
    expect(page).toContain('<html lang="ru">');
  });

  it("says a wrong password in that language", async () => {
    const answer = await form({ ui_locales: "ru" }, {}, { email: "nobody@callboard.test", password: "wrong" });
    expect(answer.status).toBe(401);
    expect(await answer.text()).toContain("Неверная эл. почта или пароль.");
    const english = await form({}, { "accept-language": "en" }, { email: "nobody@callboard.test", password: "wrong" });
    expect(await english.text()).toContain("Wrong email or password.");
  });

  it("reads the language tags the way browsers write them", () => {
    expect(fromAcceptLanguage("ro-MD,ro;q=0.9,en-US;q=0.8")).toBe("ro");
    expect(fromAcceptLanguage("fr;q=0.9,en;q=0.95")).toBe("en");
    expect(fromAcceptLanguage("*")).toBeUndefined();
    expect(fromAcceptLanguage("ru;q=0")).toBeUndefined();
    expect(fromUiLocales("de ro-RO")).toBe("ro");
    expect(fromUiLocales("")).toBeUndefined();
  });
});
