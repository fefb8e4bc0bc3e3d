/**
 * The admins' "every item" list and trash of a feature whose items are soft-deleted (contacts,
 * companies): one constant `scope` partition each, made sparse by `deletedAt` so a list never
 * reads a trashed item and the trash never reads a live one.
 * - `all` (gsi2): `sk = <id>`, live items only;
 * - `trash` (gsi3): `sk = <updatedAt>#<id>`, newest deletion first (a trashed item cannot
 *   change, so `updatedAt` is its deletion time), trashed items only.
 */
export function scopeAttribute<const Scope extends string>(scope: Scope) {
  return { type: "string", required: true, readOnly: true, default: (): Scope => scope, hidden: true } as const;
}

export function allAndTrashIndexes<const Id extends string>(id: Id) {
  return {
    all: {
      index: "gsi2",
      pk: { field: "gsi2pk", composite: ["scope"] as const },
      sk: { field: "gsi2sk", composite: [id] as const },
      condition: (attributes: Record<string, unknown>) => !attributes.deletedAt,
    },
    trash: {
      index: "gsi3",
      pk: { field: "gsi3pk", composite: ["scope"] as const },
      sk: { field: "gsi3sk", composite: ["updatedAt", id] as const },
      condition: (attributes: Record<string, unknown>) => Boolean(attributes.deletedAt),
    },
  } as const;
}
