import { Hono, type Context } from "hono";
import type { ApiEnv } from "../auth";
import { jsonBody } from "../body";
import { bodyLimitWith413 } from "../body-limit";
import { clientAddress } from "../client-address";
import { problem } from "../problem";
import * as v from "valibot";
import { describe, describedValidator, empty, json, locationHeader, problems } from "../describe";
import { ChatMessageLoggedView, FormView, SubmissionAcceptedView } from "../schemas/intake";
import { INTAKE_SIGNATURE_HEADER, INTAKE_TIMESTAMP_HEADER } from "@callboard/core/intake/signature";
import * as IntakeSchemas from "@callboard/core/intake/schemas";
import { lazyModule } from "../lazy-module";
import { loadIntake } from "@callboard/core/lazy/index";

// Intake's code loads with the first form, chat or intake-settings request (lazy-module.ts).
const Forms = lazyModule(async () => (await loadIntake()).Forms);
const FormSubmissions = lazyModule(async () => (await loadIntake()).FormSubmissions);
const ChatIntake = lazyModule(async () => (await loadIntake()).ChatIntake);
const InboundCalls = lazyModule(async () => (await loadIntake()).InboundCalls);
const IntakeSettings = lazyModule(async () => (await loadIntake()).IntakeSettings);

// ---- admin: forms and intake settings (bearer token, admins only in the domain) ----------------

export const formRoutes = new Hono<ApiEnv>()
  .get("/", describe({ summary: "Web forms (admin)", responses: { 200: json("Forms", v.object({ items: v.array(FormView) })), ...problems(401, 403) } }), async (c) =>
    c.json({ items: await Forms.list() }),
  )
  .post(
    "/",
    describe({
      summary: "Create a web form (admin): field mapping, allowed origins, owner, tags, thank-you URL, optional HMAC secret",
      responses: { 201: json("Created", FormView, locationHeader), ...problems(400, 401, 403, 413, 415) },
    }),
    jsonBody(IntakeSchemas.CreateFormInput),
    async (c) => {
      const form = await Forms.create(c.req.valid("json"));
      c.header("location", `/v1/forms/${form.formId}`);
      return c.json(form, 201);
    },
  )
  .get("/:formId", describe({ summary: "One web form (admin)", responses: { 200: json("The form", FormView), ...problems(400, 401, 403, 404) } }), async (c) =>
    c.json(await Forms.get(c.req.param("formId"))),
  )
  .patch(
    "/:formId",
    describe({ summary: "Change a web form (admin); `null` clears redirectUrl or secret", responses: { 200: json("Changed", FormView), ...problems(400, 401, 403, 404, 412, 413, 415) } }),
    jsonBody(IntakeSchemas.UpdateFormInput),
    async (c) => c.json(await Forms.update(c.req.param("formId"), c.req.valid("json"))),
  )
  .delete("/:formId", describe({ summary: "Delete a web form (admin)", responses: { 204: empty("Deleted"), ...problems(400, 401, 403) } }), async (c) => {
    await Forms.remove(c.req.param("formId"));
    return c.body(null, 204);
  });

const routeNumber = [{ name: "number", in: "path", required: true, schema: { type: "string", maxLength: 200 } }];

export const intakeSettingRoutes = new Hono<ApiEnv>()
  .get("/routes", describe({ summary: "Inbound call routes: called number (or *) → user (admin)", responses: { 200: empty("Routes"), ...problems(401, 403) } }), async (c) =>
    c.json({ items: await IntakeSettings.listRoutes() }),
  )
  .put(
    "/routes/:number",
    describe({ summary: "Route calls to a number (E.164 in any format, or *) to a user (admin)", parameters: routeNumber, responses: { 200: empty("Set"), ...problems(400, 401, 403, 413, 415) } }),
    jsonBody(IntakeSchemas.SetRouteInput),
    async (c) => c.json(await IntakeSettings.setRoute(c.req.param("number"), c.req.valid("json"))),
  )
  .delete("/routes/:number", describe({ summary: "Remove a route (admin)", parameters: routeNumber, responses: { 204: empty("Removed"), ...problems(400, 401, 403) } }), async (c) => {
    await IntakeSettings.removeRoute(c.req.param("number"));
    return c.body(null, 204);
  })
  .get("/chat-sources", describe({ summary: "Configured chat sources, without secrets (admin)", responses: { 200: empty("Sources"), ...problems(401, 403) } }), async (c) =>
    c.json({ items: await IntakeSettings.listChatSources() }),
  )
  .put(
    "/chat-sources/:source",
    describe({
      summary: "Set a chat source's HMAC secret and the owner of the contacts it creates (admin)",
      parameters: [{ name: "source", in: "path", required: true, schema: { type: "string", enum: ["chat", "telegram", "vk"] } }],
      responses: { 200: empty("Set"), ...problems(400, 401, 403, 413, 415) },
    }),
    jsonBody(IntakeSchemas.SetChatSourceInput),
    async (c) => c.json(await IntakeSettings.setChatSource(c.req.param("source"), c.req.valid("json"))),
  );

/** The inbound card pop, polled by the console next to `/operator/active-call`. */
export const inboundCallRoutes = new Hono<ApiEnv>()
  .get(
    "/",
    describe({ summary: "The answered inbound call waiting on your screen (the console polls it every second), or null", responses: { 200: empty("The call and the caller's card"), ...problems(401) } }),
    async (c) => c.json({ inboundCall: (await InboundCalls.activeInboundCall()) ?? null }),
  )
  .post(
    "/:callKey/dismiss",
    describe({
      summary: "Close the inbound-call card",
      parameters: [{ name: "callKey", in: "path", required: true, schema: { type: "string", maxLength: 200 } }],
      responses: { 204: empty("Closed"), ...problems(400, 401, 404) },
    }),
    async (c) => {
      await InboundCalls.dismissInboundCall(c.req.param("callKey"));
      return c.body(null, 204);
    },
  );

