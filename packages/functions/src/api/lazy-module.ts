/**
 * A feature's module, loaded by the first call into it. The route files hold the route table
 * (paths, validators, descriptions), which every cold start needs; the code behind the handlers
 * loads with the first request that calls it, so a cold start reads only what its own requests
 * need (docs/architecture.md, "Cold start"). Each call awaits the import (once), then the
 * function, and answers a promise: a synchronous check must be awaited to throw. Constants,
 * schemas and types come from the feature's small schema and model modules, imported as usual.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => unknown;
type AsyncFunction = (...args: unknown[]) => Promise<unknown>;

/** The module's functions, each answering a promise (a synchronous check throws through it: await it). */
export type LazyModule<M> = {
  readonly [K in keyof M as M[K] extends AnyFunction ? K : never]: M[K] extends (...args: infer A) => infer R ? (R extends Promise<unknown> ? M[K] : (...args: A) => Promise<R>) : never;
};

export function lazyModule<M extends object>(load: () => Promise<M>): LazyModule<M> {
  let loading: Promise<M> | undefined;
  // A failed import (a passing I/O error) is tried again by the next call.
  const loaded = () => (loading ??= load().catch((error: unknown) => ((loading = undefined), Promise.reject(error))));
  const callers = new Map<PropertyKey, AsyncFunction>();
  return new Proxy(Object.create(null) as LazyModule<M>, {
    get(_, name) {
      // Not a thenable: returning the module object from an async function must not await it.
      if (name === "then") return undefined;
      let caller = callers.get(name);
      if (!caller) {
        caller = async (...args: unknown[]) => {
          const target = ((await loaded()) as Record<PropertyKey, unknown>)[name];
          if (typeof target !== "function") throw new TypeError(`${String(name)} is not a function of the lazily loaded module.`);
          return (target as AsyncFunction)(...args);
        };
        callers.set(name, caller);
      }
      return caller;
    },
  });
}
