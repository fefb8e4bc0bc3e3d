/**
 * Structured logs and metrics of every Lambda and of the local host (issue 20).
 *
 * - Logs: JSON lines through Powertools' Logger on Lambda and with LOG_FORMAT=json; readable
 *   one-line text on `npm start` by default. Every line carries the stage and the current context
 *   (request ID, user ID, list/entry/attempt/call IDs), kept per request in AsyncLocalStorage.
 * - Masking: every value goes through `maskForLog` first, whatever the call site: secret-named
 *   keys are redacted, bearer tokens and JWTs are cut, and phone numbers keep their last 4 digits.
 * - Metrics: Powertools' EMF metrics (namespace and names from core's observability port), with
 *   `service` and `stage` dimensions; flushed at the end of each invocation (`withObservability`).
 * Core logs and counts through the port this module plugs in (packages/core/src/runtime/observability.ts).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import {
  configureObservability,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  type LogFields,
  type LogPort,
  type MetricName,
  type MetricsPort,
  type MetricUnit as CoreMetricUnit,
} from "@callboard/core/runtime/observability";

// ---- masking --------------------------------------------------------------------------------

/** Keys whose values never reach a log line. */
const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|signature|credential|otp|\bcode\b/i;
/** A phone number: 7+ digits with the usual separators, not part of a longer word (IDs, dates). */
const PHONE = /(?<![\w+(])[+(]?\d[\d ().-]{5,}\d(?![\w])/g;
const BEARER = /\b(Bearer|Basic)\s+[\w.~+/=-]+/gi;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
/** `password=…`, `token: …` inside free text (error messages, provider answers). */
const SECRET_PAIR = /\b(pass(?:word)?|secret|token|api[-_]?key|auth[-_]?token)(\s*[=:]\s*)("[^"]*"|[^\s,;&]+)/gi;
/** Long hex or base64 blobs (provider auth tokens, AWS secret keys): never useful in a log. */
const SECRET_BLOB = /\b[A-Fa-f0-9]{32,}\b|(?<![\w/+])(?=[A-Za-z0-9+/]*\d)(?=[A-Za-z0-9+/]*[A-Za-z])[A-Za-z0-9+/]{40,}={0,2}/g;

export const REDACTED = "[redacted]";

/** `+7 912 345-67-89` → `***6789`: only the last 4 digits survive. */
export function maskPhone(text: string): string {
  const digits = text.replace(/\D/g, "");
  return `***${digits.slice(-4)}`;
}

export function maskText(text: string): string {
  return text
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(SECRET_PAIR, `$1$2${REDACTED}`)
    .replace(SECRET_BLOB, REDACTED)
    .replace(PHONE, (match) => (match.replace(/\D/g, "").length >= 7 ? maskPhone(match) : match));
}

/** A deep copy of `value` that is safe to log. */
export function maskForLog(value: unknown, key = "", depth = 0): unknown {
  if (key && SECRET_KEY.test(key) && value !== undefined && value !== null && value !== "") return REDACTED;
  if (typeof value === "string") return maskText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 6) return "[deep]";
  if (value instanceof Error) {
    const error: Record<string, unknown> = { name: value.name, message: maskText(value.message) };
    if (value.stack) error.stack = maskText(value.stack);
    if ("code" in value && typeof value.code === "string") error.code = value.code;
    if (value.cause !== undefined) error.cause = maskForLog(value.cause, "cause", depth + 1);
    return error;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => maskForLog(item, key, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, maskForLog(item, name, depth + 1)]));
}

// ---- context --------------------------------------------------------------------------------

/** What a line may say about where it comes from. */
export interface LogContext {
  requestId?: string;
  userId?: string;
  listId?: string;
  entryId?: string;
  attemptId?: string;
  callId?: string;
  [key: string]: unknown;
}

const contextStore = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with its own context (a request, a step, a job chunk). */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return contextStore.run({ ...(contextStore.getStore() ?? {}), ...context }, fn);
}

/** Adds to the current context (e.g. the user, once the token is checked). */
export function addLogContext(context: LogContext): void {
  const store = contextStore.getStore();
  if (store) Object.assign(store, context);
}

export function currentLogContext(): LogContext {
  return { ...(contextStore.getStore() ?? {}) };
}

// ---- output ---------------------------------------------------------------------------------

type Level = "debug" | "info" | "warn" | "error";
export type LogFormat = "json" | "text";

/** JSON on Lambda and with LOG_FORMAT=json; readable text on the local host by default. */
export function logFormatFromEnv(env: NodeJS.ProcessEnv = process.env): LogFormat {
  if (env.LOG_FORMAT === "json" || env.LOG_FORMAT === "text") return env.LOG_FORMAT;
  return env.AWS_LAMBDA_FUNCTION_NAME ? "json" : "text";
}

