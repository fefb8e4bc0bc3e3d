import * as v from "valibot";
import { ulid } from "ulid";
import { withActor, type Actor } from "../actor";
import { Contacts } from "../contacts";
import { EmailField, PhoneNumberField, PlainTextField, TextField } from "../contacts/fields";
import { ForbiddenError, TooManyRequestsError, ValidationError, type FieldIssue } from "../errors";
import { hit } from "../rate-limit/rate-limit";
import { nowMs } from "../runtime/clock";
import { noted, Timeline } from "../timeline";
import { load, type FormTarget, type StoredForm } from "./forms";
import { once } from "./idempotency";
import { forbiddenKeyMessage, isForbiddenKey } from "../safe-keys";
import { matchOrCreate } from "./matching";
import { verifyIntakeSignature } from "./signature";
import { countMetric, MetricName } from "../runtime/observability";
export { MAX_SUBMISSION_BYTES } from "./schemas";

export interface FormLimits {
  /** Submissions per source address per form per minute. */
  perAddressPerMinute: number;
  /** Submissions per form per minute from everyone. */
  perFormPerMinute: number;
}

export function formLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): FormLimits {
  const number = (raw: string | undefined, fallback: number) => (raw && Number(raw) > 0 ? Number(raw) : fallback);
  return { perAddressPerMinute: number(env.FORM_LIMIT_PER_ADDRESS_PER_MINUTE, 10), perFormPerMinute: number(env.FORM_LIMIT_PER_FORM_PER_MINUTE, 300) };
}

let limits: FormLimits | undefined;
/** Overrides the environment (tests, the local host); undefined goes back to it. */
export function configureFormLimits(next: Partial<FormLimits> | undefined): void {
  limits = next ? { ...formLimitsFromEnv(), ...next } : undefined;
}
const useLimits = () => (limits ??= formLimitsFromEnv());

const intakeActor: Actor = { type: "system", reason: "web form" };

/** May a page on `origin` post to this form from a browser? */
export function originAllowed(form: Pick<StoredForm, "allowedOrigins">, origin: string | undefined): boolean {
  return origin !== undefined && form.allowedOrigins.includes(origin);
}

/** The form for a CORS preflight: undefined when the form is unknown or the origin not allowed. */
export async function corsCheck(formId: string, origin: string | undefined): Promise<boolean> {
  try {
    return originAllowed(await load(formId), origin);
  } catch {
    return false;
  }
}

export interface SubmissionRequest {
  formId: string;
  contentType: string;
  rawBody: string;
  /** The Origin header; absent for server-to-server posts. */
  origin?: string;
  sourceAddress: string;
  idempotencyKey?: string;
  timestamp?: string;
  signature?: string;
}

export interface SubmissionResult {
  accepted: true;
  submissionId: string;
  /** Where a browser posting the plain HTML form goes next. */
  redirectUrl?: string;
}

const IdempotencyKeyField = v.pipe(v.string(), v.regex(/^[\x21-\x7e]{1,200}$/, "1–200 visible ASCII characters."));

/** The body as name → text: JSON objects of scalars, or an urlencoded form. */
export function readBody(contentType: string, rawBody: string): Record<string, string> {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  // Field names are the sender's: a null-prototype object, and no name that reaches a prototype.
  const out: Record<string, string> = Object.create(null);
  if (type === "application/x-www-form-urlencoded") {
    for (const [name, value] of new URLSearchParams(rawBody)) {
      if (isForbiddenKey(name)) throw new ValidationError([{ field: name, message: forbiddenKeyMessage }]);
      if (name in out) throw new ValidationError([{ field: name, message: "Sent more than once." }]);
      out[name] = value;
    }
    return out;
  }
  if (type === "application/json") {
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      throw new ValidationError([{ field: "body", message: "Not valid JSON." }]);
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) throw new ValidationError([{ field: "body", message: "Must be a JSON object." }]);
    for (const [name, value] of Object.entries(json)) {
      if (isForbiddenKey(name)) throw new ValidationError([{ field: name, message: forbiddenKeyMessage }]);
      if (value === null || value === undefined) continue;
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") throw new ValidationError([{ field: name, message: "Must be text." }]);
      out[name] = String(value);
    }
    return out;
  }
  throw new ValidationError([{ field: "content-type", message: "Send application/json or application/x-www-form-urlencoded." }]);
}

const targetSchemas: Record<string, v.GenericSchema<string, unknown>> = {
  firstName: PlainTextField(100, "a name field"),
  lastName: PlainTextField(100, "a name field"),
  middleName: PlainTextField(100, "a name field"),
  phone: PhoneNumberField,
  email: EmailField,
  comment: TextField(4000),
  position: PlainTextField(150, "the position field"),
  companyName: TextField(200),
};

interface MappedLead {
  firstName?: string;
  lastName?: string;
  middleName?: string;
  phone?: string;
  email?: string;
  comment?: string;
  position?: string;
  companyName?: string;
  custom: Record<string, string>;
}

/** The body through the form's mapping; every bad value is named by the form's field name. */
function mapFields(form: StoredForm, body: Record<string, string>): { lead: MappedLead; submitted: Record<string, string> } {
  const issues: FieldIssue[] = [];
  const lead: MappedLead = { custom: {} };
  const submitted: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name === form.honeypotField) continue;
    // Own fields only: `constructor` must not find Object's and crash.
    const target = Object.hasOwn(form.fields, name) ? (form.fields[name] as FormTarget) : undefined;
    if (!target) {
      issues.push({ field: name, message: "This form has no such field." });
      continue;
    }
    if (value.trim() === "") continue;
    submitted[name] = value.slice(0, 10_000);
    if (target.startsWith("custom:")) {
      lead.custom[target.slice("custom:".length)] = value.trim();
      continue;
    }
    const result = v.safeParse(targetSchemas[target]!, value, { abortPipeEarly: true });
    if (!result.success) issues.push({ field: name, message: result.issues[0]!.message });
    else (lead as unknown as Record<string, string>)[target] = String(result.output);
  }
  if (issues.length > 0) throw new ValidationError(issues);
  if (!lead.firstName && !lead.lastName && !lead.phone && !lead.email) {
    const names = Object.entries(form.fields).filter(([, target]) => ["firstName", "lastName", "phone", "email"].includes(target)).map(([name]) => name);
    const message = `Fill in at least one of: ${names.join(", ")}.`;
    throw new ValidationError(names.length > 0 ? names.map((field) => ({ field, message })) : [{ field: "body", message }]);
  }
  return { lead, submitted };
}

