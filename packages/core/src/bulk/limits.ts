/** A bulk action's sizes and job kind: what the API's body limit and the job registry need without loading the engine. */

/** Contact IDs a request may name; beyond that, select by filter. */
export const BULK_IDS_MAX = 10_000;
/** The request body of 10,000 IDs (26 characters and quotes each) with room to spare. */
export const MAX_BULK_BODY_BYTES = 400 * 1024;
/** The job kind of bulk actions run in the background. */
export const BULK_JOB_KIND = "bulk";
