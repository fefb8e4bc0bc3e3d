import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Issue 19: every string a person sees goes through i18next. This walks the console's code and
// finds text written straight into the UI: JSX text, user-facing attributes (placeholder, title,
// aria-label, alt, label), string children, confirm/alert/prompt, and label-like properties of
// object literals. Technical strings (class names, test IDs, routes) are not in those places.
const root = join(__dirname, "../../packages/web/src");

const userFacingAttributes = new Set(["placeholder", "title", "aria-label", "alt", "label", "aria-placeholder", "aria-valuetext", "aria-roledescription", "summary", "hint", "emptyText", "confirmText", "heading", "caption"]);
const userFacingProperties = new Set(["label", "title", "placeholder", "hint", "heading", "description", "emptyText", "caption", "confirmText"]);
const dialogs = new Set(["confirm", "alert", "prompt"]);
/** Names and symbols that are the same in every language. */
const sameInEveryLanguage = /^(Callboard|CSV|E\.164|Twilio|WAV|URL|ID|OK|vCard|JSON|[A-Z]{1,3}|[a-z]{1,2}|[+\-–—×·•…:;,.!?/()[\]{}#%@&*=<>|"'«»0-9\s]*)$/u;
const hasWords = (text: string) => /\p{L}{2,}/u.test(text) && !sameInEveryLanguage.test(text.trim());

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // i18n/ is the machinery itself (the languages' own names are never translated).
    if (entry.isDirectory()) return entry.name === "i18n" ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

const isLiteral = (node: ts.Node) => ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);

/**
 * English meant for a person, wherever it is written: "Moved to the trash", a thrown message the
 * page shows. A capitalized word and more words; a lone capitalized word only where it is a value
 * (returned, in a list, a property, a ?: branch), not an argument ("Accept" in headers.has).
 */
function isSentence(value: string, standalone: boolean): boolean {
  const text = value.trim();
  // HTTP header names ("If-Match", "Content-Type") are protocol, not prose.
  if (!/^[A-Z][a-z]+/.test(text) || sameInEveryLanguage.test(text) || /^[A-Z][a-z]+(-[A-Z][a-z]*)+$/.test(text)) return false;
  return /^[A-Z][a-z]+[ ,'’:-]+[A-Za-z]/.test(text) || (standalone && /^[A-Z][a-z]+[.!?…]?$/.test(text));
}

/** Strings that are not shown: imports, types, keys given to t(), console and Error messages, comparisons. */
function handled(node: ts.Node): boolean {
  for (let current: ts.Node = node; current.parent; current = current.parent) {
    if (current !== node && !isLiteral(current) && !ts.isTemplateSpan(current) && !ts.isParenthesizedExpression(current)) return false;
    const parent = current.parent;
    if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isTypeNode(parent) || ts.isLiteralTypeNode(parent)) return true;
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
      const callee = parent.expression.getText();
      return /^(t|i18n\.t|console\.\w+|Error|TypeError|RangeError|describe|it|expect|log\.\w+)$/.test(callee) || /\.(get|has|set|append|delete|getItem|setItem|includes|startsWith|endsWith|querySelector|addEventListener)$/.test(callee);
    }
    if (ts.isBinaryExpression(parent) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(parent.operatorToken.kind)) return true;
    if (ts.isCaseClause(parent) && parent.expression === current) return true;
    if (ts.isElementAccessExpression(parent) && parent.argumentExpression === current) return true;
    if (ts.isJsxAttribute(parent) && !userFacingAttributes.has(parent.name.getText())) return true;
  }
  return false;
}

function findings(file: string): string[] {
  return findingsOf(file, readFileSync(file, "utf8"));
}

function findingsOf(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (node: ts.Node, what: string) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    found.push(`${relative(root, file)}:${line} ${what}`);
  };
  const literalText = (node: ts.Node | undefined): string | undefined => {
    if (!node) return undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(" ");
    if (ts.isJsxExpression(node)) return literalText(node.expression);
    return undefined;
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      if (hasWords(node.text)) report(node, `text "${node.text.trim().slice(0, 60)}"`);
    } else if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(source);
      const value = literalText(node.initializer);
      if (userFacingAttributes.has(name) && value !== undefined && hasWords(value)) report(node, `${name}="${value.slice(0, 60)}"`);
    } else if (ts.isJsxExpression(node) && node.parent && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      const value = literalText(node.expression);
      if (value !== undefined && hasWords(value)) report(node, `child "${value.slice(0, 60)}"`);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(source).replace(/^window\./, "");
      const value = literalText(node.arguments[0]);
      if (dialogs.has(callee) && value !== undefined && hasWords(value)) report(node, `${callee}("${value.slice(0, 60)}")`);
    } else if (ts.isPropertyAssignment(node)) {
      const name = node.name.getText(source).replace(/["']/g, "");
      const value = literalText(node.initializer);
      if (userFacingProperties.has(name) && value !== undefined && hasWords(value)) report(node, `${name}: "${value.slice(0, 60)}"`);
      else if (value !== undefined && isSentence(value, true)) report(node, `${name}: "${value.slice(0, 60)}"`);
      else ts.forEachChild(node, visit);
      return;
    } else if (isLiteral(node) && !handled(node)) {
      const value = literalText(node)!;
      const parent = node.parent;
      const standalone = ts.isReturnStatement(parent) || ts.isArrayLiteralExpression(parent) || ts.isConditionalExpression(parent) || ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken;
      if (isSentence(value, standalone)) report(node, `"${value.slice(0, 60)}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the console's strings", () => {
  const files = sourceFiles(root);
  const byFile = new Map(files.map((file) => [relative(root, file), findings(file)]));

  it("has no text written straight into the UI (every string goes through i18next)", () => {
    const untranslated = [...byFile].flatMap(([, found]) => found);
    expect(untranslated).toEqual([]);
  });

  it("finds text written straight into the UI (the check itself)", () => {
    const probe = join(root, "features/contacts/ContactsPage.tsx");
    const source = readFileSync(probe, "utf8");
    expect(findings(probe)).toEqual([]);
    // The same page with one English sentence in its JSX would be caught.
    const ts2 = source.replace(/<\/PageFrame>/, "<p>No contacts yet</p></PageFrame>");
    expect(ts2).not.toBe(source);
    expect(findingsOf(probe, ts2)).toEqual([expect.stringContaining('text "No contacts yet"')]);
  });
});
