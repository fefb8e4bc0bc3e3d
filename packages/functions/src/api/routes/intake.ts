import { Hono, type Context } from "hono";
import { withActor } from "@callboard/core/actor";
import { ChatIntake, Forms, FormSubmissions, InboundCalls, IntakeSettings, INTAKE_SIGNATURE_HEADER, INTAKE_TIMESTAMP_HEADER } from "@callboard/core/intake";
import type { ApiEnv } from "../auth";
import { jsonBody } from "../body";
import { bodyLimitWith413 } from "../body-limit";
import { clientAddress } from "../client-address";
import { problem } from "../problem";

// ---- admin: forms and intake settings (bearer token, admins only in the domain) ----------------

export const formRoutes = new Hono<ApiEnv>()
  .get("/", async (c) => c.json({ items: await withActor(c.var.actor, () => Forms.list()) }))
  .post("/", jsonBody(Forms.CreateFormInput), async (c) => {
    const form = await withActor(c.var.actor, () => Forms.create(c.req.valid("json")));
    c.header("location", `/v1/forms/${form.formId}`);
    return c.json(form, 201);
  })
  .get("/:formId", async (c) => c.json(await withActor(c.var.actor, () => Forms.get(c.req.param("formId")))))
  .patch("/:formId", jsonBody(Forms.UpdateFormInput), async (c) =>
    c.json(await withActor(c.var.actor, () => Forms.update(c.req.param("formId"), c.req.valid("json")))),
  )
  .delete("/:formId", async (c) => {
    await withActor(c.var.actor, () => Forms.remove(c.req.param("formId")));
    return c.body(null, 204);
  });

export const intakeSettingRoutes = new Hono<ApiEnv>()
  .get("/routes", async (c) => c.json({ items: await withActor(c.var.actor, () => IntakeSettings.listRoutes()) }))
  .put("/routes/:number", jsonBody(IntakeSettings.SetRouteInput), async (c) =>
    c.json(await withActor(c.var.actor, () => IntakeSettings.setRoute(c.req.param("number"), c.req.valid("json")))),
  )
  .delete("/routes/:number", async (c) => {
    await withActor(c.var.actor, () => IntakeSettings.removeRoute(c.req.param("number")));
    return c.body(null, 204);
  })
  .get("/chat-sources", async (c) => c.json({ items: await withActor(c.var.actor, () => IntakeSettings.listChatSources()) }))
  .put("/chat-sources/:source", jsonBody(IntakeSettings.SetChatSourceInput), async (c) =>
    c.json(await withActor(c.var.actor, () => IntakeSettings.setChatSource(c.req.param("source"), c.req.valid("json")))),
  );

/** The inbound card pop, polled by the console next to `/operator/active-call`. */
export const inboundCallRoutes = new Hono<ApiEnv>()
  .get("/", async (c) => c.json({ inboundCall: (await withActor(c.var.actor, () => InboundCalls.activeInboundCall())) ?? null }))
  .post("/:callKey/dismiss", async (c) => {
    await withActor(c.var.actor, () => InboundCalls.dismissInboundCall(c.req.param("callKey")));
    return c.body(null, 204);
  });

// ---- public: web form submissions and chat sources (signatures, origins, rate limits) ----------

// Answers 413 after reading the rest of the body, so the sender sees it (see body-limit.ts).
const publicLimit = bodyLimitWith413(FormSubmissions.MAX_SUBMISSION_BYTES, { title: "Payload too large", detail: "A submission is at most 64 KB.", errors: [{ field: "body", message: "At most 64 KB." }] });

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
  .post("/:formId/submissions", publicLimit, async (c) => {
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
  });

export const publicChatRoutes = new Hono().post("/chats", publicLimit, async (c) => {
  const receipt = await ChatIntake.receiveChatMessage({
    rawBody: await c.req.text(),
    sourceAddress: clientAddress(c),
    ...(c.req.header(INTAKE_TIMESTAMP_HEADER) !== undefined ? { timestamp: c.req.header(INTAKE_TIMESTAMP_HEADER) } : {}),
    ...(c.req.header(INTAKE_SIGNATURE_HEADER) !== undefined ? { signature: c.req.header(INTAKE_SIGNATURE_HEADER) } : {}),
  });
  return c.json(receipt, 201);
});
