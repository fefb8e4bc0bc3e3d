import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/setup/dynamodb-local.ts"],
    setupFiles: ["tests/setup/environment.ts"],
    // Two cores: files run in parallel, each against its own table in one shared DynamoDB Local.
    fileParallelism: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The OpenAuth issuer logs every request (`<-- POST /token`, `--> … 200`); in test output
    // that hides the failures. Everything else still prints.
    onConsoleLog: (log) => !/^(<--|-->) [A-Z]+ \//.test(log),
  },
});
