/** Where a contact's own upload lives in the files port (photo.ts writes it, the trash sweep deletes it). */
export const photoKey = (contactId: string) => `contacts/${contactId}/photo`;

/**
 * Where the bytes of the contact's current photo are. A photo the contact got from a merge
 * (`photo.mergeId`) is a copy under its own key, so the survivor's earlier upload stays intact
 * for the merge's undo.
 */
export const photoFileKey = (contactId: string, photo: { mergeId?: string } | undefined) =>
  photo?.mergeId ? `contacts/${contactId}/photo-${photo.mergeId}` : photoKey(contactId);

/** Every file a contact may hold: its own upload and the merged copy it shows. */
export const photoFileKeys = (contactId: string, photo: { mergeId?: string } | undefined) => [...new Set([photoKey(contactId), photoFileKey(contactId, photo)])];
