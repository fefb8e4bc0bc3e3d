export { DuplicateDialog } from "./DuplicateDialog";
export { DUPLICATE_PROBLEM, duplicateProblemOf, type DuplicateProblem } from "./duplicateProblem";
export { DuplicatesPage } from "./DuplicatesPage";
export { MergePage } from "./MergePage";
