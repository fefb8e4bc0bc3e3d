/**
 * Moved to features/duplicates and features/notifications (issue 17). Kept only so imports of
 * branches written at the same time (the new-contact form, the Layout) still resolve; delete
 * once nothing imports it.
 */
export { DuplicateDialog, DuplicatesPage, MergePage, duplicateProblemOf, type DuplicateProblem } from "../features/duplicates";
export { NotificationsBell } from "../features/notifications/NotificationsBell";
