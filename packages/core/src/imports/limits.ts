/** Import limits, apart from the CSV reader so the API's entry chunk can name them without loading csv-parse. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;