/** A contact created by the form names a custom field the form maps: point at the form's field. */
function renameIssues(error: unknown, form: StoredForm): never {
  if (error instanceof ValidationError) {
    const byTarget = new Map(Object.entries(form.fields).map(([name, target]) => [target, name]));
    const issues = error.issues.map((issue) => {
      const custom = /^custom\.([a-z0-9_]+)/.exec(issue.field);
      const name = custom ? byTarget.get(`custom:${custom[1]}`) : undefined;
      return name ? { ...issue, field: name } : issue;
    });
    throw new ValidationError(issues);
  }
  throw error;
}

async function admit(form: StoredForm, sourceAddress: string, now: number) {
  const { perAddressPerMinute, perFormPerMinute } = useLimits();
  const byAddress = await hit(`form:${form.formId}:addr:${sourceAddress}`, { limit: perAddressPerMinute, windowMs: 60_000 }, now);
  if (!byAddress.allowed) throw new TooManyRequestsError(byAddress.retryAfterMs / 1000, "Too many submissions from this address; try again later.");
  const byForm = await hit(`form:${form.formId}`, { limit: perFormPerMinute, windowMs: 60_000 }, now);
  if (!byForm.allowed) throw new TooManyRequestsError(byForm.retryAfterMs / 1000, "This form is receiving too many submissions; try again later.");
}

/**
 * A site posts a lead. In order: the form exists; the browser's origin is allowed; the sender is
 * within the rate limits; the signature holds (forms with a secret, for posts without an Origin
 * or that carry a signature); a filled honeypot is answered as a success and dropped; a repeated
 * Idempotency-Key gets the first answer. Then the lead is matched (phones, emails) or created,
 * and the submission goes on that contact's timeline.
 */
export async function submit(request: SubmissionRequest): Promise<SubmissionResult> {
  // Counted for the dashboard: accepted (honeypot answers included) and refused (any error).
  try {
    const result = await submitChecked(request);
    countMetric(MetricName.formSubmissionsAccepted);
    return result;
  } catch (error) {
    countMetric(MetricName.formSubmissionsRefused);
    throw error;
  }
}

async function submitChecked(request: SubmissionRequest): Promise<SubmissionResult> {
  const now = nowMs();
  const form = await load(request.formId);
  if (request.origin !== undefined && !originAllowed(form, request.origin)) throw new ForbiddenError("This site may not post to this form.");
  await admit(form, request.sourceAddress, now);
  if (form.secret && (request.origin === undefined || request.signature !== undefined)) {
    verifyIntakeSignature(form.secret, request.rawBody, request.timestamp, request.signature, now);
  }
  const idempotencyKey = request.idempotencyKey === undefined ? undefined : v.safeParse(IdempotencyKeyField, request.idempotencyKey);
  if (idempotencyKey && !idempotencyKey.success) throw new ValidationError([{ field: "Idempotency-Key", message: idempotencyKey.issues[0]!.message }]);
  const body = readBody(request.contentType, request.rawBody);
  const answer = (): SubmissionResult => ({ accepted: true, submissionId: ulid(now), ...(form.redirectUrl ? { redirectUrl: form.redirectUrl } : {}) });
  // A bot filled the field people never see: it is told "thanks" and nothing is kept.
  if (body[form.honeypotField]?.trim()) return answer();
  const { lead, submitted } = mapFields(form, body);
  return once(`form:${form.formId}`, idempotencyKey?.output, () => withActor(intakeActor, () => record(form, lead, submitted, answer())));
}

async function record(form: StoredForm, lead: MappedLead, submitted: Record<string, string>, result: SubmissionResult): Promise<SubmissionResult> {
  // Matched, or created on the claims the match read: parallel submissions of one lead make one contact.
  const contactId = await matchOrCreate({ phones: lead.phone ? [lead.phone] : [], emails: lead.email ? [lead.email] : [] }, async (claims) => {
    const contact = await Contacts.createFromSource({
      source: { kind: "form", formName: form.name, ...(lead.email ? { email: lead.email } : {}), ...(lead.phone ? { phone: lead.phone } : {}) },
      ownerIds: [form.ownerId],
      ...(lead.firstName ? { firstName: lead.firstName } : {}),
      ...(lead.lastName ? { lastName: lead.lastName } : {}),
      ...(lead.middleName ? { middleName: lead.middleName } : {}),
      ...(lead.position ? { position: lead.position } : {}),
      ...(lead.comment ? { comment: lead.comment } : {}),
      ...(form.tags?.length ? { tags: form.tags } : {}),
      ...(Object.keys(lead.custom).length > 0 ? { custom: lead.custom } : {}),
    }, { claims }).catch((error: unknown) => renameIssues(error, form));
    return contact.contactId;
  });
  await Timeline.record(contactId, {
    kind: "form",
    ...noted({ kind: "web-form-submitted", values: { formId: form.formId, formName: form.name } }),
    submission: { formId: form.formId, formName: form.name, fields: submitted },
  });
  return result;
}
