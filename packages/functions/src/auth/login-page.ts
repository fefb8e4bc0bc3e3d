import type { SignInLanguage } from "./sign-in-language";
import { signInTexts } from "./sign-in-texts";

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char] ?? char);

/** The issuer's own sign-in form: plain HTML, works without JavaScript, in the user's language. */
export function loginPage(options: { error?: string; email?: string; language?: SignInLanguage }): string {
  const language = options.language ?? "en";
  const text = signInTexts[language];
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(text.title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;display:grid;place-items:center;min-height:100vh;margin:0;color:#1d2330}
form{background:#fff;padding:2rem;border-radius:10px;box-shadow:0 2px 12px #0001;width:min(22rem,90vw);display:grid;gap:.9rem}
h1{font-size:1.3rem;margin:0 0 .4rem}label{display:grid;gap:.3rem;font-size:.9rem}
input{font:inherit;padding:.55rem .7rem;border:1px solid #c9ced6;border-radius:6px}
button{font:inherit;padding:.6rem;border:0;border-radius:6px;background:#2454d6;color:#fff;cursor:pointer}
.error{color:#b42318;background:#fef3f2;padding:.5rem .7rem;border-radius:6px;margin:0}
</style></head>
<body><form method="post" autocomplete="on">
<h1>${escape(text.heading)}</h1>
${options.error ? `<p class="error" role="alert">${escape(options.error)}</p>` : ""}
<label>${escape(text.email)} <input name="email" type="email" required autofocus value="${escape(options.email ?? "")}"></label>
<label>${escape(text.password)} <input name="password" type="password" required></label>
<button type="submit">${escape(text.submit)}</button>
</form></body></html>`;
}

/** A sign-in request that must not go back to where it came from (unknown client or return address). */
export function signInErrorPage(message: string, language: SignInLanguage = "en"): string {
  const text = signInTexts[language];
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(text.errorTitle)}</title>
<style>body{font-family:system-ui,sans-serif;background:#f4f5f7;display:grid;place-items:center;min-height:100vh;margin:0;color:#1d2330}
main{background:#fff;padding:2rem;border-radius:10px;box-shadow:0 2px 12px #0001;width:min(26rem,90vw)}h1{font-size:1.3rem;margin:0 0 .6rem}</style></head>
<body><main><h1>${escape(text.errorHeading)}</h1><p role="alert">${escape(message)}</p></main></body></html>`;
}
