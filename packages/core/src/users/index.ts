export * as Users from "./users";
export type { User } from "./users";
export { roles, type Role } from "./roles";
