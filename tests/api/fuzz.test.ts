/**
 * The API fuzzer: every operation of /v1/openapi.json, fed valid and mutated inputs built by
 * fast-check from the operation's own schemas, as admin, manager, sales, operator and anonymous,
 * over real HTTP with keep-alive against the local host (the same app as `npm start`).
 *
 * It holds that no request gets a 5xx or a closed socket, that every 2xx JSON body matches the
 * document, that 4xx answers are problem+json, that nothing lands on Object.prototype, and that
 * sign-in still works afterwards.
 *
 *   FUZZ_RUNS=20000 npx vitest run tests/api/fuzz.test.ts     longer run (before a release)
 *   FUZZ_SEED=… FUZZ_OPS="POST /v1/contacts" FUZZ_PATH=…        replay what a failure printed
 *   FUZZ_CONCURRENCY=4                                          operations fuzzed at once
 */
import { randomBytes, randomUUID } from "node:crypto";
import fc from "fast-check";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { configureChatLimit } from "../../packages/core/src/intake/chats";
import { signIntake } from "../../packages/core/src/intake/signature";
import { configureFormLimits } from "../../packages/core/src/intake/submissions";
import { configureTelephonyWebhooks, signSimulatorEvent, twilioSignature } from "../../packages/core/src/telephony";
import type { User } from "../../packages/core/src/users";
import { startLocalHost, type LocalHost } from "../../packages/functions/src/local/host";
import { seedAdmin, seedUser, TEST_PASSWORD } from "../fixtures/factories";
import {
  applyMutations,
  cursorArbitrary,
  encodeSegment,
  LONG_ID,
  mutationArbitrary,
  nastyString,
  nastyValue,
  operationsOf,
  Pools,
  PROTO_KEYS,
  prototypeKeys,
  rawJsonTexts,
  rawQueryFragments,
  valueFromSchema,
  withProtoKeys,
  type JsonSchema,
  type Operation,
  type SchemaContext,
} from "../fixtures/fuzz";

const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 3000;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY) > 0 ? Number(process.env.FUZZ_CONCURRENCY) : 6;
const ONLY = process.env.FUZZ_OPS?.split(",").map((key) => key.trim()).filter(Boolean);

const SIMULATOR_SECRET = randomBytes(16).toString("hex");
const TWILIO_TOKEN = "fuzz-twilio-auth-token";
const FORM_SECRET = "fuzz-form-secret-0123456789";
const FORM_ORIGIN = "https://site.example";

type Role = "admin" | "manager" | "sales" | "operator" | "anonymous";

let host: LocalHost;
let document: { paths: Record<string, unknown>; components?: { schemas?: Record<string, JsonSchema> } };
let operations: Operation[];
let context: SchemaContext;
const pools = new Pools();
const users: Partial<Record<Exclude<Role, "anonymous">, User>> = {};
const tokens = new Map<string, { token: string; at: number }>();
/** Secrets the fuzzer signs with; updated when a fuzzed request changes one. */
const formSecrets = new Map<string, string | undefined>();
const chatSecrets = new Map<string, string>();
const baselinePrototype = prototypeKeys();

// ---- figures ---------------------------------------------------------------------------------

const statuses = new Map<number, number>();
const okByOperation = new Map<string, number>();
const statusesByOperation = new Map<string, Map<number, number>>();
/** FUZZ_VERBOSE: why valid requests were refused, a few per operation (to keep the fuzz deep). */
const refusedValid = new Map<string, string[]>();
const socketErrors: string[] = [];
let requests = 0;
let fuzzMs = 0;

// ---- HTTP ------------------------------------------------------------------------------------

