export * as Views from "./views";
export type { SavedView } from "./views";
