/**
 * No import circles (issue 17): madge walks every TypeScript file of core, functions, web and
 * infra, following relative imports and the workspace packages (@callboard/core/…,
 * @callboard/functions/…), type-only imports included, and the test names each cycle it finds.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

type MadgeResult = { circular(): string[][]; warnings(): { skipped: string[] } };
type Madge = (paths: string[], config: Record<string, unknown>) => Promise<MadgeResult>;
// madge ships no type declarations; this is the part of its API the test uses.
const madge = createRequire(import.meta.url)("madge") as Madge;

const roots = ["packages/core/src", "packages/functions/src", "packages/web/src", "infra"];

/**
 * Cycles known today, each with why it is still here. The issue is done only when this is empty:
 * remove an entry when its cycle is gone (the test fails on entries that no longer occur).
 */
const allowed: Record<string, string> = {};

/** One spelling per cycle, whichever file madge starts it from: rotated to its smallest path. */
function cycleKey(cycle: string[]): string {
  const start = cycle.indexOf([...cycle].sort()[0]!);
  return [...cycle.slice(start), ...cycle.slice(0, start)].join(" > ");
}

describe("imports", () => {
  it("form no circles in core, functions, web and infra", async () => {
    const result = await madge(roots, {
      baseDir: process.cwd(),
      fileExtensions: ["ts", "tsx"],
      // The workspace packages resolve through node_modules symlinks and package exports, which
      // madge's resolver skips; these paths point it at the sources so cross-package cycles count.
      tsConfig: {
        compilerOptions: {
          module: "ESNext",
          moduleResolution: "node",
          jsx: "react-jsx",
          baseUrl: ".",
          paths: { "@callboard/core/*": ["packages/core/src/*"], "@callboard/functions/*": ["packages/functions/src/*"] },
        },
      },
    });

    // An import madge could not resolve would hide the cycles through it.
    expect(result.warnings().skipped.filter((name) => name.startsWith(".") || name.startsWith("@callboard/"))).toEqual([]);

    const cycles = result.circular().map(cycleKey);
    expect(cycles.filter((cycle) => !(cycle in allowed)), "import cycles").toEqual([]);
    expect(Object.keys(allowed).filter((cycle) => !cycles.includes(cycle)), "allow-list entries whose cycle is gone: remove them").toEqual([]);
  }, 180_000);
});
