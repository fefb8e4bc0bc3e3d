/**
 * Lambda runs Node 22; local machines may run Node 20.19+. The few Node 22 built-ins that our
 * dependencies use (OpenAuth calls Array.fromAsync) are filled in here, in one place.
 */
declare global {
  interface PromiseConstructor {
    withResolvers<T>(): { promise: Promise<T>; resolve: (value: T | PromiseLike<T>) => void; reject: (reason?: unknown) => void };
  }
  interface ArrayConstructor {
    fromAsync<T>(iterable: AsyncIterable<T> | Iterable<T | PromiseLike<T>>): Promise<T[]>;
  }
}

if (typeof (Array as { fromAsync?: unknown }).fromAsync !== "function") {
  Object.defineProperty(Array, "fromAsync", {
    configurable: true,
    writable: true,
    value: async function fromAsync<T>(iterable: AsyncIterable<T> | Iterable<T>): Promise<T[]> {
      const out: T[] = [];
      for await (const item of iterable as AsyncIterable<T>) out.push(item);
      return out;
    },
  });
}

if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== "function") {
  Object.defineProperty(Promise, "withResolvers", {
    configurable: true,
    writable: true,
    value: function withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
