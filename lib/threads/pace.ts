/** Calls between two tries of the mode that looks slower: at first, and again whenever the faster mode changes. */
const PROBE_EVERY = 32;
/** The most calls between two tries: the interval doubles each time a try confirms the faster mode. */
const PROBE_MAX = 512;
/** The longest time between two tries (ms), however rare the calls: a function called a few times a step recovers its threads soon after the load goes. */
const PROBE_MS = 250;
/** Weight of the newest call in the moving average of the mode in use. */
const ALPHA = 0.25;

/** One kind of call's record: ms per unit of work on the calling thread alone and on all threads. */
interface Rates {
  one?: number;
  all?: number;
  /** Calls since the last try of the slower mode, calls between two tries, and when the last try was (ms). */
  calls: number;
  every: number;
  tried: number;
  /** The call in progress is a try of the slower mode. */
  trying: boolean;
}

/**
 * Whether splitting a call between threads pays, learnt from the calls themselves: per kind of call (a split function
 * at one size, to within a factor of √2: a small product pays for its threads less than a big one), a moving average
 * of ms per unit of work on the calling thread alone and on all threads. Each call takes the faster mode; now
 * and then (every 32 calls, up to every 512 while the answer stays the same, and at least every 250 ms) one call
 * tries the other, so a change of load (another process taking a core, or the host taking a vCPU) turns the workers
 * off or on again. The mode never changes a result: the parts are the same either way, only run by fewer threads.
 *
 * @example
 * const pace = new Pace();
 * const all = pace.choose(0, 16_777_216); // true: try the threads first
 * pace.record(0, 16_777_216, all, 1.2);
 */
export class Pace {
  readonly #rates = new Map<number, Rates>();

  /** Whether the next call of function `fn`, of `work` units, should run on all threads (true) or on this one alone. */
  choose(fn: number, work: number, now = performance.now()): boolean {
    const key = kind(fn, work);
    let r = this.#rates.get(key);
    if (!r) this.#rates.set(key, (r = { calls: 0, every: PROBE_EVERY, tried: now, trying: false }));
    if (r.all === undefined) return true;
    if (r.one === undefined) return false;
    const best = r.all <= r.one;
    r.trying = ++r.calls >= r.every || now - r.tried > PROBE_MS;
    if (!r.trying) return best;
    r.calls = 0;
    r.tried = now;
    return !best;
  }

  /** Counts the call of `fn` just made (see {@link choose}): `ms` for `work` units, on all threads or on one. */
  record(fn: number, work: number, all: boolean, ms: number): void {
    const r = this.#rates.get(kind(fn, work));
    if (!r) return;
    const rate = ms / Math.max(1, work);
    const old = all ? r.all : r.one;
    // a try replaces its mode's stale estimate; the mode in use moves its average
    const next = old === undefined || r.trying ? rate : old + ALPHA * (rate - old);
    const wasBest = r.all !== undefined && r.one !== undefined ? r.all <= r.one : undefined;
    if (all) r.all = next;
    else r.one = next;
    if (!r.trying) return;
    r.trying = false;
    r.every = (r.all as number) <= (r.one as number) === wasBest ? Math.min(2 * r.every, PROBE_MAX) : PROBE_EVERY;
  }
}

/** The kind of a call: its function and its size, rounded to a half power of 2. */
function kind(fn: number, work: number): number {
  return fn * 128 + Math.min(127, Math.round(2 * Math.log2(Math.max(1, work))));
}
