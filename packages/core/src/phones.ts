/** The kinds of phone number a contact or a company has: stored and validated the same way. */
export const phoneTypes = ["work", "mobile", "home", "fax", "other"] as const;

/** A stored phone's number and kind (the properties of an ElectroDB map); a contact's adds `primary`. */
export const phoneProperties = {
  number: { type: "string", required: true },
  type: { type: phoneTypes, required: true },
} as const;