async function signIn(email: string, password = TEST_PASSWORD): Promise<string> {
  const redirect = `${host.url}/callback`;
  const jar: string[] = [];
  const keep = (response: Response) => response.headers.getSetCookie().forEach((cookie) => jar.push(cookie.split(";")[0]!));
  keep(await fetch(`${host.url}/authorize?client_id=cli&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&provider=password`, { redirect: "manual" }));
  const login = await fetch(`${host.url}/password/authorize`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: jar.join("; "), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }),
  });
  const code = new URL(login.headers.get("location") ?? "http://x/").searchParams.get("code");
  if (!code) throw new Error(`sign-in of ${email} failed (${login.status})`);
  const answer = await fetch(`${host.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirect, client_id: "cli" }),
  });
  const { access_token } = (await answer.json()) as { access_token?: string };
  if (!access_token) throw new Error(`token exchange for ${email} failed (${answer.status})`);
  return access_token;
}

/** Access tokens live 15 minutes; a long run signs in again every 5. */
async function tokenOf(role: Role): Promise<string | undefined> {
  if (role === "anonymous") return undefined;
  const cached = tokens.get(role);
  if (cached && Date.now() - cached.at < 5 * 60_000) return cached.token;
  const token = await signIn(users[role]!.email);
  tokens.set(role, { token, at: Date.now() });
  return token;
}

interface Sent {
  method: string;
  url: string;
  role: Role;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}
interface Received {
  status: number;
  contentType: string;
  text: string;
  json?: unknown;
}

async function send(request: Sent): Promise<Received> {
  const token = await tokenOf(request.role);
  const headers = { ...request.headers, ...(token && !request.headers.authorization ? { authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(`${host.url}${request.url}`, {
    method: request.method,
    headers,
    body: request.body as BodyInit | undefined,
    redirect: "manual",
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  let json: unknown;
  if (/json/i.test(contentType)) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, contentType, text, json };
}

const seedProblems: string[] = [];
/** Seeding: the answer's IDs go to the pools; a failure is reported (the fuzz would go shallow), not thrown. */
async function seed(role: Role, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
  const answer = await send({
    method,
    url: path,
    role,
    headers: { ...(body !== undefined && typeof body !== "string" ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  if (answer.status >= 300) {
    seedProblems.push(`${method} ${path} as ${role}: ${answer.status} ${answer.text.slice(0, 300)}`);
    return {};
  }
  pools.harvest(answer.json);
  return answer.json;
}

// ---- response checks -------------------------------------------------------------------------

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat("date-time", (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value) && !Number.isNaN(Date.parse(value)));
ajv.addFormat("date", /^\d{4}-\d\d-\d\d$/);
ajv.addFormat("email", /^[^\s@]+@[^\s@]+$/);
ajv.addFormat("binary", () => true);
const validators = new Map<string, ValidateFunction | null>();

function validatorFor(operation: Operation, status: number, contentType: string): ValidateFunction | null {
  const key = `${operation.key} ${status} ${contentType}`;
  if (!validators.has(key)) {
    const media = operation.responses[String(status)]?.content;
    const schema = media?.[contentType]?.schema ?? (status >= 400 ? { $ref: "#/components/schemas/Problem" } : undefined);
    validators.set(key, schema ? ajv.compile({ ...schema, components: document.components }) : null);
  }
  return validators.get(key)!;
}

/** What is wrong with this answer, if anything. */
function problemsOf(operation: Operation, received: Received): string[] {
  const problems: string[] = [];
  if (received.status >= 500) problems.push(`answered ${received.status}`);
  const polluted = prototypeKeys().filter((key) => !baselinePrototype.includes(key));
  if (polluted.length || ({} as Record<string, unknown>).eq !== undefined) {
    problems.push(`Object.prototype polluted: ${polluted.join(", ") || "eq"}`);
    // Clean up, so that the rest of the run still tests something.
    for (const key of polluted) delete (Object.prototype as Record<string, unknown>)[key];
  }
  const mediaType = received.contentType.split(";")[0]!.trim().toLowerCase();
  if (received.status >= 200 && received.status < 300 && /json/.test(mediaType)) {
    if (received.json === undefined) problems.push(`a ${received.status} whose ${mediaType} body is not JSON`);
    else {
      const validate = validatorFor(operation, received.status, mediaType);
      if (validate && !validate(received.json)) problems.push(`the ${received.status} body does not match the document: ${ajv.errorsText(validate.errors, { separator: "; " })}`);
    }
  }
  // 414 and 431 come from Node's HTTP parser (URL or headers over 16 KB), before the app is reached.
  if (received.status >= 400 && received.status < 500 && received.status !== 414 && received.status !== 431) {
    if (mediaType !== "application/problem+json") problems.push(`a ${received.status} answered as ${mediaType || "no content type"}, not application/problem+json`);
    else {
      const validate = validatorFor(operation, received.status, "application/problem+json");
      if (received.json === undefined) problems.push(`a ${received.status} problem that is not JSON`);
      else if (validate && !validate(received.json)) problems.push(`the ${received.status} problem does not match the document: ${ajv.errorsText(validate.errors, { separator: "; " })}`);
    }
  }
  return problems;
}

// ---- plans: what one fuzzed request is made of ------------------------------------------------

type Signing = "valid" | "none" | "wrong" | "stale";
interface Plan {
  hostile: boolean;
  role: Role;
  path: Record<string, string>;
  query: [string, string][];
  rawQuery?: string;
  headers: Record<string, string>;
  body?: { contentType?: string; text?: string; bytes?: number[] };
  signing: Signing;
  origin?: string;
}

/** `arbitrary`'s value in `percent` % of the requests, else undefined. */
const sometimes = <T,>(arbitrary: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 100 - percent }, { arbitrary, weight: percent });

const headerSafe = fc.oneof(fc.uuid(), fc.constantFrom("", "x", LONG_ID, "__proto__", '{"$gt":""}', "' OR 1=1 --"), fc.string({ unit: fc.constantFrom(..."abcXYZ019-_.:/=\"' "), maxLength: 30 }));

const roleFor = (operation: Operation, hostile: boolean): fc.Arbitrary<Role> =>
  operation.public
    ? hostile
      ? fc.constantFrom<Role>("anonymous", "anonymous", "admin")
      : fc.constant<Role>("anonymous")
    : fc.oneof(
        { arbitrary: fc.constant<Role>("admin"), weight: 4 },
        { arbitrary: fc.constant<Role>("manager"), weight: 2 },
        { arbitrary: fc.constant<Role>("sales"), weight: 3 },
        { arbitrary: fc.constant<Role>("operator"), weight: 2 },
        { arbitrary: fc.constant<Role>("anonymous"), weight: hostile ? 2 : 0 },
      );

/**
 * Operations that trash, merge away or rewrite what they touch. They draw IDs from "victim:…"
 * pools (things the fuzz itself created, and a few seeded for the purpose) and run last, so the
 * seeded world stays alive for the rest of the run.
 */
const isDestructive = (operation: Operation) =>
  operation.method === "DELETE" ||
  /\/(bulk-delete|merge|cancel|undo)$/.test(operation.path) ||
  operation.key === "POST /v1/bulk-actions" ||
  operation.key === "PATCH /v1/users/{userId}";
const victimPools = new Set(["contact", "company", "view", "form", "customFieldKey", "route", "callList", "phone"]);
const contextFor = (operation: Operation): SchemaContext =>
  isDestructive(operation) ? { ...context, alias: (pool) => (victimPools.has(pool) ? `victim:${pool}` : pool) } : context;

/** Which pool a path parameter draws real values from. */
function pathPool(operation: Operation, name: string): string | undefined {
  const pool = basePathPool(operation, name);
  return pool && isDestructive(operation) && victimPools.has(pool) ? `victim:${pool}` : pool;
}
function basePathPool(operation: Operation, name: string): string | undefined {
  // Changing the fuzzer's own users (role, deactivation) would blind the rest of the run.
  if (operation.path.startsWith("/v1/users/") && name === "userId") return "spareUser";
  if (name === "number") return "route";
  if (name === "key") return "customFieldKey";
  return { contactId: "contact", companyId: "company", listId: "callList", entryId: "entry", formId: "form", viewId: "view", mergeId: "merge", jobId: "job", importId: "job", pairId: "pair", notificationId: "notification", requesterId: "user", callKey: "callKey", phone: "phone", callId: "callId" }[name];
}

function pathValue(operation: Operation, name: string, schema: JsonSchema | undefined, hostile: boolean): fc.Arbitrary<string> {
  const own = valueFromSchema(schema ?? { type: "string" }, contextFor(operation), name).map(String);
  const pool = pathPool(operation, name);
  const real = pool ? pools.pick(pool, own) : own;
  if (!hostile) return real;
  return fc.oneof({ arbitrary: real, weight: 3 }, { arbitrary: fc.ulid(), weight: 1 }, { arbitrary: own, weight: 1 }, { arbitrary: nastyString, weight: 3 });
}

const asList = (value: unknown) => (Array.isArray(value) ? value.map(String) : [String(value)]);

function queryArbitrary(operation: Operation, hostile: boolean): fc.Arbitrary<[string, string][]> {
  const documented = operation.parameters.filter((parameter) => parameter.in === "query");
  const parts = documented.map((parameter): fc.Arbitrary<[string, string][]> => {
    if (parameter.name === "cf.<key>") {
      const realKey = pools.pick("customFieldKey", fc.constant("budget"));
      const key = hostile ? fc.oneof(realKey, fc.constantFrom<string>(...PROTO_KEYS), fc.string({ maxLength: 8 })) : realKey;
      const suffix = hostile ? fc.constantFrom("", ".min", ".max", ".__proto__", ".constructor", ".eq") : fc.constantFrom("", ".min", ".max");
      const value = hostile ? fc.oneof(fc.string({ maxLength: 10 }), fc.integer().map(String), nastyString) : fc.oneof(fc.integer({ min: 0, max: 1000 }).map(String), fc.constantFrom("a", "b"));
      return fc.array(fc.tuple(fc.tuple(key, suffix).map(([k, x]) => `cf.${k}${x}`), value), { maxLength: hostile ? 2 : 1 });
    }
    const valid = valueFromSchema(parameter.schema, contextFor(operation), parameter.name).map(asList);
    const value = hostile ? fc.oneof({ arbitrary: valid, weight: 2 }, { arbitrary: (parameter.name === "cursor" ? cursorArbitrary(pools) : nastyString).map((item) => [item]), weight: 3 }) : valid;
    // A real cursor only comes back from a page: valid requests leave it out.
    const percent = parameter.required ? 97 : parameter.name === "cursor" && !hostile ? 0 : 30;
    return sometimes(value, percent).map((values) => (values ?? []).map((item) => [parameter.name, item] as [string, string]));
  });
  if (!hostile) return fc.tuple(...parts).map((all) => all.flat());
  const extra = sometimes(
    fc.tuple(fc.oneof(fc.constantFrom<string>(...PROTO_KEYS, "cf.__proto__", "cf.constructor.min", "__proto__.eq", "$where", "limit"), fc.string({ maxLength: 8 })), nastyString),
    25,
  );
  return fc.tuple(fc.tuple(...parts), extra).map(([documentedParts, extraPart]) => [...documentedParts.flat(), ...(extraPart ? [extraPart] : [])]);
}

/**
 * Bodies that pass the domain's cross-field rules (which a JSON schema cannot say), used for half
 * of the valid requests of these operations so that their deep code runs too.
 */
function exampleBody(operation: Operation): fc.Arbitrary<unknown> | undefined {
  const contact = pools.pick("contact", fc.constant(""));
  const user = pools.pick("user", fc.constant(""));
  const phone = fc.integer({ min: 1_000_000, max: 9_999_999 }).map((n) => `+7 916 ${n}`);
  const examples: Record<string, fc.Arbitrary<unknown>> = {
    "POST /v1/contacts": fc.record({
      firstName: fc.constantFrom("Anna", "Boris", "Ёжик", "<b>Eve</b>"),
      lastName: fc.constantFrom("Fuzz", "O'Brien"),
      phones: fc.array(phone.map((number) => ({ number })), { maxLength: 2 }),
      tags: fc.constantFrom(["vip"], [], ["fuzz", "new"]),
      custom: fc.constantFrom({}, { budget: 10 }, { segment: "a" }),
    }),
    "POST /v1/companies": fc.record({ name: fc.constantFrom("Acme", "Рога и копыта", "=HYPERLINK(\"http://evil.example\")"), phones: fc.array(phone.map((number) => ({ number, type: "work" })), { maxLength: 1 }), tags: fc.constantFrom(["vip"], []) }),
    "POST /v1/bulk-actions": fc.record({
      action: fc.oneof(fc.record({ type: fc.constant("addTags"), tags: fc.constant(["fuzz"]) }), fc.record({ type: fc.constant("setSharing"), sharing: fc.constantFrom("read", "write") })),
      contactIds: fc.array(pools.pick("victim:contact", fc.constant("")), { minLength: 1, maxLength: 3 }),
    }),
    "POST /v1/call-lists": fc.record({ name: fc.constant("Fuzz list"), operatorIds: fc.tuple(user).map(([id]) => [id]), entries: fc.array(contact.map((contactId) => ({ contactId })), { minLength: 1, maxLength: 3 }) }),
    "POST /v1/call-lists/{listId}/entries": fc.record({ entries: fc.array(contact.map((contactId) => ({ contactId })), { minLength: 1, maxLength: 3 }) }),
    "POST /v1/call-lists/{listId}/entries/{entryId}/disposition": fc.oneof(
      fc.record({ disposition: fc.constantFrom("interested", "not-interested", "wrong-number") }),
      fc.record({ disposition: fc.constant("call-back"), callbackAt: fc.constant(null).map(() => new Date(Date.now() + 3_600_000).toISOString()) }),
    ),
    "POST /v1/exports": fc.record({ filter: fc.constantFrom({}, { tag: "vip" }, { q: "Anna" }) }),
    "POST /v1/custom-fields": fc.record({ entityType: fc.constantFrom("contact", "company"), key: fc.stringMatching(/^[a-z][a-z0-9_]{3,12}$/), label: fc.constant("Fuzz field"), type: fc.constantFrom("text", "number", "date", "boolean") }),
    "PATCH /v1/contacts/{contactId}": fc.record({ position: fc.constantFrom("CEO", "Buyer"), tags: fc.constantFrom(["vip"], []) }, { requiredKeys: [] }),
    "PATCH /v1/companies/{companyId}": fc.record({ shortName: fc.constantFrom("Acme", "AC"), tags: fc.constantFrom(["vip"], []) }, { requiredKeys: [] }),
    "PUT /v1/operator/presence": fc.oneof(fc.record({ state: fc.constant("ready") }), fc.record({ state: fc.constant("paused"), reason: fc.constant("Lunch") })),
    "POST /v1/contacts/{contactId}/merge": fc.record({ otherId: pools.pick("victim:contact", fc.constant("")), pick: fc.constant({}) }),
    "POST /v1/contacts/{contactId}/access-requests": fc.record({ matched: fc.constantFrom("+79161000001", "+79161000002", "gleb.fuzz@example.com") }),
    // The seeded forms map name, phone and email.
    "POST /v1/forms/{formId}/submissions": fc.record({ name: fc.constantFrom("Anna", "Лид с сайта"), phone: phone, email: fc.constantFrom("lead@example.com", "new.lead@example.org") }, { requiredKeys: ["name"] }),
  };
  return examples[operation.key];
}

function jsonBodyText(schema: JsonSchema | undefined, hostile: boolean, context: SchemaContext, example?: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  const fromSchema = valueFromSchema(schema, context);
  const valid = example ? fc.oneof(fromSchema, example) : fromSchema;
  if (!hostile) return valid.map((value) => JSON.stringify(value) ?? "");
  return fc.oneof(
    { arbitrary: fc.tuple(valid, fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 })).map(([value, mutations]) => JSON.stringify(applyMutations(value, mutations)) ?? ""), weight: 6 },
    { arbitrary: fc.tuple(valid, fc.constantFrom(...PROTO_KEYS)).map(([value, key]) => withProtoKeys(JSON.stringify(value) ?? "{}", key)), weight: 3 },
    { arbitrary: fc.constantFrom(...rawJsonTexts), weight: 1 },
    { arbitrary: nastyValue.map((value) => JSON.stringify(value) ?? ""), weight: 1 },
  );
}

function formBodyText(schema: JsonSchema | undefined, hostile: boolean, context: SchemaContext, example?: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  const encode = (value: unknown) => {
    if (!value || typeof value !== "object" || Array.isArray(value)) return encodeSegment(String(value));
    return Object.entries(value)
      .map(([key, item]) => `${encodeSegment(key)}=${encodeSegment(typeof item === "object" ? JSON.stringify(item) : String(item))}`)
      .join("&");
  };
  const fromSchema = valueFromSchema(schema, context);
  const valid = example ? fc.oneof(fromSchema, example) : fromSchema;
  if (!hostile) return valid.map(encode);
  return fc.oneof(
    { arbitrary: fc.tuple(valid, fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 })).map(([value, mutations]) => encode(applyMutations(value, mutations))), weight: 4 },
    { arbitrary: valid.map((value) => `__proto__[eq]=x&constructor[prototype][eq]=x&__proto__=x&${encode(value)}`), weight: 2 },
    { arbitrary: fc.constantFrom(...rawQueryFragments, "", "a=1&a=2&a=3", `x=${"y".repeat(70_000)}`), weight: 1 },
  );
}

const csvText = (hostile: boolean): fc.Arbitrary<string> =>
  fc
    .tuple(
      hostile
        ? fc.constantFrom("Name,Phone,Email", "Имя;Телефон;Email;Компания контакта", "__proto__,constructor,prototype", "Name,Name,Name", '"unterminated,Phone', "", "\uFEFFFull name,Mobile phone,Tags")
        : fc.constantFrom("Name,Phone,Email", "Full name,Mobile phone,Tags"),
      fc.array(
        fc.array(hostile ? fc.oneof(fc.constantFrom("Anna Petrova", "+7 916 123-45-67", "anna@example.com", '=HYPERLINK("http://evil.example","x")', "н/д", "12-34"), nastyString) : fc.constantFrom("Anna Petrova", "+7 916 123-45-67", "anna@example.com", "vip"), { minLength: hostile ? 0 : 3, maxLength: hostile ? 4 : 3 }),
        { maxLength: 5 },
      ),
      hostile ? fc.constantFrom(",", ";", "\t") : fc.constant(","),
    )
    .map(([header, rows, separator]) => [header, ...rows.map((row) => row.map((cell) => (/[",;\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(separator))].join("\r\n"));

const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 });
const imageBytes: fc.Arbitrary<number[]> = fc.oneof(
  bytes,
  bytes.map((rest) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...rest]),
  bytes.map((rest) => [0xff, 0xd8, 0xff, ...rest]),
  bytes.map((rest) => [0x47, 0x49, 0x46, 0x38, 0x39, 0x61, ...rest]),
);
/** A 1×1 PNG, for valid photo uploads. */
const PNG = [...Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64")];

function bodyArbitrary(operation: Operation, hostile: boolean): fc.Arbitrary<Plan["body"]> {
  // GET cannot carry a body (fetch refuses); other bodiless operations get a stray one now and then.
  if (!operation.body) return operation.method === "GET" || !hostile ? fc.constant(undefined) : sometimes(fc.record({ contentType: fc.constant("application/json"), text: fc.constantFrom("{}", '{"__proto__":{"eq":1}}') }), 30);
  const choices = Object.entries(operation.body).map(([mediaType, schema]) => {
    const contentType = hostile ? fc.oneof({ arbitrary: fc.constant(mediaType), weight: 8 }, { arbitrary: fc.constantFrom("text/plain", "application/json; charset=utf-8", "application/x-www-form-urlencoded", "application/merge-patch+json", "multipart/form-data; boundary=x"), weight: 1 }) : fc.constant(mediaType);
    if (/json/.test(mediaType)) return fc.record({ contentType, text: jsonBodyText(schema, hostile, contextFor(operation), exampleBody(operation)) });
    if (/x-www-form-urlencoded/.test(mediaType)) return fc.record({ contentType, text: formBodyText(schema, hostile, contextFor(operation), exampleBody(operation)) });
    if (/csv/.test(mediaType)) return fc.record({ contentType, text: csvText(hostile) });
    return hostile
      ? fc.record({ contentType: fc.constantFrom("image/png", "image/jpeg", "image/gif", "application/octet-stream", "image/svg+xml"), bytes: imageBytes })
      : fc.record({ contentType: fc.constant("image/png"), bytes: fc.constant(PNG) });
  });
  if (!hostile) return fc.oneof(...choices);
  return fc.oneof({ arbitrary: fc.oneof(...choices), weight: 12 }, { arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: fc.record({ text: fc.constantFrom("{}", "a=1") }), weight: 1 });
}

/** One request: a valid one (2 in 5) to reach the deep code, or a hostile one. */
function planArbitrary(operation: Operation): fc.Arbitrary<Plan> {
  return fc.oneof({ arbitrary: planOf(operation, false), weight: 2 }, { arbitrary: planOf(operation, true), weight: 3 });
}

function planOf(operation: Operation, hostile: boolean): fc.Arbitrary<Plan> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === "path");
  const path = fc.record(Object.fromEntries(pathParameters.map((parameter) => [parameter.name, pathValue(operation, parameter.name, parameter.schema, hostile)])));
  const headers: Record<string, fc.Arbitrary<string>> = {};
  if (operation.parameters.some((parameter) => parameter.in === "header" && parameter.name === "If-Match")) {
    const versions = fc.integer({ min: 1, max: 4 }).map((n) => `"${n}"`);
    headers["if-match"] = hostile ? fc.oneof({ arbitrary: versions, weight: 3 }, { arbitrary: fc.constantFrom('W/"2"', "*", '"0"', '"999999999"', '"1", "2"', "1.5", "-1"), weight: 1 }, { arbitrary: headerSafe, weight: 1 }) : versions;
  }
  if (operation.method === "POST") headers["idempotency-key"] = hostile ? headerSafe : fc.uuid();
  const chosenHeaders = fc.record(headers, { requiredKeys: Object.keys(headers).filter((name) => name === "if-match") }) as fc.Arbitrary<Record<string, string>>;
  return fc.record({
    hostile: fc.constant(hostile),
    role: roleFor(operation, hostile),
    path,
    query: queryArbitrary(operation, hostile),
    rawQuery: hostile ? sometimes(fc.constantFrom(...rawQueryFragments), 10) : fc.constant(undefined),
    headers: fc.tuple(chosenHeaders, fc.nat(4)).map(([chosen, roll]) => {
      const out = { ...chosen };
      // A hostile request in five leaves out If-Match (428 expected).
      if (hostile && roll === 0) delete out["if-match"];
      return out;
    }),
    body: bodyArbitrary(operation, hostile),
    signing: hostile ? fc.oneof({ arbitrary: fc.constant<Signing>("valid"), weight: 3 }, { arbitrary: fc.constantFrom<Signing>("none", "wrong", "stale"), weight: 1 }) : fc.constant<Signing>("valid"),
    origin: hostile ? sometimes(fc.constantFrom(FORM_ORIGIN, "https://evil.example", "null"), 40) : sometimes(fc.constant(FORM_ORIGIN), 30),
  }) as fc.Arbitrary<Plan>;
}

// ---- from a plan to the bytes on the wire ------------------------------------------------------

function materialize(operation: Operation, plan: Plan): Sent {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeSegment(plan.path[name] ?? ""));
  const search = plan.query.map(([key, value]) => `${encodeSegment(key)}=${encodeSegment(value)}`);
  if (plan.rawQuery) search.push(plan.rawQuery);
  const url = search.length ? `${path}?${search.join("&")}` : path;
  const headers: Record<string, string> = { ...plan.headers };
  if (plan.body?.contentType) headers["content-type"] = plan.body.contentType;
  const text = plan.body?.text ?? "";
  const body = plan.body?.bytes ? new Uint8Array(plan.body.bytes) : plan.body ? text : undefined;
  const now = Math.floor(Date.now() / 1000);
  const time = plan.signing === "stale" ? now - 3600 : now;
  const hmac = (secret: string) => (plan.signing === "wrong" ? signIntake("not-the-secret-0123456789", time, text) : signIntake(secret, time, text));
  if (operation.public && plan.signing !== "none") {
    if (operation.path === "/v1/telephony/simulator/events") {
      headers["x-simulator-timestamp"] = String(time);
      headers["x-simulator-signature"] = signSimulatorEvent(plan.signing === "wrong" ? "not-the-secret" : SIMULATOR_SECRET, time, text);
    } else if (operation.path.startsWith("/v1/telephony/twilio/")) {
      headers["x-twilio-signature"] = twilioSignature(plan.signing === "wrong" ? "not-the-token" : TWILIO_TOKEN, `${host.url}${url}`, new URLSearchParams(text));
    } else if (operation.path === "/v1/intake/chats") {
      let source = "telegram";
      try {
        const parsed = JSON.parse(text) as { source?: unknown };
        if (typeof parsed?.source === "string" && chatSecrets.has(parsed.source)) source = parsed.source;
      } catch {
        // Not JSON: signed with some source's secret all the same, so the parse error is what answers.
      }
      headers["x-callboard-timestamp"] = String(time);
      headers["x-callboard-signature"] = hmac(chatSecrets.get(source) ?? FORM_SECRET);
    } else if (operation.path === "/v1/forms/{formId}/submissions") {
      const secret = formSecrets.get(plan.path.formId ?? "");
      if (secret) {
        headers["x-callboard-timestamp"] = String(time);
        headers["x-callboard-signature"] = hmac(secret);
      }
      if (plan.origin) headers.origin = plan.origin;
    }
  }
  return { method: operation.method, url, role: plan.role, headers, ...(body !== undefined ? { body } : {}) };
}

const describeRequest = (request: Sent) => {
  const body = request.body instanceof Uint8Array ? `<${request.body.length} bytes>` : request.body;
  const shown = body && body.length > 600 ? `${body.slice(0, 600)}… (${body.length} characters)` : body;
  return `${request.method} ${request.url.length > 400 ? `${request.url.slice(0, 400)}…` : request.url} as ${request.role}\n  headers: ${JSON.stringify(request.headers)}\n  body: ${shown === undefined ? "(none)" : JSON.stringify(shown)}`;
};

/** What a 2xx tells the fuzzer for later requests: new IDs, and secrets it set. */
function learn(operation: Operation, plan: Plan, request: Sent, received: Received) {
  if (received.status < 200 || received.status >= 300) return;
  pools.harvest(received.json);
  if (operation.key === "POST /v1/users") pools.harvest(received.json, 0), pools.add("spareUser", (received.json as { userId?: string })?.userId ?? "");
  let sent: Record<string, unknown> | undefined;
  try {
    sent = typeof request.body === "string" ? (JSON.parse(request.body) as Record<string, unknown>) : undefined;
  } catch {
    sent = undefined;
  }
  if (operation.key === "PUT /v1/intake/chat-sources/{source}" && typeof sent?.secret === "string") chatSecrets.set(plan.path.source ?? "", sent.secret);
  const formId = (received.json as { formId?: string })?.formId;
  if (formId && (operation.key === "POST /v1/forms" || operation.key === "PATCH /v1/forms/{formId}")) {
    if (typeof sent?.secret === "string") formSecrets.set(formId, sent.secret);
    else if (sent && sent.secret === null) formSecrets.delete(formId);
  }
  if (operation.key === "PUT /v1/intake/routes/{number}" && plan.path.number) pools.add("victim:route", plan.path.number);
  // What the fuzz created itself may be destroyed by it.
  const created = received.json as Record<string, unknown> | undefined;
  const victims: Record<string, [string, string]> = {
    "POST /v1/contacts": ["contact", "contactId"],
    "POST /v1/companies": ["company", "companyId"],
    "POST /v1/views": ["view", "viewId"],
    "POST /v1/forms": ["form", "formId"],
    "POST /v1/custom-fields": ["customFieldKey", "key"],
    "POST /v1/blocked-numbers": ["phone", "phone"],
  };
  const victim = victims[operation.key];
  if (victim && typeof created?.[victim[1]] === "string") pools.add(`victim:${victim[0]}`, created[victim[1]] as string);
  if (operation.key === "POST /v1/call-lists") {
    const listId = (created?.list as { listId?: string } | undefined)?.listId;
    if (listId) pools.add("victim:callList", listId);
  }
}

// ---- the run ---------------------------------------------------------------------------------

beforeAll(async () => {
  host = await startLocalHost({ dynamoEndpoint: inject("dynamoEndpoint"), tableName: `fuzz-${randomUUID()}`, port: 0, simulator: { secret: SIMULATOR_SECRET, ringSeconds: 1 } });
  configureTelephonyWebhooks({ simulatorSecret: SIMULATOR_SECRET, twilioAuthToken: TWILIO_TOKEN, publicUrl: host.url, perAddressPerMinute: 1_000_000 });
  configureFormLimits({ perAddressPerMinute: 1_000_000, perFormPerMinute: 1_000_000 });
  configureChatLimit(1_000_000);
  const admin = await seedAdmin();
  users.admin = admin;
  users.manager = await seedUser(admin, "manager", "Mila Manager");
  users.sales = await seedUser(admin, "sales", "Sasha Sales");
  users.operator = await seedUser(admin, "operator", "Olga Operator");
  for (const user of Object.values(users)) pools.add("user", user.userId);
  for (const spare of [await seedUser(admin, "sales", "Spare Sales"), await seedUser(admin, "marketeer", "Spare Marketeer")]) {
    pools.add("spareUser", spare.userId);
    pools.add("user", spare.userId);
  }

  document = (await (await fetch(`${host.url}/v1/openapi.json`)).json()) as typeof document;
  operations = operationsOf(document as never).filter((operation) => !ONLY?.length || ONLY.includes(operation.key));
  context = { pools, components: document.components?.schemas ?? {} };

  // A small world, so that real IDs lead requests past the 404s.
  const { sales, operator, manager } = users as Required<typeof users>;
  await seed("admin", "POST", "/v1/custom-fields", { entityType: "contact", key: "budget", label: "Budget", type: "number" });
  await seed("admin", "POST", "/v1/custom-fields", { entityType: "contact", key: "segment", label: "Segment", type: "select", options: ["a", "b"] });
  await seed("admin", "POST", "/v1/custom-fields", { entityType: "company", key: "industry", label: "Industry", type: "text" });
  for (const key of ["budget", "segment", "industry"]) pools.add("customFieldKey", key);
  const acme = await seed("admin", "POST", "/v1/companies", { name: "Acme Fuzz", phones: [{ number: "+7 495 123-45-67", type: "work" }], managerIds: [sales.userId] });
  await seed("admin", "POST", "/v1/companies", { name: "Globex Fuzz" });
  const anna = await seed("sales", "POST", "/v1/contacts", { firstName: "Anna", lastName: "Fuzz", phones: [{ number: "+7 916 100-00-01" }], emails: ["anna.fuzz@example.com"], companyId: acme.companyId, sharing: "read", messengers: { telegram: "anna_fuzz" }, tags: ["vip"], custom: { budget: 100 } });
  const boris = await seed("sales", "POST", "/v1/contacts", { firstName: "Boris", lastName: "Fuzz", phones: [{ number: "+7 916 100-00-02" }] });
  const vera = await seed("admin", "POST", "/v1/contacts", { firstName: "Vera", lastName: "Fuzz", phones: [{ number: "+7 916 100-00-03" }], sharing: "write" });
  await seed("manager", "POST", "/v1/contacts", { firstName: "Gleb", lastName: "Fuzz", emails: ["gleb.fuzz@example.com"] });
  const dasha = await seed("admin", "POST", "/v1/contacts", { firstName: "Dasha", lastName: "Merge", phones: [{ number: "+7 916 100-00-04" }] });
  const dasha2 = await seed("admin", "POST", "/v1/contacts?duplicates=allow", { firstName: "Dasha", lastName: "Merge", phones: [{ number: "+7 916 100-00-04" }] });
  await seed("admin", "POST", `/v1/contacts/${dasha.contactId}/merge`, { otherId: dasha2.contactId, pick: {} });
  await seed("admin", "POST", "/v1/contacts?duplicates=allow", { firstName: "Vera", lastName: "Twin", phones: [{ number: "+7 916 100-00-03" }] });
  await seed("admin", "GET", "/v1/duplicates");
  await seed("admin", "POST", `/v1/contacts/${vera.contactId}/comments`, { text: `Call back, @${sales.userId}` });
  await seed("sales", "GET", "/v1/notifications");
  await seed("operator", "POST", `/v1/contacts/${boris.contactId}/access-requests`, { matched: "+79161000002" });
  await seed("admin", "POST", "/v1/views", { name: "VIPs", filters: { tag: "vip" } });
  await seed("sales", "POST", "/v1/views", { name: "Mine", filters: {} });
  const list = await seed("admin", "POST", "/v1/call-lists", { name: "Fuzz list", operatorIds: [operator.userId], entries: [{ contactId: anna.contactId }, { contactId: vera.contactId }] });
  await seed("admin", "GET", `/v1/call-lists/${list.list?.listId}/entries`);
  const form = await seed("admin", "POST", "/v1/forms", { name: "Site form", fields: { name: "firstName", phone: "phone", email: "email" }, allowedOrigins: [FORM_ORIGIN], ownerId: sales.userId, secret: FORM_SECRET });
  formSecrets.set(form.formId, FORM_SECRET);
  await seed("admin", "POST", "/v1/forms", { name: "Open form", fields: { name: "firstName", phone: "phone" }, allowedOrigins: [FORM_ORIGIN], ownerId: manager.userId });
  for (const source of ["telegram", "chat", "vk"]) {
    const secret = `fuzz-${source}-secret-0123456789`;
    await seed("admin", "PUT", `/v1/intake/chat-sources/${source}`, { userId: sales.userId, secret });
    chatSecrets.set(source, secret);
  }
  await seed("admin", "PUT", `/v1/intake/routes/${encodeURIComponent("+7 495 111-22-33")}`, { userId: operator.userId });
  pools.add("route", "+74951112233");
  pools.add("route", "*");
  await seed("admin", "POST", "/v1/blocked-numbers", { phone: "+7 916 999-99-99", reason: "asked" });
  const upload = await seed("admin", "POST", "/v1/imports", { fileName: "people.csv" });
  await seed("admin", "PUT", `/v1/imports/${upload.importId ?? upload.jobId}/file`, "Name,Phone,Email\r\nIvan Import,+7 916 200-00-01,ivan@example.com\r\n", { "content-type": "text/csv" });
  await seed("admin", "POST", "/v1/bulk-actions", { action: { type: "addTags", tags: ["fuzz"] }, filter: {} });
  const at = Math.floor(Date.now() / 1000);
  const inbound = JSON.stringify({ type: "inbound", providerCallId: "SIM-FUZZ-1", from: "+7 916 100-00-01", to: "+7 495 111-22-33", status: "answered", occurredAt: new Date().toISOString() });
  await seed("anonymous", "POST", "/v1/telephony/simulator/events", inbound, { "content-type": "application/json", "x-simulator-timestamp": String(at), "x-simulator-signature": signSimulatorEvent(SIMULATOR_SECRET, at, inbound) });
  await seed("operator", "GET", "/v1/operator/inbound-call");
  // Things the destructive operations may trash, merge away or cancel.
  for (const n of [1, 2, 3, 4]) {
    const victim = await seed("admin", "POST", "/v1/contacts?duplicates=allow", { firstName: "Victim", lastName: `Number${n}`, phones: [{ number: `+7 916 300-00-0${n}` }], sharing: "write" });
    if (victim.contactId) pools.add("victim:contact", victim.contactId);
  }
  const victimCompany = await seed("admin", "POST", "/v1/companies", { name: "Victim Company" });
  if (victimCompany.companyId) pools.add("victim:company", victimCompany.companyId);
  const victimView = await seed("sales", "POST", "/v1/views", { name: "Victim view", filters: {} });
  if (victimView.viewId) pools.add("victim:view", victimView.viewId);
  const victimForm = await seed("admin", "POST", "/v1/forms", { name: "Victim form", fields: { name: "firstName" }, allowedOrigins: [], ownerId: sales.userId });
  if (victimForm.formId) pools.add("victim:form", victimForm.formId);
  await seed("admin", "POST", "/v1/custom-fields", { entityType: "contact", key: "victim_note", label: "Victim note", type: "text" });
  pools.add("victim:customFieldKey", "victim_note");
  await seed("admin", "PUT", `/v1/intake/routes/${encodeURIComponent("+7 495 000-00-09")}`, { userId: operator.userId });
  pools.add("victim:route", "+74950000009");
  const victimList = await seed("admin", "POST", "/v1/call-lists", { name: "Victim list", operatorIds: [operator.userId], entries: [{ contactId: boris.contactId }] });
  if (victimList.list?.listId) pools.add("victim:callList", victimList.list.listId);
  await seed("admin", "POST", "/v1/blocked-numbers", { phone: "+7 916 999-99-98" });
  pools.add("victim:phone", "+79169999998");
  for (const page of ["/v1/contacts?limit=10", "/v1/companies?limit=10", "/v1/jobs?limit=10", "/v1/blocked-numbers?limit=10"]) await seed("admin", "GET", page);
}, 180_000);

afterAll(async () => {
  configureTelephonyWebhooks(undefined);
  configureFormLimits(undefined);
  configureChatLimit(undefined);
  await host?.stop();
});

/** Runs per operation: those with a body, and the public ones, get twice the share. */
function runsFor(operation: Operation, all: Operation[]) {
  const weight = (op: Operation) => (op.body ? 2 : 1) * (op.public ? 2 : 1);
  const total = all.reduce((sum, op) => sum + weight(op), 0);
  return Math.max(5, Math.round((RUNS * weight(operation)) / total));
}

describe(`API fuzz: every operation of /v1/openapi.json (FUZZ_RUNS=${RUNS}, seed ${SEED})`, () => {
  it(
    "answers no 5xx, keeps its sockets, matches its document and leaves Object.prototype alone",
    async () => {
      const started = Date.now();
      const failures: string[] = [];
      const queue = [...operations.filter((operation) => !isDestructive(operation)), ...operations.filter(isDestructive)];
      const worker = async () => {
        for (let operation = queue.shift(); operation; operation = queue.shift()) {
          const current = operation;
          const details = await fc.check(
            fc.asyncProperty(planArbitrary(current), async (plan) => {
              const request = materialize(current, plan);
              let received: Received;
              requests++;
              try {
                received = await send(request);
              } catch (error) {
                const cause = (error as { cause?: { message?: string; code?: string } }).cause;
                // No cause: fetch refused to build the request (the fuzzer's own mistake), not the server's.
                if (!cause) throw new Error(`the fuzzer built a request fetch refuses: ${(error as Error).message}\n${describeRequest(request)}`);
                // Counted, and asserted below: a closed socket is not a shrinkable property of the input.
                socketErrors.push(`${(error as Error).message}${cause ? ` (${cause.code ?? ""} ${cause.message ?? ""})` : ""}: ${describeRequest(request)}`);
                return true;
              }
              statuses.set(received.status, (statuses.get(received.status) ?? 0) + 1);
              const mine = statusesByOperation.get(current.key) ?? new Map<number, number>();
              statusesByOperation.set(current.key, mine.set(received.status, (mine.get(received.status) ?? 0) + 1));
              if (received.status < 300) okByOperation.set(current.key, (okByOperation.get(current.key) ?? 0) + 1);
              if (process.env.FUZZ_VERBOSE && !plan.hostile && received.status >= 400) {
                const samples = refusedValid.get(current.key) ?? [];
                if (samples.length < 3) refusedValid.set(current.key, [...samples, `${received.status} ${received.text.slice(0, 300)} ← ${describeRequest(request).slice(0, 500)}`]);
              }
              const problems = problemsOf(current, received);
              if (problems.length) throw new Error(`${problems.join("\n")}\n${describeRequest(request)}\n  answer: ${received.status} ${received.text.slice(0, 400)}`);
              learn(current, plan, request, received);
              return true;
            }),
            {
              numRuns: runsFor(current, operations),
              seed: SEED,
              ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
              // A failure is shrunk for a while, not forever: the shrunk request is the report.
              interruptAfterTimeLimit: 90_000,
              markInterruptAsFailure: false,
            },
          );
          if (details.failed) {
            // The shrunk request as it went out (fast-check's own print of the plan can be megabytes).
            const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance ?? "");
            failures.push(
              `■ ${current.key}: failed after ${details.numRuns} runs, shrunk ${details.numShrinks} times\n${error.slice(0, 3000)}\n` +
                `replay: FUZZ_SEED=${details.seed} FUZZ_OPS="${current.key}" FUZZ_PATH="${details.counterexamplePath}" npx vitest run tests/api/fuzz.test.ts`,
            );
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      fuzzMs = Date.now() - started;
      const distribution = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(" ");
      const never2xx = operations.filter((operation) => !okByOperation.has(operation.key)).map((operation) => operation.key);
      console.log(
        `fuzz: ${requests} requests over ${operations.length} operations in ${(fuzzMs / 1000).toFixed(1)} s (seed ${SEED}, concurrency ${CONCURRENCY})\n` +
          `statuses: ${distribution}\nsocket errors: ${socketErrors.length}\n` +
          `operations with no 2xx: ${never2xx.length}${never2xx.length ? ` (${never2xx.join(", ")})` : ""}`,
      );
      if (process.env.FUZZ_VERBOSE) {
        for (const [key, samples] of refusedValid) console.log(`valid but refused: ${key}\n  ${samples.join("\n  ")}`);
        for (const [key, counts] of statusesByOperation) console.log(`${key}: ${[...counts].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(" ")}`);
      }
      expect(failures, failures.join("\n\n")).toEqual([]);
    },
    Math.max(300_000, RUNS * 200),
  );

  it("seeded its small world through the API (else the fuzz stays shallow)", () => {
    expect(seedProblems).toEqual([]);
  });

  it("loses no connection (keep-alive, every request over real HTTP)", () => {
    expect(socketErrors.slice(0, 10), `${socketErrors.length} socket errors`).toEqual([]);
  });

  it("is still healthy afterwards: Object.prototype is clean, sign-in works, lists answer", async () => {
    expect(prototypeKeys()).toEqual(baselinePrototype);
    expect(({} as Record<string, unknown>).eq).toBeUndefined();
    const token = await signIn(users.admin!.email);
    for (const path of ["/v1/me", "/v1/views", "/v1/jobs", "/v1/call-lists", "/v1/contacts"]) {
      const response = await fetch(`${host.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status, path).toBe(200);
    }
  }, 60_000);
});
