/** The parts of the OpenAPI document (openapi.ts) the page reads. */
type Document = { openapi: string; info: { title: string; version: string; description?: string }; paths: unknown };
const escape = (text: string) => text.replace(/[&<>"]/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[char] ?? char);

/** A self-contained API reference (no CDN: it must work offline), rendered from the OpenAPI document. */
export function renderApiReference(doc: Document): string {
  const sections = Object.entries(doc.paths as Record<string, Record<string, { summary: string; requestBody?: unknown; responses: Record<string, { description: string }>; parameters?: { name: string; in: string }[] }>>)
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const params = (op.parameters ?? []).map((p) => `<code>${escape(p.name)}</code> (${p.in})`).join(", ");
        // JSON bodies show their schema; others (a photo upload) name their media types.
        const content = (op.requestBody as { content?: Record<string, { schema: unknown }> } | undefined)?.content ?? {};
        const bodyText = content["application/json"] ? JSON.stringify(content["application/json"].schema, null, 2) : Object.keys(content).join(", ");
        const body = op.requestBody ? `<details><summary>Request body</summary><pre>${escape(bodyText)}</pre></details>` : "";
        const responses = Object.entries(op.responses).map(([code, r]) => `<li><b>${code}</b> ${escape(r.description)}</li>`).join("");
        return `<section><h2><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h2><p>${escape(op.summary)}</p>${params ? `<p>Parameters: ${params}</p>` : ""}${body}<ul>${responses}</ul></section>`;
      }),
    )
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(doc.info.title)} reference</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2330}section{border-top:1px solid #e3e6ea;padding:.6rem 0}
h2{font-size:1.05rem}.m{display:inline-block;min-width:4.2rem;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:.15rem .3rem}
.get{background:#2f7d32}.post{background:#2454d6}.patch{background:#b26a00}.put{background:#6b3fa0}.delete{background:#b42318}pre{background:#f6f8fa;padding:.7rem;overflow:auto}</style></head>
<body><h1>${escape(doc.info.title)}</h1><p>${escape(doc.info.description ?? "")}</p><p>Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI ${doc.openapi}).</p>${sections}</body></html>`;
}
