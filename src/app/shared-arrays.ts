// Arguments sent to a worker thread without sending again what it already has: every long array (a series' bars,
// a population) is sent once per worker and referred to by an id afterwards, as long as the main thread hands out
// the same array (the data layer does until the data change). The worker keeps what it was sent, so its own
// memoised work (the baseline populations, kept by the bars' identity) is reused from one request to the next.
// The main thread decides what each worker keeps (the last KEEP arrays sent) and tells it what to drop.

/** Arrays longer than this go by reference (shorter ones are cheaper to copy than to track). */
const LONG = 32;
/** Arrays a worker keeps. */
export const KEEP = 64;
/** Plain records are walked to this depth (a series' record holds its bars one level down). */
const DEPTH = 4;

const ids = new WeakMap<object, number>();
let nextId = 1;

interface Ref {
  readonly __array: number;
}

/** What crosses to the worker: the arguments with references, and the arrays' bookkeeping. */
export interface SharedArgs {
  readonly args: unknown[];
  readonly arrays: Array<[number, unknown[]]>;
  readonly drop: number[];
  readonly reset: boolean;
}

const isPlain = (value: object) => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** One worker's share: which arrays it holds, oldest first. */
export class SentArrays {
  private readonly held = new Map<number, true>();
  /** The first message after this side forgot what the worker holds tells the worker to forget it too. */
  private fresh = true;

  /**
   * `args` with long arrays as references, the arrays this worker lacks, those it should drop, and whether it
   * should first drop everything it holds.
   */
  encode(args: readonly unknown[]): SharedArgs {
    const arrays: Array<[number, unknown[]]> = [];
    const walk = (value: unknown, depth: number): unknown => {
      if (value === null || typeof value !== "object" || depth > DEPTH) return value;
      if (Array.isArray(value)) {
        if (value.length <= LONG) return value.map((item) => walk(item, depth + 1));
        let id = ids.get(value);
        if (id === undefined) {
          id = nextId++;
          ids.set(value, id);
        }
        if (this.held.has(id)) {
          this.held.delete(id); // most recently used last
        } else if (!arrays.some(([known]) => known === id)) {
          arrays.push([id, value]);
        }
        this.held.set(id, true);
        return { __array: id } satisfies Ref;
      }
      if (!isPlain(value)) return value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, depth + 1)]));
    };
    const encoded = args.map((arg) => walk(arg, 0));
    const drop: number[] = [];
    for (const id of this.held.keys()) {
      if (this.held.size - drop.length <= KEEP) break;
      drop.push(id);
    }
    for (const id of drop) this.held.delete(id);
    const reset = this.fresh;
    this.fresh = false;
    return { args: encoded, arrays, drop, reset };
  }

  /** How many arrays the worker holds (tests). */
  get size(): number {
    return this.held.size;
  }
}

/** The worker's side: the arrays it was sent, and the arguments with their references resolved. */
export class ReceivedArrays {
  private readonly held = new Map<number, unknown[]>();

  decode(message: SharedArgs): unknown[] {
    if (message.reset) this.held.clear();
    for (const [id, array] of message.arrays) this.held.set(id, array);
    const walk = (value: unknown, depth: number): unknown => {
      if (value === null || typeof value !== "object" || depth > DEPTH) return value;
      if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
      const ref = (value as Partial<Ref>).__array;
      if (typeof ref === "number" && Object.keys(value).length === 1) {
        const array = this.held.get(ref);
        if (!array) throw new Error(`the worker does not hold array ${ref}`);
        return array;
      }
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, depth + 1)]));
    };
    const args = message.args.map((arg) => walk(arg, 0));
    for (const id of message.drop) this.held.delete(id);
    return args;
  }
}
