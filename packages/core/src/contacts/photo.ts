import { useActor } from "../actor";
import { NotFoundError, ValidationError } from "../errors";
import { useFiles } from "../files";
import { requireRight } from "../users/roles";
import type { Contact } from "./model";
import { loadVisible, parseId } from "./rows";
import { setPhotoMeta } from "./update";
import { photoFileKey, photoFileKeys, photoKey } from "./photo-key";

export { MAX_PHOTO_BYTES } from "./photo-limits";
import { MAX_PHOTO_BYTES } from "./photo-limits";

/** Images by their first bytes, not by what the client claims. */
const signatures: { contentType: string; matches: (bytes: Uint8Array) => boolean }[] = [
  { contentType: "image/png", matches: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x) },
  { contentType: "image/jpeg", matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { contentType: "image/gif", matches: (b) => ["GIF87a", "GIF89a"].includes(String.fromCharCode(...b.slice(0, 6))) },
  { contentType: "image/webp", matches: (b) => String.fromCharCode(...b.slice(0, 4)) === "RIFF" && String.fromCharCode(...b.slice(8, 12)) === "WEBP" },
];

export function sniffImage(bytes: Uint8Array): string | undefined {
  return signatures.find((signature) => bytes.length >= 12 && signature.matches(bytes))?.contentType;
}

/** Stores the photo (PNG, JPEG, WebP or GIF up to 1 MB) and records it on the contact. */
export async function setPhoto(contactId: string, bytes: Uint8Array): Promise<Contact> {
  const id = parseId(contactId);
  if (bytes.length === 0) throw new ValidationError([{ field: "body", message: "Send the image as the request body." }]);
  if (bytes.length > MAX_PHOTO_BYTES) throw new ValidationError([{ field: "body", message: "A photo is at most 1 MB." }]);
  const contentType = sniffImage(bytes);
  if (!contentType) throw new ValidationError([{ field: "body", message: "Not an image: send a PNG, JPEG, WebP or GIF." }]);
  const before = await loadVisible(id, "write");
  await useFiles().put(photoKey(id), bytes, contentType);
  const updated = await setPhotoMeta(id, { contentType, size: bytes.length, updatedAt: new Date().toISOString() });
  // A copy that came with a merge is no longer shown (the merge cannot be undone now: the survivor changed).
  if (before.photo?.mergeId) await useFiles().delete(photoFileKey(id, before.photo));
  return updated;
}

export async function getPhoto(contactId: string): Promise<{ bytes: Uint8Array; contentType: string }> {
  requireRight(useActor(), "contacts:read");
  const id = parseId(contactId);
  const contact = await loadVisible(id);
  if (!contact.photo) throw new NotFoundError("Photo");
  const bytes = await useFiles().get(photoFileKey(id, contact.photo));
  if (!bytes) throw new NotFoundError("Photo");
  return { bytes, contentType: contact.photo.contentType };
}

export async function removePhoto(contactId: string): Promise<Contact> {
  const id = parseId(contactId);
  const contact = await loadVisible(id, "write");
  if (!contact.photo) throw new NotFoundError("Photo");
  // The record first: a leftover file is harmless, a record pointing at nothing is not.
  const updated = await setPhotoMeta(id, null);
  for (const key of photoFileKeys(id, contact.photo)) await useFiles().delete(key);
  return updated;
}
