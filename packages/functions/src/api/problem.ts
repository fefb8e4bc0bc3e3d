import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  ConflictError,
  ConflictWithDetailsError,
  DomainError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  TooManyRequestsError,
  UnauthenticatedError,
  UnavailableError,
  UnprocessableError,
  ValidationError,
  VersionConflictError,
  type FieldIssue,
} from "@callboard/core/errors";
import { codeOfMessage } from "@callboard/core/field-codes";
import { logger } from "../runtime/log";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldIssue[];
}

export function problem(c: Context, status: ContentfulStatusCode, body: Omit<Problem, "status" | "type"> & { type?: string } & Record<string, unknown>) {
  // Every field error leaves with a stable code (docs/api-errors.md), also those written here by hand.
  const errors = body.errors?.map((issue) => (issue.code ? issue : { ...issue, ...codeOfMessage(issue.message) }));
  return c.body(JSON.stringify({ type: body.type ?? "about:blank", status, ...body, ...(errors ? { errors } : {}) }), status, {
    "content-type": "application/problem+json",
  });
}

export class ProblemException extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly problemBody: Omit<Problem, "status" | "type">,
  ) {
    super(status, { message: problemBody.detail ?? problemBody.title });
  }
}

const titles: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  410: "Gone",
  412: "Precondition failed",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Unprocessable content",
  428: "Precondition required",
  429: "Too many requests",
};

/** The one place domain errors become HTTP. Nothing internal leaks from a 500. */
export function toProblemResponse(error: unknown, c: Context) {
  if (error instanceof ValidationError) {
    return problem(c, 400, { title: "Invalid input", detail: error.message, errors: error.issues });
  }
  if (error instanceof UnprocessableError) {
    return problem(c, 422, { title: titles[422]!, detail: error.message, errors: error.issues });
  }
  if (error instanceof NotFoundError) return problem(c, 404, { title: titles[404]!, detail: error.message });
  if (error instanceof ForbiddenError) return problem(c, 403, { title: titles[403]!, detail: error.message });
  if (error instanceof VersionConflictError) {
    return problem(c, 412, { title: titles[412]!, detail: error.message });
  }
  if (error instanceof ConflictWithDetailsError) {
    return problem(c, 409, { ...error.extensions, type: error.type, title: titles[409]!, detail: error.message });
  }
  if (error instanceof ConflictError) return problem(c, 409, { title: titles[409]!, detail: error.message });
  if (error instanceof GoneError) return problem(c, 410, { title: titles[410]!, detail: error.message });
  if (error instanceof UnauthenticatedError) return problem(c, 401, { title: titles[401]!, detail: error.message });
  if (error instanceof TooManyRequestsError) {
    c.header("retry-after", String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
    return problem(c, 429, { title: titles[429]!, detail: error.message });
  }
  if (error instanceof UnavailableError) {
    c.header("retry-after", "1");
    return problem(c, 503, { title: "Service unavailable", detail: error.message });
  }
  if (error instanceof DomainError) return problem(c, 400, { title: titles[400]!, detail: error.message });
  if (error instanceof ProblemException) {
    return problem(c, error.status as ContentfulStatusCode, error.problemBody);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const detail = error.message || undefined;
    // Hono's own 400s are about the body (malformed JSON): name it like every other field error.
    const errors = status === 400 ? [{ field: "body", message: detail ?? "Invalid body.", code: "invalid-json" as const }] : undefined;
    return problem(c, status, { title: titles[status] ?? "Error", detail, errors });
  }
  logger.error("unhandled error", { error });
  return problem(c, 500, { title: "Internal error", detail: "Something went wrong on our side. It has been logged." });
}