export type LogSink = (level: Level, line: string) => void;

const defaultSink: LogSink = (level, line) => (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);

function textLine(level: Level, message: string, fields: Record<string, unknown>): string {
  const time = new Date().toISOString().slice(11, 23);
  const rest = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" ");
  return `${time} ${level.toUpperCase().padEnd(5)} ${message}${rest ? `  ${rest}` : ""}`;
}

export interface AppLogger extends LogPort {
  readonly format: LogFormat;
}

/** A logger writing to `sink` (tests capture it); `format` decides JSON (Powertools) or text. */
export function createLogger(options: { format?: LogFormat; sink?: LogSink; stage?: string; level?: string } = {}): AppLogger {
  const format = options.format ?? logFormatFromEnv();
  const sink = options.sink ?? defaultSink;
  const stage = options.stage ?? process.env.STAGE ?? "local";
  const level = (options.level ?? process.env.LOG_LEVEL ?? "INFO").toUpperCase();
  let powertools: Logger | undefined;
  if (format === "json") {
    powertools = new Logger({ serviceName: METRICS_SERVICE, logLevel: level as "INFO", persistentKeys: { stage } });
    // Powertools prints through its own Console; route it to the sink (one JSON line each).
    const write = (line: string) => sink("info", line);
    const console = { info: write, log: write, debug: write, warn: (line: string) => sink("warn", line), error: (line: string) => sink("error", line), trace: write };
    Object.defineProperty(powertools, "console", { value: console, writable: true });
  }
  const order: Level[] = ["debug", "info", "warn", "error"];
  const minimum = order.indexOf((level.toLowerCase() as Level) ?? "info");
  const emit = (lineLevel: Level) => (message: string, fields?: LogFields) => {
    const masked = maskForLog({ ...currentLogContext(), ...(fields ?? {}) }) as Record<string, unknown>;
    const text = maskText(message);
    if (powertools) return powertools[lineLevel](text, masked);
    if (order.indexOf(lineLevel) < (minimum < 0 ? 1 : minimum)) return;
    sink(lineLevel, textLine(lineLevel, text, masked));
  };
  return { format, debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

/** The process-wide logger (core logs through it too). */
export let logger: AppLogger = createLogger();

// ---- metrics --------------------------------------------------------------------------------

const units: Record<CoreMetricUnit, (typeof MetricUnit)[keyof typeof MetricUnit]> = { Count: MetricUnit.Count, Milliseconds: MetricUnit.Milliseconds, Seconds: MetricUnit.Seconds };

/** EMF metrics with service + stage dimensions; extra dimensions (route) go out as single metrics. */
export function createMetrics(stage = process.env.STAGE ?? "local"): MetricsPort & { powertools: Metrics; flush(): void } {
  const powertools = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE, defaultDimensions: { stage } });
  return {
    powertools,
    add(name: MetricName, value: number, unit: CoreMetricUnit, dimensions?: Record<string, string>) {
      if (dimensions && Object.keys(dimensions).length) {
        const single = powertools.singleMetric();
        for (const [dimension, dimensionValue] of Object.entries(dimensions)) single.addDimension(dimension, dimensionValue);
        single.addMetric(name, units[unit], value);
        return;
      }
      powertools.addMetric(name, units[unit], value);
    },
    flush() {
      if (powertools.hasStoredMetrics()) powertools.publishStoredMetrics();
    },
  };
}

/** On Lambda, EMF lines become metrics; locally nothing reads them, so they are not printed. */
export const appMetrics = createMetrics();
const metricsEnabled = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME) || process.env.METRICS === "emf";

configureObservability({
  log: { debug: (m, f) => logger.debug(m, f), info: (m, f) => logger.info(m, f), warn: (m, f) => logger.warn(m, f), error: (m, f) => logger.error(m, f) },
  metrics: metricsEnabled ? appMetrics : { add: () => {} },
});

/** Test hook: swap the process logger (e.g. to capture lines). */
export function setLogger(next: AppLogger): void {
  logger = next;
}

/**
 * Wraps a Lambda handler: one log context per invocation (request ID, stage) and the metrics
 * flushed before the answer goes back.
 */
export function withObservability<E, C extends { awsRequestId?: string } | undefined, R>(handler: (event: E, context: C) => Promise<R>) {
  return (event: E, context: C): Promise<R> =>
    withLogContext({ requestId: context?.awsRequestId }, async () => {
      try {
        return await handler(event, context);
      } finally {
        if (metricsEnabled) appMetrics.flush();
      }
    });
}
