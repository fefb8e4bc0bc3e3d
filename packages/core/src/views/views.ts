import * as v from "valibot";
import { ulid } from "ulid";
import { useUser } from "../actor";
import { NotFoundError, ValidationError } from "../errors";
import { useStorage } from "../storage";
import { isConditionFailure } from "../storage/transaction";
import { parse } from "../validation";
import { UlidField } from "../contacts/fields";
export { viewColumns, CreateViewInput, UpdateViewInput } from "./schemas";
import { viewColumns, CreateViewInput, UpdateViewInput } from "./schemas";

export const MAX_VIEWS_PER_USER = 50;

export interface SavedView {
  viewId: string;
  name: string;
  filters: Record<string, unknown>;
  sort: "name" | "created" | "updated";
  order: "asc" | "desc";
  columns: (typeof viewColumns)[number][];
  pageSize: number;
  createdAt: string;
  updatedAt: string;
}

const present = ({ userId: _userId, ...view }: SavedView & { userId: string }): SavedView => view;

function parseViewId(viewId: unknown): string {
  if (!v.is(UlidField, viewId)) throw new ValidationError([{ field: "viewId", message: "Not a valid view ID." }]);
  return viewId;
}

/** The acting user's views, by name. One Query on their partition. */
export async function list(): Promise<SavedView[]> {
  const user = useUser();
  const { service } = useStorage();
  const result = await service.entities.savedView.query.primary({ userId: user.userId }).go({ pages: "all" });
  return (result.data as (SavedView & { userId: string })[]).map(present).sort((a, b) => a.name.localeCompare(b.name));
}

export async function get(viewId: string): Promise<SavedView> {
  const user = useUser();
  const id = parseViewId(viewId);
  const { service } = useStorage();
  const result = await service.entities.savedView.get({ userId: user.userId, viewId: id }).go();
  if (!result.data) throw new NotFoundError("View");
  return present(result.data as SavedView & { userId: string });
}

export async function create(input: CreateViewInput): Promise<SavedView> {
  const user = useUser();
  const fields = parse(CreateViewInput, input);
  if ((await list()).length >= MAX_VIEWS_PER_USER) throw new ValidationError([{ field: "body", message: `At most ${MAX_VIEWS_PER_USER} views per user.` }]);
  const now = new Date().toISOString();
  const view = { userId: user.userId, viewId: ulid(), ...fields, createdAt: now, updatedAt: now };
  const { service } = useStorage();
  await service.entities.savedView.create(view).go();
  return present(view as SavedView & { userId: string });
}

export async function update(viewId: string, input: UpdateViewInput): Promise<SavedView> {
  const user = useUser();
  const id = parseViewId(viewId);
  const changes = parse(UpdateViewInput, input);
  const { service } = useStorage();
  try {
    const result = await service.entities.savedView
      .patch({ userId: user.userId, viewId: id })
      .set({ ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)), updatedAt: new Date().toISOString() })
      .go({ response: "all_new" });
    return present(result.data as unknown as SavedView & { userId: string });
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFoundError("View");
    throw error;
  }
}

export async function remove(viewId: string): Promise<void> {
  const user = useUser();
  const id = parseViewId(viewId);
  const { service } = useStorage();
  await get(id);
  await service.entities.savedView.delete({ userId: user.userId, viewId: id }).go();
}
