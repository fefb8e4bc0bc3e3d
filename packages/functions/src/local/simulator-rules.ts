import { readFileSync } from "node:fs";
import * as v from "valibot";
import { callOutcomes } from "@callboard/core/telephony/port";
import { toFieldIssues } from "@callboard/core/validation";

/**
 * How the simulator decides each call's fate: by exact number (a sequence per new call), by the
 * number's last digit, or a default; read from SIMULATOR_RULES or SIMULATOR_RULES_FILE.
 */

/** What the simulator does with a call: an outcome, never call back, or fail the request with 500. */
export const simulatorBehaviours = [...callOutcomes, "no-callback", "error-500"] as const;
export type SimulatorBehaviour = (typeof simulatorBehaviours)[number];

const Behaviour = v.picklist(simulatorBehaviours, `One of ${simulatorBehaviours.join(", ")}.`);
export const SimulatorRulesSchema = v.strictObject({
  /** By the number's last digit; merged over the defaults below. */
  lastDigit: v.optional(v.record(v.pipe(v.string(), v.regex(/^\d$/, "A single digit.")), Behaviour)),
  /** Exact E.164 numbers: one behaviour, or a sequence taken one per new call (the last repeats). */
  numbers: v.optional(v.record(v.string(), v.union([Behaviour, v.pipe(v.array(Behaviour), v.minLength(1, "At least one behaviour."))]))),
  /** Everything else. */
  otherwise: v.optional(Behaviour),
  /**
   * An answered call connected to an operator: the callee talks for this many seconds, then
   * hangs up. Unset: the callee stays on until the operator hangs up.
   */
  talkSeconds: v.optional(v.pipe(v.number("Seconds."), v.minValue(0, "At least 0."), v.maxValue(3600, "At most 3600."))),
});
export type SimulatorRules = v.InferOutput<typeof SimulatorRulesSchema>;

export const defaultLastDigitRules: Record<string, SimulatorBehaviour> = { "0": "no-answer", "1": "busy", "2": "failed", "3": "machine" };

export function decideBehaviour(rules: SimulatorRules, to: string, sequenceIndex: number): SimulatorBehaviour {
  const exact = rules.numbers?.[to];
  if (exact !== undefined) {
    if (typeof exact === "string") return exact;
    return exact[Math.min(sequenceIndex, exact.length - 1)]!;
  }
  const digit = to.slice(-1);
  const byDigit = { ...defaultLastDigitRules, ...(rules.lastDigit ?? {}) };
  return byDigit[digit] ?? rules.otherwise ?? "answered";
}

/** Parses rules from JSON text; a clear message names the bad field. */
export function parseSimulatorRules(text: string, source: string): SimulatorRules {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not JSON (${(error as Error).message}).`);
  }
  const result = v.safeParse(SimulatorRulesSchema, json);
  if (!result.success) {
    const issues = toFieldIssues(result.issues).map((issue) => `${issue.field}: ${issue.message}`);
    throw new Error(`${source}: ${issues.join("; ")}`);
  }
  return result.output;
}

/** SIMULATOR_RULES (JSON text) or SIMULATOR_RULES_FILE (path to a JSON file); none → defaults. */
export function simulatorRulesFromEnv(env: NodeJS.ProcessEnv = process.env): SimulatorRules {
  if (env.SIMULATOR_RULES) return parseSimulatorRules(env.SIMULATOR_RULES, "SIMULATOR_RULES");
  if (env.SIMULATOR_RULES_FILE) return parseSimulatorRules(readFileSync(env.SIMULATOR_RULES_FILE, "utf8"), `SIMULATOR_RULES_FILE (${env.SIMULATOR_RULES_FILE})`);
  return {};
}
