import "@callboard/core/runtime/polyfills";
import { Hono } from "hono";
import { storageLoaded, storageReady } from "@callboard/core/storage/ready";
import { MAX_PHOTO_BYTES } from "@callboard/core/contacts/photo-limits";
import { MAX_IMPORT_BYTES } from "@callboard/core/imports/limits";
import { MAX_BULK_BODY_BYTES } from "@callboard/core/bulk/limits";
import { requireUser, type ApiEnv } from "./auth";
import { actAsSignedInUser } from "./actor-context";
import { idempotentPosts } from "./idempotency";
import { MAX_BODY_BYTES } from "./body";
import { bodyLimitWith413 } from "./body-limit";
import { securityHeaders } from "../security-headers";
import { consoleCors } from "./cors";
import { requestObservability } from "./observability";
import { checkPathParameters } from "./path-params";
import { rejectForbiddenKeys } from "./forbidden-keys";
import { problem, toProblemResponse } from "./problem";
import { blockedNumberRoutes, callListRoutes, operatorRoutes } from "./routes/call-lists";
import { presenceRoutes } from "./routes/presence";
import { recordingRoutes } from "./routes/recordings";
import { reportRoutes } from "./routes/reports";
import { settingsRoutes } from "./routes/settings";
import { bulkRoutes } from "./routes/bulk";
import { companyRoutes } from "./routes/companies";
import { companyCallRoutes, contactCallRoutes } from "./routes/click-to-call";
import { callRoutes } from "./routes/calls";
import { contactRoutes, duplicateRoutes, mergeRoutes, trashRoutes } from "./routes/contacts";
import { notificationRoutes } from "./routes/notifications";
import { customFieldRoutes } from "./routes/custom-fields";
import { formRoutes, inboundCallRoutes, intakeSettingRoutes, publicChatRoutes, publicFormRoutes } from "./routes/intake";
import { exportRoutes, importRoutes } from "./routes/imports";
import { jobRoutes } from "./routes/jobs";
import { tagRoutes } from "./routes/tags";
import { telephonyRoutes } from "./routes/telephony";
import { meRoutes, userRoutes } from "./routes/users";
import { viewRoutes } from "./routes/views";
import { voiceRoutes } from "./routes/voice";

/** Authenticated resources; chained so the console's `hc<ApiRoutes>` client is fully typed. */
const routes = new Hono<ApiEnv>()
  .use(requireUser)
  // The rest of the request runs as this user: handlers call core without wrapping it in withActor.
  .use(actAsSignedInUser)
  // Idempotency-Key on every signed-in POST: a retried create or start replays the first answer.
  .use(idempotentPosts)
  .route("/me", meRoutes)
  .route("/users", userRoutes)
  .route("/contacts", contactRoutes)
  .route("/trash", trashRoutes)
  .route("/bulk-actions", bulkRoutes)
  .route("/companies", companyRoutes)
  .route("/calls", recordingRoutes)
  .route("/calls", callRoutes)
  .route("/contacts", contactCallRoutes)
  .route("/companies", companyCallRoutes)
  .route("/custom-fields", customFieldRoutes)
  .route("/tags", tagRoutes)
  .route("/call-lists", callListRoutes)
  .route("/forms", formRoutes)
  .route("/intake", intakeSettingRoutes)
  .route("/operator/inbound-call", inboundCallRoutes)
  .route("/operator/presence", presenceRoutes)
  .route("/settings", settingsRoutes)
  .route("/operator", operatorRoutes)
  .route("/operator", voiceRoutes)
  .route("/blocked-numbers", blockedNumberRoutes)
  .route("/duplicates", duplicateRoutes)
  .route("/merges", mergeRoutes)
  .route("/notifications", notificationRoutes)
  .route("/views", viewRoutes)
  .route("/jobs", jobRoutes)
  .route("/imports", importRoutes)
  .route("/exports", exportRoutes)
  .route("/reports", reportRoutes);

export type ApiRoutes = typeof routes;

