export * as Users from "./users";
export type { User, ConsoleLanguage } from "./users";
export { consoleLanguages } from "./users";
export { roles, type Role } from "./roles";
