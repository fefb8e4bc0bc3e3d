import * as v from "valibot";
import { ulid } from "ulid";
import { useUser } from "../actor";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, VersionConflictError, type FieldIssue } from "../errors";
import { useStorage } from "../storage";
import { committed, isConditionFailure, TransactionConflictError } from "../storage/transaction";
import type { Role } from "../users/roles";
import { fn, issuePath, parse } from "../validation";
import { forbiddenKeyMessage, isForbiddenKey } from "../safe-keys";
import { customFieldEntityTypes, customFieldTypes } from "./custom-field.entity";
import { storedValueFits, valueSchema, type CustomFieldType, type CustomValue } from "./value-types";
import { EntityTypeField, KeyField, isSelect } from "./schemas";
export { MAX_OPTIONS } from "./schemas";
export { DefineCustomFieldInput, UpdateCustomFieldInput, ListCustomFieldsInput } from "./schemas";
import { DefineCustomFieldInput, UpdateCustomFieldInput, ListCustomFieldsInput } from "./schemas";

export { customFieldEntityTypes, customFieldTypes, type CustomFieldType, type CustomValue };
export type CustomFieldEntityType = (typeof customFieldEntityTypes)[number];

/** Values as records store them: keyed by the definition's `fieldId`, never by its key. */
export type StoredCustomValues = Record<string, CustomValue>;
/** Values as clients send and see them: keyed by the definition's key. */
export type CustomValues = Record<string, CustomValue>;

