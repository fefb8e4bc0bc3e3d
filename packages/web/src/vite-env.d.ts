/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Issuer base URL; defaults to the console's own origin. */
  readonly VITE_AUTH_URL?: string;
  /** API base URL (without /v1); defaults to the console's own origin. */
  readonly VITE_API_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
