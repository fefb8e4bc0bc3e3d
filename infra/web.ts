import { StaticSite, use, type StackContext } from "sst/constructs";
import { Api } from "./api";
import { Auth } from "./auth";
import { consoleResponseHeadersPolicy } from "./console-headers";
import { wireConsoleOrigin } from "./console-origin";
import { Storage } from "./storage";

/** The web console (Vite + React), on S3 + CloudFront. */
export function Web({ stack, app }: StackContext) {
  const { apiUrl } = use(Api);
  const { issuerUrl } = use(Auth);

  // The CSP lets the console call the API, the issuer and (imports) the files bucket's S3 endpoint.
  // Call recordings play from presigned links to the files bucket (5 minutes, core/recordings).
  const securityHeaders = consoleResponseHeadersPolicy(stack, { connect: [apiUrl, issuerUrl, `https://s3.${stack.region}.amazonaws.com`], media: [`https://s3.${stack.region}.amazonaws.com`] });
  const site = new StaticSite(stack, "Console", {
    path: "packages/web",
    buildCommand: "npx vite build",
    buildOutput: "dist",
    // A single-page app: unknown paths serve index.html and the client router takes over.
    errorPage: "redirect_to_index_page",
    // SST inlines these at deploy time (the build sees "{{ VITE_API_URL }}" placeholders).
    environment: {
      VITE_API_URL: apiUrl,
      VITE_AUTH_URL: issuerUrl,
    },
    // SST writes an ImportMetaEnv declaration for the variables above; keep it in .sst/ rather
    // than in packages/web/src (the web package declares its own env types).
    vite: { types: "../../.sst/web-env.d.ts" },
    cdk: { distribution: { defaultBehavior: { responseHeadersPolicy: securityHeaders } } },
  });

  // Issuer redirects, API CORS and files-bucket CORS get the console's origin in this same deploy.
  wireConsoleOrigin(stack, app, site, use(Storage).filesBucket);

  stack.addOutputs({ ConsoleUrl: site.url ?? "" });

  return { site, consoleUrl: site.url };
}
