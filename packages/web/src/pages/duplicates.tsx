/**
 * Moved to features/duplicates (issue 17). Kept only so the new-contact form's import (moved by
 * another branch at the same time) still resolves; delete once it imports features/duplicates.
 */
export { DuplicateDialog, duplicateProblemOf, type DuplicateProblem } from "../features/duplicates";
