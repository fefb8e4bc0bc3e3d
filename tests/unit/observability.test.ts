/**
 * Structured logs and metrics (issue 20): the masking of every logged value, the JSON and text
 * formats, the per-request context, and the EMF metrics' names and dimensions. Then every logger
 * call site this test can reach is fed tokens, passwords and phone numbers, and the output grepped.
 */
import { Hono } from "hono";
import { afterEach, describe, expect, it, vi } from "vitest";
import { configureJobRunner, enqueueQuietly } from "../../packages/core/src/jobs/jobs";
import { countMetric, log as coreLog, METRICS_NAMESPACE, MetricName } from "../../packages/core/src/runtime/observability";
import { requestObservability } from "../../packages/functions/src/api/observability";
import { toProblemResponse } from "../../packages/functions/src/api/problem";
import {
  addLogContext,
  createLogger,
  createMetrics,
  logFormatFromEnv,
  logger as processLogger,
  maskForLog,
  maskText,
  REDACTED,
  setLogger,
  withLogContext,
} from "../../packages/functions/src/runtime/log";

const PHONE = "+7 912 345-67-89";
const PHONE_E164 = "+79123456789";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyOjEyMyJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
const BEARER = `Bearer ${JWT}`;
const PASSWORD = "correct-horse-battery-staple";
const TWILIO_TOKEN = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const FORBIDDEN = [PHONE, PHONE_E164, "9123456789", "912 345-67", JWT, "eyJhbGciOiJIUzI1NiJ9", PASSWORD, TWILIO_TOKEN];

function capture(format: "json" | "text", stage = "test-stage") {
  const lines: string[] = [];
  const logger = createLogger({ format, stage, level: "DEBUG", sink: (_level, line) => lines.push(line) });
  return { logger, lines };
}

function expectClean(output: string) {
  for (const secret of FORBIDDEN) expect(output, `leaked ${secret}`).not.toContain(secret);
}

afterEach(() => setLogger(processLogger));

describe("masking", () => {
  it("keeps only the last 4 digits of phone numbers, in any usual format", () => {
    expect(maskText(`call ${PHONE} now`)).toBe("call ***6789 now");
    expect(maskText(`to=${PHONE_E164}`)).toBe("to=***6789");
    expect(maskText("(495) 123-45-67 or 8 800 555 35 35")).toBe("***4567 or ***3535");
  });

  it("leaves IDs, dates and short numbers alone", () => {
    const id = "01JE8QZ0K3M6Y2T9W4B7N5C1XR";
    expect(maskText(`contact ${id}`)).toBe(`contact ${id}`);
    expect(maskText("2026-12-04T18:52:02.000Z attempt 3 of 5, 1500 ms")).toBe("2026-12-04T18:52:02.000Z attempt 3 of 5, 1500 ms");
    expect(maskText("callId cl_01JE8QZ0K3M6Y2T9W4B7N5C1XR_0001_2")).toContain("01JE8QZ0K3M6Y2T9W4B7N5C1XR");
  });

  it("cuts bearer tokens and JWTs, and redacts secret-named keys at any depth", () => {
    expect(maskText(`authorization: ${BEARER}`)).toBe(`authorization: Bearer ${REDACTED}`);
    expect(maskText(`token=${JWT}`)).toBe(`token=${REDACTED}`);
    const masked = maskForLog({
      password: PASSWORD,
      user: { email: "a@example.com", phone: PHONE, accessToken: JWT },
      headers: { Authorization: BEARER, "x-twilio-signature": "abc" },
      settings: { twilioAuthToken: TWILIO_TOKEN, apiKey: "k" },
      phones: [PHONE_E164],
    });
    expect(masked).toEqual({
      password: REDACTED,
      user: { email: "a@example.com", phone: "***6789", accessToken: REDACTED },
      headers: { Authorization: REDACTED, "x-twilio-signature": REDACTED },
      settings: { twilioAuthToken: REDACTED, apiKey: REDACTED },
      phones: ["***6789"],
    });
  });

  it("masks errors' messages and stacks", () => {
    const masked = maskForLog(new Error(`provider refused ${PHONE_E164} with ${BEARER}`)) as { message: string; stack: string };
    expect(masked.message).toBe(`provider refused ***6789 with Bearer ${REDACTED}`);
    expectClean(JSON.stringify(masked));
  });
});

describe("formats", () => {
  it("JSON lines through Powertools with stage, context and level", () => {
    const { logger, lines } = capture("json");
    withLogContext({ requestId: "req-1", userId: "user-1" }, () => {
      withLogContext({ listId: "L1", entryId: "E1", attempt: 2, callId: "C1" }, () => logger.info("call outcome", { outcome: "answered", to: PHONE }));
    });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      level: "INFO",
      message: "call outcome",
      service: "callboard",
      stage: "test-stage",
      requestId: "req-1",
      userId: "user-1",
      listId: "L1",
      entryId: "E1",
      attempt: 2,
      callId: "C1",
      outcome: "answered",
      to: "***6789",
    });
    expect(line.timestamp).toEqual(expect.any(String));
  });

  it("readable text by default on the local host, JSON with LOG_FORMAT=json and on Lambda", () => {
    expect(logFormatFromEnv({})).toBe("text");
    expect(logFormatFromEnv({ LOG_FORMAT: "json" })).toBe("json");
    expect(logFormatFromEnv({ AWS_LAMBDA_FUNCTION_NAME: "api" })).toBe("json");
    expect(logFormatFromEnv({ AWS_LAMBDA_FUNCTION_NAME: "api", LOG_FORMAT: "text" })).toBe("text");
    const { logger, lines } = capture("text");
    withLogContext({ requestId: "req-2" }, () => logger.warn("job stays queued", { jobId: "J1", password: PASSWORD }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN  job stays queued {2}requestId=req-2 jobId=J1 password=\[redacted\]$/);
  });

  it("adds the user to the current request's context only", () => {
    const { logger, lines } = capture("json");
    withLogContext({ requestId: "r" }, () => {
      addLogContext({ userId: "u-9" });
      logger.info("inside");
    });
    logger.info("outside");
    expect(JSON.parse(lines[0]!).userId).toBe("u-9");
    expect(JSON.parse(lines[1]!).userId).toBeUndefined();
  });
});

