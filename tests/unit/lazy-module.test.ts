/**
 * lazyModule (functions/src/api/lazy-module.ts): the route files call a feature through it, so
 * the feature's code loads with the first call, once, and a failed load is tried again.
 */
import { describe, expect, it } from "vitest";
import { lazyModule } from "../../packages/functions/src/api/lazy-module";

const feature = {
  async greet(name: string) {
    return `hello ${name}`;
  },
  check(value: number) {
    if (value < 0) throw new RangeError("negative");
    return value;
  },
  limit: 10,
};

describe("lazyModule", () => {
  it("loads the module on the first call only, and once for concurrent calls", async () => {
    let loads = 0;
    const lazy = lazyModule(async () => {
      loads++;
      return feature;
    });
    expect(loads).toBe(0);
    const answers = await Promise.all([lazy.greet("a"), lazy.greet("b")]);
    expect(answers).toEqual(["hello a", "hello b"]);
    await lazy.greet("c");
    expect(loads).toBe(1);
  });

  it("answers a synchronous function's result and throw as a promise", async () => {
    const lazy = lazyModule(async () => feature);
    await expect(lazy.check(3)).resolves.toBe(3);
    await expect(lazy.check(-1)).rejects.toThrow(RangeError);
  });

  it("tries a failed load again on the next call", async () => {
    let attempts = 0;
    const lazy = lazyModule(async () => {
      attempts++;
      if (attempts === 1) throw new Error("disk hiccup");
      return feature;
    });
    await expect(lazy.greet("a")).rejects.toThrow("disk hiccup");
    await expect(lazy.greet("b")).resolves.toBe("hello b");
    expect(attempts).toBe(2);
  });

  it("is not a thenable, and refuses a name that is not a function of the module", async () => {
    const lazy = lazyModule(async () => feature);
    expect((lazy as unknown as { then?: unknown }).then).toBeUndefined();
    await expect((lazy as unknown as Record<string, () => Promise<unknown>>).limit!()).rejects.toThrow("limit is not a function");
  });
});
