/** Bulk actions: request schemas (the API validates with them; the service parses them too), apart so the routes load without the service. */
import * as v from "valibot";
import { FindContactsInput } from "../contacts/find-input";
import { BulkAction } from "./actions";
import { BULK_IDS_MAX } from "./limits";

/**
 * The filter of "everything that matches": the contacts list's filter object. `cursor` and
 * `limit` are the job's business; `sort`/`order` are accepted (the console sends its whole
 * view) but the snapshot always pages by creation, which no bulk action can change.
 */
export const BulkFilter = v.omit(FindContactsInput, ["cursor", "limit"]);
export type BulkFilter = v.InferInput<typeof BulkFilter>;

export const BulkJobRequest = v.pipe(
  v.strictObject(
    {
      action: BulkAction,
      contactIds: v.optional(
        v.pipe(
          v.array(v.pipe(v.string("Must be a contact ID."), v.maxLength(64, "Not a contact ID.")), "Must be a list of contact IDs."),
          v.minLength(1, "Select at least one contact."),
          v.maxLength(BULK_IDS_MAX, `At most ${BULK_IDS_MAX} contacts by ID; select by filter for more.`),
        ),
      ),
      filter: v.optional(BulkFilter),
    },
    "Unknown field: send action and either contactIds or filter.",
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { contactIds, filter } = dataset.value;
    if (!contactIds && !filter) addIssue({ message: "Send contactIds or a filter.", path: [{ type: "object", origin: "value", input: dataset.value, key: "contactIds", value: undefined }] });
    if (contactIds && filter) addIssue({ message: "Send contactIds or a filter, not both.", path: [{ type: "object", origin: "value", input: dataset.value, key: "filter", value: filter }] });
  }),
);
export type BulkJobRequest = v.InferInput<typeof BulkJobRequest>;
