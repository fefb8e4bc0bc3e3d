import type { Entity as ElectroDBEntity } from "electrodb";
import { assertStorageLoaded, Entity as ElectroEntity } from "./libraries";

/**
 * ElectroDB's `Entity`, built on first use. Building one parses its model, its key templates and
 * a where/filter builder per attribute (about 1 ms each on a Lambda); with every `*.entity.ts`
 * building its entity as it loads, each cold start of the API built all 45 although a request
 * uses a few (issue 17). `new Entity(model)` here returns a stand-in with the same type; the
 * first property read on it builds the real entity, and every read after that goes to it.
 * `storage/service.ts` builds the Service's entities, collections and transactions on first use
 * the same way.
 */
interface Slot {
  model: object;
  config: object | undefined;
  real: object | undefined;
  /** Methods bound to the real entity, so their `this` is not the stand-in (no trap per read). */
  bound: Map<PropertyKey, unknown>;
}

const slots = new WeakMap<object, Slot>();
let built = 0;

function realOf(slot: Slot): object {
  if (!slot.real) {
    assertStorageLoaded();
    slot.real = new ElectroEntity(slot.model as never, slot.config as never) as object;
    built += 1;
  }
  return slot.real;
}

const handler: ProxyHandler<object> = {
  get(target, property) {
    const slot = slots.get(target)!;
    const real = realOf(slot) as unknown as Record<PropertyKey, unknown>;
    const value = real[property];
    if (typeof value !== "function") return value;
    let bound = slot.bound.get(property);
    if (!bound || (bound as { source?: unknown }).source !== value) {
      bound = Object.assign((value as (...args: unknown[]) => unknown).bind(real), { source: value });
      slot.bound.set(property, bound);
    }
    return bound;
  },
  set: (target, property, value) => Reflect.set(realOf(slots.get(target)!), property, value),
  has: (target, property) => Reflect.has(realOf(slots.get(target)!), property),
  ownKeys: (target) => Reflect.ownKeys(realOf(slots.get(target)!)),
  getOwnPropertyDescriptor: (target, property) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(realOf(slots.get(target)!), property);
    return descriptor && { ...descriptor, configurable: true };
  },
  getPrototypeOf: (target) => Reflect.getPrototypeOf(realOf(slots.get(target)!)),
};

function LazyEntity(model: object, config?: object): object {
  const target = {};
  slots.set(target, { model, config, real: undefined, bound: new Map() });
  const entity = new Proxy(target, handler);
  slots.set(entity, slots.get(target)!);
  return entity;
}

/** Same signature and type as ElectroDB's `Entity`; builds it on first use. */
export const Entity = LazyEntity as unknown as typeof ElectroDBEntity;

/** The model an entity was declared with, read without building the entity. */
export function declaredModel(entity: object): { indexes?: Record<string, { collection?: string | string[] }> } {
  const slot = slots.get(entity);
  if (!slot) throw new Error("Not an entity from storage/entity.ts");
  return slot.model as never;
}

/** The built ElectroDB entity behind a stand-in (built now if it was not yet). */
export function builtEntity<T>(entity: T): T {
  const slot = slots.get(entity as object);
  return (slot ? realOf(slot) : entity) as T;
}

/** How many entities were built so far in this process (tests hold the cold start to none). */
export function entitiesBuilt(): number {
  return built;
}