describe("metrics (EMF)", () => {
  it("names every metric in the Callboard namespace with service and stage dimensions", () => {
    const metrics = createMetrics("prod");
    metrics.add(MetricName.callsPlaced, 1, "Count");
    metrics.add(MetricName.callsAbandoned, 1, "Count");
    metrics.add(MetricName.answerToOperatorMs, 850, "Milliseconds");
    metrics.add(MetricName.operatorWaitSeconds, 42, "Seconds");
    const emf = metrics.powertools.serializeMetrics() as any;
    const directive = emf._aws.CloudWatchMetrics[0];
    expect(directive.Namespace).toBe(METRICS_NAMESPACE);
    expect(directive.Dimensions).toEqual([["service", "stage"]]);
    expect(emf.service).toBe("callboard");
    expect(emf.stage).toBe("prod");
    expect(Object.fromEntries(directive.Metrics.map((m: any) => [m.Name, m.Unit]))).toEqual({
      CallsPlaced: "Count",
      CallsAbandoned: "Count",
      AnswerToOperatorConnectedMs: "Milliseconds",
      OperatorWaitSeconds: "Seconds",
    });
    expect(emf.AnswerToOperatorConnectedMs).toBe(850);
  });

  it("publishes 4xx/5xx with a route dimension as their own EMF line", () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: any) => (written.push(String(chunk)), true));
    try {
      createMetrics("dev").add(MetricName.http5xx, 1, "Count", { route: "GET /v1/contacts/:id" });
    } finally {
      spy.mockRestore();
    }
    const emf = JSON.parse(written.find((line) => line.includes("Http5xx"))!);
    expect(emf._aws.CloudWatchMetrics[0].Dimensions[0].sort()).toEqual(["route", "service", "stage"]);
    expect(emf.route).toBe("GET /v1/contacts/:id");
    expect(emf.Http5xx).toBe(1);
  });

  it("has exactly the metric names the issue asks for", () => {
    expect(Object.values(MetricName).sort()).toEqual(
      [
        "AnswerToOperatorConnectedMs",
        "CallsAbandoned",
        "CallsAnsweredHuman",
        "CallsAnsweredMachine",
        "CallsBusy",
        "CallsFailed",
        "CallsNoAnswer",
        "CallsPlaced",
        "FormSubmissionsAccepted",
        "FormSubmissionsRefused",
        "Http4xx",
        "Http5xx",
        "ImportRows",
        "OperatorWaitSeconds",
        "WebhookSignatureFailures",
      ].sort(),
    );
  });
});

describe("no secrets through the call sites", () => {
  it("the API's unhandled-error line, access line and the core port leak no token, password or phone", async () => {
    const { logger, lines } = capture("json");
    setLogger(logger);
    const app = new Hono();
    app.use("*", requestObservability);
    app.get("/v1/contacts/:id", () => {
      throw new Error(`upstream said ${BEARER} password=${PASSWORD} for ${PHONE}`);
    });
    app.onError(toProblemResponse);
    const response = await app.request(`/v1/contacts/${encodeURIComponent(PHONE_E164)}?phone=${encodeURIComponent(PHONE)}`, { headers: { authorization: BEARER } });
    expect(response.status).toBe(500);
    // A middleware's answer (401 before the handler) is counted under the route it guards.
    const guarded = new Hono();
    guarded.use("*", requestObservability);
    guarded.use("/v1/*", async (c) => c.json({ title: "Unauthorized" }, 401));
    guarded.get("/v1/contacts/:id", (c) => c.json({}));
    await guarded.request(`/v1/contacts/${encodeURIComponent(PHONE_E164)}`);
    expect(lines.at(-1)).toContain('"route":"GET /v1/contacts/:id","status":401');
    // Core's port (jobs.ts enqueueQuietly): an enqueue error carrying a phone and a token.
    configureJobRunner({ enqueue: async () => Promise.reject(new Error(`queue refused ${PHONE_E164} (${TWILIO_TOKEN.replace(/./g, "x")}) ${BEARER}`)), enqueueAfter: async () => {} } as never);
    await enqueueQuietly("job-1");
    coreLog.error("telephony: the call-event sink failed", { callId: "C1", error: new Error(`twilio ${TWILIO_TOKEN} ${PHONE}`), twilioAuthToken: TWILIO_TOKEN, to: PHONE_E164 });
    countMetric(MetricName.callsPlaced);
    const output = lines.join("\n");
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(output).toContain("unhandled error");
    expect(output).toContain('"route":"GET /v1/contacts/:id"');
    expect(output).toContain("job stays queued");
    expect(output).toContain("***6789");
    expectClean(output);
    // The Twilio token is a secret-named field or inside an error message: neither shows.
    expect(output).not.toContain(TWILIO_TOKEN);
  });
});
