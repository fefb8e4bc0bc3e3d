// Likely duplicates and merges (and their undo).
import { done, ok } from "./responses";
import { client, type Page } from "./typed-client";
import type { DuplicatePage, MergeInput, MergeResult, MergeSummary } from "./types";

export const duplicatesApi = {
  async mergeContacts(survivorId: string, input: MergeInput): Promise<MergeResult> {
    return ok(await client.contacts[":contactId"].merge.$post({ param: { contactId: survivorId }, json: input }));
  },

  async getMerge(mergeId: string): Promise<MergeSummary> {
    return ok(await client.merges[":mergeId"].$get({ param: { mergeId } }));
  },

  async undoMerge(mergeId: string): Promise<MergeSummary> {
    return ok(await client.merges[":mergeId"].undo.$post({ param: { mergeId } }));
  },

  async listDuplicates(page: Page): Promise<DuplicatePage> {
    return ok(await client.duplicates.$get({ query: { limit: String(page.limit) as "10" | "20" | "50", cursor: page.cursor ?? undefined } }));
  },

  async dismissDuplicate(pairId: string): Promise<void> {
    return done(await client.duplicates[":pairId"].dismiss.$post({ param: { pairId } }));
  },
};
