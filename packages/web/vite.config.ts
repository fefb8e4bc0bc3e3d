import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * Local development: `npx vite --config packages/web/vite.config.ts` serves the console on
 * :5173 and forwards API and issuer paths to the local host (default http://localhost:3000),
 * so the console, API and issuer still share one origin as in production.
 */
const devTarget = process.env.CALLBOARD_DEV_SERVER ?? "http://localhost:3000";
const forwarded = ["/v1", "/authorize", "/token", "/.well-known", "/password", "/userinfo"];

export default defineConfig({
  root,
  base: "/",
  plugins: [react()],
  // The repo root has an older React (another workspace's dependency); libraries hoisted there,
  // such as @tanstack/react-query, must use the console's own React, or hooks fail at runtime.
  resolve: { dedupe: ["react", "react-dom"] },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    proxy: Object.fromEntries(forwarded.map((path) => [path, { target: devTarget, changeOrigin: false }])),
  },
});
