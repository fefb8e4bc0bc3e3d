/**
 * The observability port: core logs and counts through it, the edge (packages/functions/src/
 * runtime/log.ts) plugs in Powertools' logger and EMF metrics. Core never imports Powertools.
 *
 * The metric names and dimensions below are the contract with infra/alarms.ts (alarms and the
 * dashboard read exactly these), so both sides import them from here.
 */

/** CloudWatch namespace of every custom metric. */
export const METRICS_NAMESPACE = "Callboard";
/** Powertools adds `service` to every metric; the stage comes from the STAGE variable. */
export const METRICS_SERVICE = "callboard";

export const MetricName = {
  /** A call was handed to the telephony provider. */
  callsPlaced: "CallsPlaced",
  /** Outcomes of placed calls (one per call). */
  callsAnsweredHuman: "CallsAnsweredHuman",
  callsAnsweredMachine: "CallsAnsweredMachine",
  callsNoAnswer: "CallsNoAnswer",
  callsBusy: "CallsBusy",
  /** The provider could not place or complete the call (bad credentials show up here). */
  callsFailed: "CallsFailed",
  /** A person answered and no operator took the call. Must stay 0. */
  callsAbandoned: "CallsAbandoned",
  /** Milliseconds from "a person answered" to "the operator is connected". */
  answerToOperatorMs: "AnswerToOperatorConnectedMs",
  /** Seconds a running list has been waiting for a ready operator (emitted while it waits). */
  operatorWaitSeconds: "OperatorWaitSeconds",
  /** A telephony webhook whose signature did not verify. */
  webhookSignatureFailures: "WebhookSignatureFailures",
  /** API answers by status class, with a `route` dimension. */
  http4xx: "Http4xx",
  http5xx: "Http5xx",
  /** Import rows processed (written or skipped). */
  importRows: "ImportRows",
  /** Public form submissions. */
  formSubmissionsAccepted: "FormSubmissionsAccepted",
  formSubmissionsRefused: "FormSubmissionsRefused",
} as const;
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

export type MetricUnit = "Count" | "Milliseconds" | "Seconds";

/** Fields a log line may carry. Sensitive values are masked by the adapter, whatever the key. */
export type LogFields = Record<string, unknown>;

export interface LogPort {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface MetricsPort {
  /** Adds `value` to metric `name`; `dimensions` beyond service and stage (e.g. `route`). */
  add(name: MetricName, value: number, unit: MetricUnit, dimensions?: Record<string, string>): void;
}

/** Until the edge plugs in its adapters: errors and warnings still reach stderr, metrics go nowhere. */
const fallbackLog: LogPort = {
  debug: () => {},
  info: () => {},
  warn: (message, fields) => console.warn(message, fields ?? ""),
  error: (message, fields) => console.error(message, fields ?? ""),
};
const noMetrics: MetricsPort = { add: () => {} };

let logPort: LogPort = fallbackLog;
let metricsPort: MetricsPort = noMetrics;

export function configureObservability(ports: { log?: LogPort; metrics?: MetricsPort }): void {
  if (ports.log) logPort = ports.log;
  if (ports.metrics) metricsPort = ports.metrics;
}

/** Core's logger: always the configured one (looked up per call, so late wiring applies). */
export const log: LogPort = {
  debug: (message, fields) => logPort.debug(message, fields),
  info: (message, fields) => logPort.info(message, fields),
  warn: (message, fields) => logPort.warn(message, fields),
  error: (message, fields) => logPort.error(message, fields),
};

export const metrics: MetricsPort = {
  add: (name, value, unit, dimensions) => metricsPort.add(name, value, unit, dimensions),
};

export function countMetric(name: MetricName, value = 1, dimensions?: Record<string, string>): void {
  metrics.add(name, value, "Count", dimensions);
}
