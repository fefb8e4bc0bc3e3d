import { Duration, Stack } from "aws-cdk-lib";
import { HeadersFrameOption, HeadersReferrerPolicy, ResponseHeadersPolicy } from "aws-cdk-lib/aws-cloudfront";
import { contentSecurityPolicy, cspHeaderValue, SECURITY_HEADERS, type PolicyOrigins } from "../packages/functions/src/security-headers";

/**
 * The console is served by S3 + CloudFront, which Hono never touches: CloudFront adds the same
 * headers the local host sends (packages/functions/src/security-headers.ts, the one place the
 * policy is written), widened by the origins only AWS has (the API, the issuer, the files
 * bucket the console uploads imports to).
 */
export function consoleResponseHeadersPolicy(stack: Stack, origins: PolicyOrigins): ResponseHeadersPolicy {
  const referrerPolicy = Object.values(HeadersReferrerPolicy).find((value) => value === SECURITY_HEADERS.referrerPolicy);
  if (!referrerPolicy) throw new Error(`CloudFront has no referrer policy ${SECURITY_HEADERS.referrerPolicy}`);
  return new ResponseHeadersPolicy(stack, "ConsoleSecurityHeaders", {
    comment: "Callboard console: CSP, nosniff, no framing, no referrer (security-headers.ts)",
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: cspHeaderValue(contentSecurityPolicy(origins)), override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption[SECURITY_HEADERS.frameOptions], override: true },
      referrerPolicy: { referrerPolicy, override: true },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(SECURITY_HEADERS.strictTransportSecurity.maxAgeSeconds),
        includeSubdomains: SECURITY_HEADERS.strictTransportSecurity.includeSubdomains,
        override: true,
      },
    },
  });
}
