/**
 * One listing engine for the features whose items are listed, filtered and searched
 * (contacts, companies): index rows derived from the item (rows.ts), written in the item's own
 * transaction (transaction.ts), read by one finder (query.ts) with signed cursors
 * (storage/cursor.ts). Each feature gives only its columns, audiences, facets and filters.
 */
export * from "./text";
export * from "./rows";
export * from "./transaction";
export * from "./query";
export * from "./sort-fields";
export * from "./definition";
