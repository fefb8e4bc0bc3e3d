/**
 * The console origins a deployed function allows (issuer redirects, API CORS): the console's own
 * origin, published by the Web stack in an SSM parameter in the same deploy (infra/console-origin.ts),
 * plus CONSOLE_ORIGINS. Read once per cold start; a failed read is retried after a minute.
 */
import { createAwsJsonClient } from "./aws-json";
import { logger } from "./log";

const RETRY_AFTER_MS = 60_000;

export function originsFromList(list: string | undefined): string[] {
  return (list ?? "")
    .split(",")
    .map((origin) => origin.trim().replace(/\/+$/, ""))
    .filter((origin) => origin && origin !== "*");
}

export type ReadParameter = (name: string) => Promise<string | undefined>;

const readFromSsm: ReadParameter = async (name) => {
  const ssm = createAwsJsonClient({ service: "ssm", targetPrefix: "AmazonSSM", jsonVersion: "1.1" });
  const answer = await ssm.call<{ Parameter?: { Value?: string } }>("GetParameter", { Name: name });
  return answer.Parameter?.Value;
};

/** `undefined` when neither the parameter nor CONSOLE_ORIGINS is configured (local host, tests). */
export function consoleOriginsFromEnv(env: NodeJS.ProcessEnv = process.env, read: ReadParameter = readFromSsm): (() => Promise<string[]>) | undefined {
  const extra = originsFromList(env.CONSOLE_ORIGINS);
  const parameter = env.CONSOLE_ORIGIN_PARAMETER;
  if (!parameter && extra.length === 0) return undefined;
  let cached: { origins: string[]; until: number } | undefined;
  return async () => {
    if (cached && Date.now() < cached.until) return cached.origins;
    let fromParameter: string[] = [];
    let until = Number.POSITIVE_INFINITY;
    if (parameter) {
      try {
        fromParameter = originsFromList(await read(parameter));
      } catch (error) {
        // The Web stack not deployed yet, or a transient error: extra origins only, for a minute.
        logger.warn("console origin parameter not readable", { parameter, error });
        until = Date.now() + RETRY_AFTER_MS;
      }
    }
    cached = { origins: [...new Set([...fromParameter, ...extra])], until };
    return cached.origins;
  };
}