export interface CustomFieldDefinition {
  entityType: CustomFieldEntityType;
  key: string;
  label: string;
  type: CustomFieldType;
  options?: string[];
  required: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

type StoredDefinition = CustomFieldDefinition & { fieldId: string; removedAt?: string };

export const MAX_CUSTOM_VALUES = 100;

/** Only admins change definitions; everyone signed in reads them. */
const definers: readonly Role[] = ["admin"];

function requireDefiner(): void {
  const actor = useUser();
  if (!definers.includes(actor.role)) throw new ForbiddenError(`Only admins define custom fields (your role: ${actor.role}).`);
}

function present(item: StoredDefinition): CustomFieldDefinition {
  const { fieldId: _fieldId, removedAt: _removedAt, ...definition } = item;
  return definition;
}

function parseTarget(entityType: unknown, key: unknown): { entityType: CustomFieldEntityType; key: string } {
  const issues: FieldIssue[] = [];
  if (!v.is(EntityTypeField, entityType)) issues.push({ field: "entityType", message: `One of: ${customFieldEntityTypes.join(", ")}.` });
  if (!v.is(KeyField, key)) issues.push({ field: "key", message: "Not a custom field key." });
  if (issues.length > 0) throw new ValidationError(issues);
  return { entityType: entityType as CustomFieldEntityType, key: key as string };
}

/** Every definition of an entity type, removed ones included (one Query). */
async function loadAll(entityType: CustomFieldEntityType): Promise<StoredDefinition[]> {
  const { service } = useStorage();
  const result = await service.entities.customField.query.primary({ entityType }).go({ pages: "all" });
  return result.data as StoredDefinition[];
}

/** The live definitions of an entity type, in key order: what validation and reads use. */
export async function loadDefinitions(entityType: CustomFieldEntityType): Promise<LiveDefinitions> {
  return liveDefinitions(await loadAll(entityType));
}

/**
 * How long a process reuses the definitions it read (`cachedDefinitions`). A change made in this
 * process clears the cache at once; other processes (Lambda instances) see it within this time.
 */
export const DEFINITIONS_CACHE_MS = 10_000;
const cache = new WeakMap<object, Map<CustomFieldEntityType, { definitions: LiveDefinitions; readAt: number }>>();

/**
 * `loadDefinitions` through a short per-process cache, for hot paths that must stay at one
 * request (the contact card, contact create). Costs one Query when cold.
 */
export async function cachedDefinitions(entityType: CustomFieldEntityType): Promise<LiveDefinitions> {
  const storage = useStorage();
  let byType = cache.get(storage);
  if (!byType) cache.set(storage, (byType = new Map()));
  const hit = byType.get(entityType);
  if (hit && Date.now() - hit.readAt < DEFINITIONS_CACHE_MS) return hit.definitions;
  const definitions = await loadDefinitions(entityType);
  byType.set(entityType, { definitions, readAt: Date.now() });
  return definitions;
}

function forgetCachedDefinitions(entityType: CustomFieldEntityType): void {
  cache.get(useStorage())?.delete(entityType);
}

/** Opaque to callers: pass it back to `validateCustomValues` / `presentCustomValues` to save a Query. */
export interface LiveDefinitions {
  readonly byKey: ReadonlyMap<string, StoredDefinition>;
  readonly byFieldId: ReadonlyMap<string, StoredDefinition>;
}

function liveDefinitions(all: StoredDefinition[]): LiveDefinitions {
  const live = all.filter((definition) => !definition.removedAt);
  return {
    byKey: new Map(live.map((definition) => [definition.key, definition])),
    byFieldId: new Map(live.map((definition) => [definition.fieldId, definition])),
  };
}

export async function list(input: v.InferInput<typeof ListCustomFieldsInput>): Promise<CustomFieldDefinition[]> {
  useUser();
  const { entity } = parse(ListCustomFieldsInput, input);
  const types = entity ? [entity] : [...customFieldEntityTypes];
  const lists = await Promise.all(types.map(async (type) => [...(await loadDefinitions(type)).byKey.values()].map(present)));
  return lists.flat();
}

export const define = fn(DefineCustomFieldInput, async (input): Promise<CustomFieldDefinition> => {
  requireDefiner();
  const now = new Date().toISOString();
  const definition: StoredDefinition = {
    entityType: input.entityType,
    key: input.key,
    fieldId: ulid(),
    label: input.label,
    type: input.type,
    ...(input.options ? { options: input.options } : {}),
    required: input.required,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const { service } = useStorage();
  try {
    // A key is free when never used or when its last definition was removed. The new fieldId
    // means values written under the removed definition stay hidden, whatever the new type.
    committed(
      await service.transaction
        .write(({ customField }) => [
          customField
            .put(definition)
            .where(({ key, removedAt }, { notExists, exists }) => `${notExists(key)} OR ${exists(removedAt)}`)
            .commit(),
        ])
        .go(),
    );
  } catch (error) {
    if (error instanceof TransactionConflictError) {
      throw new ConflictError(`A ${input.entityType} custom field with the key “${input.key}” already exists.`);
    }
    throw error;
  }
  forgetCachedDefinitions(input.entityType);
  return present(definition);
});

async function loadLive(entityType: CustomFieldEntityType, key: string): Promise<StoredDefinition> {
  const { service } = useStorage();
  const result = await service.entities.customField.get({ entityType, key }).go();
  const item = result.data as StoredDefinition | null;
  if (!item || item.removedAt) throw new NotFoundError("Custom field");
  return item;
}

export async function update(entityType: unknown, key: unknown, expectedVersion: number, input: UpdateCustomFieldInput): Promise<CustomFieldDefinition> {
  requireDefiner();
  const target = parseTarget(entityType, key);
  const changes = parse(UpdateCustomFieldInput, input);
  const current = await loadLive(target.entityType, target.key);
  if (changes.options && !isSelect(current.type)) {
    throw new ValidationError([{ field: "options", message: `A ${current.type} field takes no options.` }]);
  }
  if (current.version !== expectedVersion) throw new VersionConflictError(current.version);
  const next: StoredDefinition = {
    ...current,
    ...(changes.label !== undefined ? { label: changes.label } : {}),
    ...(changes.options !== undefined ? { options: changes.options } : {}),
    ...(changes.required !== undefined ? { required: changes.required } : {}),
    version: current.version + 1,
    updatedAt: new Date().toISOString(),
  };
  const { service } = useStorage();
  try {
    await service.entities.customField
      .patch(target)
      .set({ label: next.label, required: next.required, version: next.version, updatedAt: next.updatedAt, ...(next.options ? { options: next.options } : {}) })
      .where(({ version, removedAt }, { eq, notExists }) => `${eq(version, expectedVersion)} AND ${notExists(removedAt)}`)
      .go();
  } catch (error) {
    if (isConditionFailure(error)) throw new VersionConflictError();
    throw error;
  }
  forgetCachedDefinitions(target.entityType);
  return present(next);
}

/**
 * Soft removal: the definition is marked removed, reads stop showing its values and writes stop
 * accepting them. Records keep the old values (under the old fieldId) until their next write,
 * which drops them; nothing else is touched, so removing a field is one small write.
 */
export async function remove(entityType: unknown, key: unknown): Promise<void> {
  requireDefiner();
  const target = parseTarget(entityType, key);
  const current = await loadLive(target.entityType, target.key);
  const now = new Date().toISOString();
  const { service } = useStorage();
  try {
    await service.entities.customField
      .patch(target)
      .set({ removedAt: now, updatedAt: now, version: current.version + 1 })
      .where(({ removedAt }, { notExists }) => notExists(removedAt))
      .go();
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFoundError("Custom field");
    throw error;
  }
  forgetCachedDefinitions(target.entityType);
}

const describeKey = (key: string) => (key.length > 60 ? `${key.slice(0, 60)}…` : key);

/**
 * Checks custom values sent by a client against the live definitions and returns what to store.
 *
 * - `values` is the client's object of key → value (`null` clears a value in a partial update).
 * - `partial: false` (create): every required field must have a value.
 * - `current`: the record's stored values; the result is then the full merged map, and values
 *   of removed definitions are dropped from it.
 * - Errors name `custom.<key>` (plus `[i]` inside a multi-select): unknown key, wrong type, not
 *   an option, bad date / URL / phone / email, required value missing.
 */
export async function validateCustomValues(
  entityType: CustomFieldEntityType,
  values: unknown,
  options: { partial: boolean; current?: StoredCustomValues; definitions?: LiveDefinitions },
): Promise<StoredCustomValues> {
  if (values !== undefined && (typeof values !== "object" || values === null || Array.isArray(values))) {
    throw new ValidationError([{ field: "custom", message: "Must be an object of custom field keys and their values." }]);
  }
  const given = Object.entries((values ?? {}) as Record<string, unknown>);
  if (given.length > MAX_CUSTOM_VALUES) throw new ValidationError([{ field: "custom", message: `At most ${MAX_CUSTOM_VALUES} values.` }]);
  const definitions = options.definitions ?? (await loadDefinitions(entityType));
  const issues: FieldIssue[] = [];
  const out: StoredCustomValues = {};
  for (const [fieldId, value] of Object.entries(options.current ?? {})) {
    if (definitions.byFieldId.has(fieldId)) out[fieldId] = value;
  }
  for (const [key, value] of given) {
    const field = `custom.${describeKey(key)}`;
    if (isForbiddenKey(key)) {
      issues.push({ field, message: forbiddenKeyMessage });
      continue;
    }
    const definition = definitions.byKey.get(key);
    if (!definition) {
      issues.push({ field, message: `No ${entityType} custom field has this key.` });
      continue;
    }
    if (value === null || value === undefined) {
      if (definition.required) issues.push({ field, message: "Required: it cannot be cleared." });
      delete out[definition.fieldId];
      continue;
    }
    const result = v.safeParse(valueSchema(definition), value, { abortPipeEarly: true });
    if (!result.success) {
      for (const issue of result.issues) {
        const inner = issue.path?.length ? issuePath(issue) : "";
        issues.push({ field: `${field}${inner.startsWith("[") ? inner : inner ? `.${inner}` : ""}`, message: issue.message });
      }
      continue;
    }
    out[definition.fieldId] = result.output;
  }
  if (!options.partial) {
    for (const definition of definitions.byKey.values()) {
      if (definition.required && out[definition.fieldId] === undefined && !issues.some((issue) => issue.field === `custom.${definition.key}`)) {
        issues.push({ field: `custom.${definition.key}`, message: "Required." });
      }
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}

/** Stored values as clients see them, by key; values of removed definitions (or dropped options) are left out. */
export function presentCustomValues(definitions: LiveDefinitions, stored: StoredCustomValues | undefined): CustomValues {
  const out: CustomValues = {};
  for (const [fieldId, value] of Object.entries(stored ?? {})) {
    const definition = definitions.byFieldId.get(fieldId);
    if (!definition) continue;
    const fitting = storedValueFits(definition, value);
    if (fitting !== undefined) out[definition.key] = fitting;
  }
  return out;
}

/** `presentCustomValues` after loading the definitions (one Query). */
export async function visibleCustomValues(entityType: CustomFieldEntityType, stored: StoredCustomValues | undefined): Promise<CustomValues> {
  return presentCustomValues(await loadDefinitions(entityType), stored);
}
