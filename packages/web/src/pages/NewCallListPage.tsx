// Moved to features/call-lists (issue 17). These type re-exports keep the contacts page and the
// company card (other features) compiling until they import from features/call-lists/types.
export type { CompanyDial, NewCallListState } from "../features/call-lists/types";
