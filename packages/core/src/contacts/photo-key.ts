/** Where a contact's photo lives in the files port (photo.ts writes it, the trash sweep deletes it). */
export const photoKey = (contactId: string) => `contacts/${contactId}/photo`;
