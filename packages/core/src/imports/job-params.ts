// What an import job carries from `start` to each of its chunks.
import type { Mapping } from "./columns";
import type { DuplicatePolicy } from "./schemas";

export interface ImportParams {
  importId: string;
  fileKey: string;
  fileName: string;
  mapping: Mapping;
  duplicates: DuplicatePolicy;
}
