/** Every this many calls of a function, the mode that looks slower runs once, to keep its estimate current. */
const PROBE_EVERY = 32;
/** Weight of the newest call in the moving averages. */
const ALPHA = 0.25;

/** Moving averages of one split function's time per unit of work, on this thread alone and on all threads. */
interface Rates {
  one?: number;
  all?: number;
  calls: number;
}

/**
 * Whether splitting a call between threads pays, learnt from the calls themselves: per split function, a moving
 * average of ms per unit of work on the calling thread alone and on all threads. Each call takes the faster mode,
 * and every 32nd the other, so a change of load (another process taking a core, or the host taking a vCPU) turns
 * the workers off or on again within a few calls. The mode never changes a result: the parts are the same either
 * way, only run by fewer threads.
 *
 * @example
 * const pace = new Pace();
 * const all = pace.choose(0); // true: try the threads first
 * pace.record(0, all, 1.2, 16_777_216);
 */
export class Pace {
  readonly #rates = new Map<number, Rates>();

  /** Whether the next call of function `fn` should run on all threads (true) or on the calling thread alone. */
  choose(fn: number): boolean {
    let r = this.#rates.get(fn);
    if (!r) this.#rates.set(fn, (r = { calls: 0 }));
    r.calls++;
    if (r.all === undefined) return true;
    if (r.one === undefined) return false;
    const best = r.all <= r.one;
    return r.calls % PROBE_EVERY === 0 ? !best : best;
  }

  /** Counts a call of `fn` that took `ms` for `work` units, on all threads or on one. */
  record(fn: number, all: boolean, ms: number, work: number): void {
    const r = this.#rates.get(fn) ?? { calls: 0 };
    const rate = ms / Math.max(1, work);
    const old = all ? r.all : r.one;
    const next = old === undefined ? rate : old + ALPHA * (rate - old);
    this.#rates.set(fn, all ? { ...r, all: next } : { ...r, one: next });
  }
}
