/**
 * Explicit wiring (issue 17): core's seams (contacts ↔ companies, users → contacts, telephony →
 * intake, job kinds) are bound by compose() (core/src/compose.ts), which each entry point calls
 * itself; nothing binds them as a side effect of an import. Unbound, a seam fails loudly
 * (NotComposedError) instead of doing nothing. Modules are loaded afresh per case, so one
 * case's compose() does not leak into the next. The local host's startLocalHost calls compose()
 * too: the tests that start it (tests/integration/local-*.test.ts) use the seams through it.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";

const core = "../../packages/core/src";
const functions = "../../packages/functions/src";

beforeEach(() => {
  vi.resetModules();
});

describe("without compose()", () => {
  it("a company rename's hook to the contacts fails loudly instead of leaving them stale", async () => {
    // Prepare: core loaded as an entry would load it, compose() never called.
    const { useCompanyHooks } = await import(`${core}/companies/hooks`);
    const { NotComposedError } = await import(`${core}/composition`);
    // Act, Assess
    await expect(async () => useCompanyHooks().onCompanySummaryChanged("01AAAAAAAAAAAAAAAAAAAAAAAA", { companyId: "01AAAAAAAAAAAAAAAAAAAAAAAA", name: "Renamed" })).rejects.toThrow(NotComposedError);
  });

  it("linking a contact to a company fails loudly (not a 400 'not available')", async () => {
    const { resolveCompany } = await import(`${core}/contacts/company`);
    const { NotComposedError } = await import(`${core}/composition`);
    await expect(resolveCompany("01AAAAAAAAAAAAAAAAAAAAAAAA")).rejects.toThrow(NotComposedError);
  });

  it("a user's team change fails loudly instead of leaving their contacts on the old team's list", async () => {
    const { teamChangeListener } = await import(`${core}/users/users`);
    const { NotComposedError } = await import(`${core}/composition`);
    await expect(teamChangeListener()("01AAAAAAAAAAAAAAAAAAAAAAAA")).rejects.toThrow(NotComposedError);
  });

  it("a company card's contacts fail loudly", async () => {
    const { useCompanyHooks } = await import(`${core}/companies/hooks`);
    const { NotComposedError } = await import(`${core}/composition`);
    await expect(async () => useCompanyHooks().contactsOfCompany("01AAAAAAAAAAAAAAAAAAAAAAAA", { limit: 10, cursor: null })).rejects.toThrow(NotComposedError);
  });

  it("importing the API app composes nothing (no side-effect wiring)", async () => {
    await import(`${functions}/api/app`);
    const { isComposed } = await import(`${core}/composition`);
    expect(isComposed()).toBe(false);
  });
});

describe("compose()", () => {
  it("binds every seam, once", async () => {
    const { compose } = await import(`${core}/compose`);
    const { isComposed } = await import(`${core}/composition`);
    const { useCompanyHooks } = await import(`${core}/companies/hooks`);
    compose();
    compose();
    expect(isComposed()).toBe(true);
    expect(useCompanyHooks().contactsOfCompany).toBeTypeOf("function");
  });
});

describe("each Lambda entry composes core itself", () => {
  const env = {
    CALL_LIST_ENGINE_ARN: "arn:aws:states:eu-central-1:123456789012:stateMachine:callboard-test",
    JOBS_QUEUE_URL: "https://sqs.eu-central-1.amazonaws.com/123456789012/callboard-test-jobs",
  };
  for (const entry of ["api/lambda", "jobs/lambda", "call-lists/lambda"]) {
    it(entry, async () => {
      // Prepare: the environment the stacks give the function.
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
      try {
        // Act: load the entry as Lambda does.
        await import(`${functions}/${entry}`);
        // Assess
        const { isComposed } = await import(`${core}/composition`);
        expect(isComposed()).toBe(true);
      } finally {
        vi.unstubAllEnvs();
      }
    });
  }
});