// ---- public: web form submissions and chat sources (signatures, origins, rate limits) ----------

const signedHeaders = [
  { name: INTAKE_TIMESTAMP_HEADER, in: "header", schema: { type: "string" }, description: "Unix seconds" },
  { name: INTAKE_SIGNATURE_HEADER, in: "header", schema: { type: "string" }, description: "`v1=` + hex HMAC-SHA256 of `<timestamp>.<raw body>`" },
];
// Public posts: 400 a field (by the form's name), 401 signature headers missing, 403 origin or signature, 404 no such form/source, 409 Idempotency-Key still running, 413 over 64 KB, 429 rate limit (Retry-After).
const publicProblems = problems(400, 401, 403, 404, 409, 413, 429);
const fieldsBody = { schema: { type: "object", additionalProperties: { type: "string" } } };

// Answers 413 after reading the rest of the body, so the sender sees it (see body-limit.ts).
const publicLimit = bodyLimitWith413(IntakeSchemas.MAX_SUBMISSION_BYTES, { title: "Payload too large", detail: "A submission is at most 64 KB.", errors: [{ field: "body", message: "At most 64 KB." }] });

const corsHeaders = (c: Context, origin: string) => {
  c.header("access-control-allow-origin", origin);
  c.header("vary", "Origin");
};

/** A browser's plain `<form>` post (no script): it wants a page to go to, not JSON. */
const isFormPost = (c: Context) =>
  /^application\/x-www-form-urlencoded\b/i.test(c.req.header("content-type") ?? "") && !/application\/json/i.test(c.req.header("accept") ?? "");

const thanksPage = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Thank you</title><p>Thank you! We received your request.</p></html>`;

export const publicFormRoutes = new Hono()
  .options("/:formId/submissions", async (c) => {
    const origin = c.req.header("origin");
    if (!origin || !(await FormSubmissions.corsCheck(c.req.param("formId"), origin))) {
      return problem(c, 403, { title: "Forbidden", detail: "This site may not post to this form." });
    }
    corsHeaders(c, origin);
    c.header("access-control-allow-methods", "POST");
    c.header("access-control-allow-headers", `content-type, idempotency-key, ${INTAKE_TIMESTAMP_HEADER}, ${INTAKE_SIGNATURE_HEADER}`);
    c.header("access-control-max-age", "600");
    return c.body(null, 204);
  })
  .post(
    "/:formId/submissions",
    describe({
      summary:
        "Public: a site posts a lead (JSON or urlencoded; allowed origins, HMAC if the form has a secret); an HTML form post gets 303",
      security: [],
      parameters: [{ name: "Idempotency-Key", in: "header", schema: { type: "string" } }, ...signedHeaders],
      requestBody: { required: true, content: { "application/json": fieldsBody, "application/x-www-form-urlencoded": fieldsBody } },
      responses: {
        201: json("Accepted", SubmissionAcceptedView),
        200: { description: "Accepted (HTML form post without a thank-you URL): a thank-you page", content: { "text/html": { schema: { type: "string" } } } },
        303: empty("Accepted (HTML form post): go to the thank-you URL"),
        ...publicProblems,
      },
    }),
    publicLimit,
    async (c) => {
      const origin = c.req.header("origin");
      const formId = c.req.param("formId");
      // Allowed origins get CORS headers on every answer, errors included, so their script can read them.
      if (origin && (await FormSubmissions.corsCheck(formId, origin))) corsHeaders(c, origin);
      const result = await FormSubmissions.submit({
        formId,
        contentType: c.req.header("content-type") ?? "",
        rawBody: await c.req.text(),
        ...(origin !== undefined ? { origin } : {}),
        sourceAddress: clientAddress(c),
        ...(c.req.header("idempotency-key") !== undefined ? { idempotencyKey: c.req.header("idempotency-key") } : {}),
        ...(c.req.header(INTAKE_TIMESTAMP_HEADER) !== undefined ? { timestamp: c.req.header(INTAKE_TIMESTAMP_HEADER) } : {}),
        ...(c.req.header(INTAKE_SIGNATURE_HEADER) !== undefined ? { signature: c.req.header(INTAKE_SIGNATURE_HEADER) } : {}),
      });
      if (isFormPost(c)) return result.redirectUrl ? c.redirect(result.redirectUrl, 303) : c.html(thanksPage, 200);
      return c.json({ accepted: true, submissionId: result.submissionId }, 201);
    },
  );

export const publicChatRoutes = new Hono().post(
  "/chats",
  describe({
    summary: "Public, signed per source: a chat message (site chat, Telegram, VK); matched by handle or phone, else a new contact",
    security: [],
    parameters: signedHeaders,
    responses: { 201: json("Logged (repeats of a messageId get the first answer)", ChatMessageLoggedView), ...publicProblems },
  }),
  // Documents the body only: the domain checks it after the source's signature (core/intake/chats.ts).
  describedValidator(async (_c: Context, next: () => Promise<void>) => next(), "json", IntakeSchemas.ChatMessageBody),
  publicLimit,
  async (c) => {
    const receipt = await ChatIntake.receiveChatMessage({
      rawBody: await c.req.text(),
      sourceAddress: clientAddress(c),
      ...(c.req.header(INTAKE_TIMESTAMP_HEADER) !== undefined ? { timestamp: c.req.header(INTAKE_TIMESTAMP_HEADER) } : {}),
      ...(c.req.header(INTAKE_SIGNATURE_HEADER) !== undefined ? { signature: c.req.header(INTAKE_SIGNATURE_HEADER) } : {}),
    });
    return c.json(receipt, 201);
  },
);
