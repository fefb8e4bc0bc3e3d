/**
 * Wire contract of the /v1 API as the console uses it (issue "Foundation").
 * Kept in one place so the typed `hc<ApiRoutes>` client can replace it field by field.
 */

export type PhoneType = "work" | "mobile" | "home" | "fax" | "other";
export const PHONE_TYPES: readonly PhoneType[] = ["mobile", "work", "home", "fax", "other"];

export interface Phone {
  /** E.164, e.g. +79161234567 */
  number: string;
  type: string;
}

export interface Contact {
  contactId: string;
  displayName: string;
  firstName?: string;
  lastName?: string;
  phones: Phone[];
  emails: string[];
  ownerId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ContactPage {
  items: Contact[];
  cursor: string | null;
}

export interface CreateContactInput {
  firstName?: string;
  lastName?: string;
  phones?: { number: string; type?: PhoneType }[];
  emails?: string[];
}

export interface Me {
  userId: string;
  email: string;
  name: string;
  role: string;
}

export interface FieldError {
  /** Path into the request body: `firstName`, `phones[0].number`, `emails[1]` */
  field: string;
  message: string;
}

/** RFC 9457 problem details, as sent with application/problem+json */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

export const PAGE_SIZES = [10, 20, 50] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
