// Work that depends only on the data, done once per data version and shared by every answer that needs it.
// A pure function's result is kept under its arguments: a long array (a series' bars, a baseline population) and
// any object that is not a plain record by identity — the data layer hands out the same bars while the data are
// unchanged and new ones with a new bar, so a new data version is a new key, never an old result — and dates,
// options and short lists by value. Each function keeps its last `limit` results (an LRU). Results are shared:
// callers must not change them.

const identities = new WeakMap<object, number>();
let nextIdentity = 1;

/** Arrays up to this length (a handful of assets, rule variants) are keyed by their elements. */
const SHORT_ARRAY = 32;
/** Plain records are keyed by their fields down to this depth (a series' source note), then by identity. */
const MAX_DEPTH = 4;

function identityOf(value: object): string {
  let id = identities.get(value);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(value, id);
  }
  return `#${id}`;
}

function isPlainRecord(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The argument's key: by value where it is small and plain, by identity otherwise. Exported for its test. */
export function argumentKey(value: unknown, depth = 0): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "undefined":
      return "u";
    case "string":
      return JSON.stringify(value);
    case "number":
    case "boolean":
    case "bigint":
      return `${typeof value === "number" ? "n" : typeof value === "boolean" ? "b" : "i"}${String(value)}`;
    case "symbol":
    case "function":
      return identityOf(value as object);
  }
  const object = value as object;
  if (depth >= MAX_DEPTH) return identityOf(object);
  if (Array.isArray(object)) {
    if (object.length > SHORT_ARRAY) return identityOf(object);
    return `[${object.map((item) => argumentKey(item, depth + 1)).join(",")}]`;
  }
  if (!isPlainRecord(object)) return identityOf(object);
  const fields = Object.keys(object).map(
    (k) => `${JSON.stringify(k)}:${argumentKey((object as never)[k], depth + 1)}`,
  );
  return `{${fields.join(",")}}`;
}

export interface MemoStats {
  hits: number;
  misses: number;
}

/** A memoised function: called as `fn`; `has` tells whether a call would be answered from memory; `prime` puts
 * a result computed elsewhere (off the main thread, from copies of the same arguments) under its arguments. */
export type Memoized<A extends readonly unknown[], R> = ((...args: A) => R) & {
  readonly stats: MemoStats;
  has(...args: A): boolean;
  prime(args: A, result: R): void;
  /** The key the arguments are kept under (work in flight for the same key can be shared). */
  keyOf(...args: A): string;
};

/** `fn`, remembering its last `limit` results by their arguments (see above); `stats` counts how it answered. */
export function memoized<A extends readonly unknown[], R>(fn: (...args: A) => R, limit = 32): Memoized<A, R> {
  const results = new Map<string, R>();
  const stats: MemoStats = { hits: 0, misses: 0 };
  const keyOf = (args: A) => args.map((arg) => argumentKey(arg)).join("|");
  const keep = (key: string, result: R) => {
    results.set(key, result);
    if (results.size > limit) results.delete(results.keys().next().value as string);
  };
  const call = (...args: A): R => {
    const key = keyOf(args);
    if (results.has(key)) {
      const hit = results.get(key) as R;
      results.delete(key);
      results.set(key, hit);
      stats.hits += 1;
      return hit;
    }
    stats.misses += 1;
    const result = fn(...args);
    keep(key, result);
    return result;
  };
  return Object.assign(call, {
    stats,
    has: (...args: A) => results.has(keyOf(args)),
    keyOf: (...args: A) => keyOf(args),
    prime: (args: A, result: R) => keep(keyOf(args), result),
  });
}
