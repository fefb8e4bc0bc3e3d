/** A contact photo's size cap, apart from photo.ts so the API's body limit does not load the photo code. */
export const MAX_PHOTO_BYTES = 1024 * 1024;
