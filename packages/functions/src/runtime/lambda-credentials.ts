import { fromEnv } from "@aws-sdk/credential-provider-env";

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (esbuild alias in
 * infra/stage.ts). Lambda always hands the function role's credentials over in the environment;
 * the default chain's other sources (profiles, SSO, process, IMDS) would only add about 100 KB
 * and load time to every cold start.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
