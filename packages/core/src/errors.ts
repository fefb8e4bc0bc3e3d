import { codeOfMessage, type FieldCode } from "./field-codes";

/** Typed domain errors; the API maps each to one HTTP status in a single onError. */
export interface FieldIssue {
  /** Path of the failing input, e.g. `phones[0].number`. */
  field: string;
  /** English, for people reading the API; the console translates `code` + `values`. */
  message: string;
  /** Stable code (docs/api-errors.md); derived from the message when the thrower gives none. */
  code?: FieldCode;
  /** What the message interpolates, e.g. `{ max: 200 }`, `{ country: "RU" }`. */
  values?: Record<string, unknown>;
}

/** Every issue leaves with a code: the thrower's, or the one its message is known by. */
function withCodes(issues: FieldIssue[]): FieldIssue[] {
  return issues.map((issue) => (issue.code ? issue : { ...issue, ...codeOfMessage(issue.message) }));
}

export class DomainError extends Error {
  override name = "DomainError";
}

export class ValidationError extends DomainError {
  override name = "ValidationError";
  readonly issues: FieldIssue[];
  constructor(
    issues: FieldIssue[],
    message = `${issues.length === 1 ? "1 field is" : `${issues.length} fields are`} invalid: ${[...new Set(issues.map((issue) => issue.field))].join(", ")}.`,
  ) {
    super(message);
    this.issues = withCodes(issues);
  }
}

/** Missing, or not visible to the caller: both answer the same so nothing leaks. */
export class NotFoundError extends DomainError {
  override name = "NotFoundError";
  constructor(readonly resource: string) {
    super(`${resource} not found`);
  }
}

export class ForbiddenError extends DomainError {
  override name = "ForbiddenError";
}

export class VersionConflictError extends DomainError {
  override name = "VersionConflictError";
  constructor(readonly currentVersion?: number) {
    super("The resource was changed by someone else; reload it and apply your change again.");
  }
}

export class ConflictError extends DomainError {
  override name = "ConflictError";
}

/**
 * A 409 whose body carries more than a message (problem+json extension members), for example
 * the duplicate candidates of a create. `extensions` must hold only what the caller may see.
 */
export class ConflictWithDetailsError extends ConflictError {
  override name = "ConflictWithDetailsError";
  constructor(
    message: string,
    readonly type: string,
    readonly extensions: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The thing existed but is gone for good (for example a trash entry past its retention). */
export class GoneError extends DomainError {
  override name = "GoneError";
}

/** The caller did not prove who it is (no token, no signature): HTTP 401. */
export class UnauthenticatedError extends DomainError {
  override name = "UnauthenticatedError";
}

/** Over a rate limit; `retryAfterSeconds` becomes the Retry-After header. */
export class TooManyRequestsError extends DomainError {
  override name = "TooManyRequestsError";
  constructor(
    readonly retryAfterSeconds: number,
    message = "Too many requests; slow down.",
  ) {
    super(message);
  }
}

/** A dependency failed for a moment; the caller should retry (HTTP 503). */
export class UnavailableError extends DomainError {
  override name = "UnavailableError";
}

/** Well-formed input the store cannot take as one write (e.g. too many index rows): HTTP 422. */
export class UnprocessableError extends DomainError {
  override name = "UnprocessableError";
  readonly issues: FieldIssue[];
  constructor(
    issues: FieldIssue[],
    message = `Cannot be stored as one change: ${issues.map((issue) => issue.field).join(", ")}.`,
  ) {
    super(message);
    this.issues = withCodes(issues);
  }
}
