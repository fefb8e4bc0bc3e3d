export * as Tags from "./tags";
export type { TagWithCount, TaggedEntityType } from "./tags";
