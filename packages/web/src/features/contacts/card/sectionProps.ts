import type { Contact, UpdateContactInput } from "../../../api/types";

/** Sends only what changed, with If-Match (the card keeps the ETag). */
export type Save = (patch: UpdateContactInput) => Promise<void>;

/** What every editable section of the contact card gets from the card. */
export interface SectionProps {
  contact: Contact;
  editing: boolean;
  onEdit: () => void;
  onClose: () => void;
  save: Save;
  /** Nothing filled in: the section shows only its "+ Title" button in the card's Add strip. */
  folded?: boolean;
}
