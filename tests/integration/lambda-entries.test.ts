/**
 * Each Lambda entry, imported as the Lambda runtime imports it (a fresh Node process, nothing
 * loaded or configured before it), serves a request that reads the table. The in-process tests
 * cannot see a missing `storageReady()` at an entry: their setup has already loaded the table's
 * libraries. Against DynamoDB Local, like every storage test.
 */
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { seedAdmin, TEST_PASSWORD } from "../fixtures/factories";
import { createTestTable, type TestTable } from "../fixtures/table";
import type { User } from "../../packages/core/src/users";

let table: TestTable;
let admin: User;

beforeAll(async () => {
  table = await createTestTable("entries");
  admin = await seedAdmin();
});

describe("Lambda entries in a fresh process", () => {
  it("the issuer's Lambda signs a user in with the code flow (the password check reads the users table)", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "tests/fixtures/auth-lambda-sign-in.ts"], {
      env: {
        ...process.env,
        TABLE_NAME: table.tableName,
        DYNAMODB_ENDPOINT: table.endpoint,
        CONSOLE_ORIGINS: "https://console.example.com",
        SIGN_IN_EMAIL: admin.email,
        SIGN_IN_PASSWORD: TEST_PASSWORD,
      },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { authorize: number; login: number; code: string | null; error?: string };
    expect(result.authorize, result.error).toBeLessThan(400);
    expect(result.login, result.error).toBe(302);
    expect(result.code).toMatch(/\S{8,}/);
  }, 90_000);
});
