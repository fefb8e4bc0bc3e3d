/** Tags: request schemas (the API validates with them; the service parses them too), apart so the routes load without the service. */
import * as v from "valibot";
import { taggedEntityTypes } from "./tag-count.entity";

export const ListTagsInput = v.strictObject(
  { entity: v.picklist(taggedEntityTypes, `One of: ${taggedEntityTypes.join(", ")}.`) },
  "Unknown parameter: leave it out.",
);