export function createApiApp() {
  const app = new Hono();
  // First: the request's log context (request and user IDs), its access line and 4xx/5xx metrics.
  app.use("*", requestObservability);
  // CSP, nosniff, no framing, no referrer (security-headers.ts); /docs is the page it matters for.
  app.use("*", securityHeaders({}, { crossOriginResourcePolicy: "cross-origin" }));
  // Each answers 413 after reading the rest of the body (see body-limit.ts for why).
  const jsonLimit = bodyLimitWith413(MAX_BODY_BYTES, { title: "Payload too large", detail: `Bodies are limited to ${MAX_BODY_BYTES / 1024} KB.` });
  // A contact photo is the one larger body: raw image bytes, up to 1 MB.
  const photoLimit = bodyLimitWith413(MAX_PHOTO_BYTES, { title: "Payload too large", detail: "A photo is at most 1 MB.", errors: [{ field: "body", message: "A photo is at most 1 MB." }] });
  // A CSV import uploaded through the API (no S3 locally): up to 20 MB.
  const importLimit = bodyLimitWith413(MAX_IMPORT_BYTES, { title: "Payload too large", detail: "An import file is at most 20 MB.", errors: [{ field: "file", message: "An import file is at most 20 MB." }] });
  // A bulk action may name up to 10,000 contact IDs (about 300 KB).
  const bulkLimit = bodyLimitWith413(MAX_BULK_BODY_BYTES, {
    title: "Payload too large",
    detail: "Select by filter instead of naming this many contacts.",
    errors: [{ field: "contactIds", message: "Too many contact IDs: select by filter." }],
  });
  // Before everything else, so preflights and error answers carry the console's CORS headers.
  app.use("/v1/*", consoleCors());
  app.use("/v1/*", (c, next) => {
    // GET and HEAD carry no body; asking for one would build a full Request on the local server.
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    if (c.req.method === "POST" && c.req.path === "/v1/bulk-actions") return bulkLimit(c, next);
    if (c.req.method === "PUT" && /^\/v1\/contacts\/[^/]+\/photo$/.test(c.req.path)) return photoLimit(c, next);
    if (c.req.method === "PUT" && /^\/v1\/imports\/[^/]+\/file$/.test(c.req.path)) return importLimit(c, next);
    return jsonLimit(c, next);
  });
  // Every route's path parameters: length cap and ID formats (400 naming the parameter).
  app.use("/v1/*", checkPathParameters(app));
  // No query parameter or body key named __proto__, constructor or prototype (400 naming it).
  app.use("/v1/*", rejectForbiddenKeys());
  // The table's libraries (ElectroDB, the DynamoDB client) are not in the cold start: the first
  // request that may touch the table loads them here, before any handler or middleware that
  // calls core (the signed-in user's lookup included), so core's code stays synchronous
  // (storage/libraries.ts). The OpenAPI document and the docs page need no table.
  app.use("/v1/*", async (c, next) => {
    if (!storageLoaded() && c.req.path !== "/v1/openapi.json") await storageReady();
    return next();
  });
  // Assembled on first request from the routes' own descriptions, and only loaded then: it is rarely read.
  const document = async (serverUrl?: string) => (await import("./openapi")).openApiDocument(app, serverUrl);
  app.get("/v1/openapi.json", async (c) => c.json(await document(new URL(c.req.url).origin)));
  app.get("/docs", async (c) => c.html((await import("./openapi")).renderApiReference(await document())));
  // Provider callbacks are public (signature-checked), so they sit before the bearer-token routes.
  app.route("/v1/telephony", telephonyRoutes);
  // Sites and chat sources post here without a token: origins, signatures and rate limits instead.
  app.route("/v1/forms", publicFormRoutes);
  app.route("/v1/intake", publicChatRoutes);
  app.route("/v1", routes);
  app.notFound((c) => problem(c, 404, { title: "Not found", detail: `No route for ${c.req.method} ${new URL(c.req.url).pathname}.` }));
  app.onError(toProblemResponse);
  return app;
}
