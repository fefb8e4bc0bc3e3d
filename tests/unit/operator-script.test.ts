import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import * as core from "../../packages/core/src/call-lists/script";
import * as consoleScript from "../../packages/web/src/features/operator/script";

/**
 * Issue 17: the console fills the call script with a module of its own (it must not import
 * core); the API validates scripts with core's. Both must agree on the placeholders and on
 * what a filled-in script reads.
 */
describe("the console's call script", () => {
  it("knows the same placeholders and limit as the API", () => {
    expect([...consoleScript.scriptPlaceholders]).toEqual([...core.scriptPlaceholders]);
    expect(consoleScript.SCRIPT_MAX_LENGTH).toBe(core.SCRIPT_MAX_LENGTH);
  });

  it("fills a script exactly as core does", () => {
    const values = { firstName: "Анна", lastName: "Соколова", name: "Анна Соколова", operatorName: " Ольга ", listName: "Весна" };
    for (const script of [
      "Здравствуйте, {firstName}! Это {operatorName}, «{listName}». {company}",
      "{firstName}, {firstName}! {name} {lastName}",
      "Offer {discount} for { firstName } and {} {Company}",
      "",
    ]) {
      expect(consoleScript.fillScript(script, values)).toBe(core.fillScript(script, values));
    }
  });

  it("is what the console uses: no console file imports @callboard/core at runtime", () => {
    const root = join(__dirname, "../../packages/web/src");
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : []));
    const importsCore = files(root).filter((file) =>
      [...readFileSync(file, "utf8").matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+["']@callboard\/core[^"']*["']/gm)].some((match) => !match[2]),
    );
    expect(importsCore.map((file) => relative(root, file))).toEqual([]);
  });
});
