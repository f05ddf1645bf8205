// Longer than most files: the pool's state (its workers, the control block, the fallback) and the jobs that drive the
// workers through that block read together.
import { receiveMessageOnPort } from "node:worker_threads";
import { checkBoolean, checkInteger, checkKeys, checkNumber, type KnownKeys } from "../options/check.js";
import { Pace } from "./pace.js";
import { CONTROL_BYTES, MAX_ARGS, OP, SLOT, takeParts, waitChange, type AttachMessage } from "./protocol.js";
import { startWorkers, type StartedWorker } from "./start-workers.js";
import { MAX_THREADS, threadCount } from "./thread-count.js";
import { threadSupport } from "./thread-support.js";

/** Multiply-adds below which a call stays on the calling thread: waking a worker costs ~5–20 µs, a 64³ product ~20 µs. */
export const MIN_WORK = 2 ** 18;
/** How long an idle worker, or the pool waiting for its workers, spins before it sleeps (ms). */
const SPIN_MS = 0.2;

/** Options of {@link ThreadPool}. */
export interface ThreadPoolOptions {
  /** Threads, the calling one included (default: `DEPTHLAB_THREADS`, else the number of cores; {@link threadCount}). */
  threads?: number;
  /** Multiply-adds (or the like) below which {@link ThreadPool.partsFor} keeps a call on one thread (default 2^18; Infinity: always). */
  minWork?: number;
  /** How long idle threads spin before they sleep, in ms (default 0.2). */
  spinMs?: number;
  /**
   * Whether a call over the threshold may still run on the calling thread alone while the workers do not pay, as
   * timed on the last calls (default true; false: always on all threads, as tests of the threads want).
   */
  adapt?: boolean;
}
const KEYS: KnownKeys<ThreadPoolOptions> = { threads: true, minWork: true, spinMs: true, adapt: true };

/** A split function's call: its index in the instance's table, its arguments in order and which are float32. */
export interface SplitCall {
  fn: number;
  args: readonly number[];
  floats: readonly boolean[];
  /** Its size (multiply-adds or the like), to compare the time of calls of different sizes. */
  work: number;
}

/**
 * Worker threads for depthlab's WebAssembly kernels. Each worker holds its own instance of a module on the same
 * shared memory as the caller's ({@link attach}); a call ({@link call}) is cut into parts, each writing its own band
 * of the output, which the calling thread and the workers take one at a time until none is left. The workers are
 * started once, at the first attach, and then driven through a control block in shared memory (protocol.ts): the
 * caller writes the call, bumps the job number and notifies; each worker wakes from Atomics.wait, takes parts, counts
 * itself done and notifies; the caller, once out of parts, waits for the count. No message is posted per call. The
 * workers are unref'd: they never keep the process alive, and {@link close} stops them. Where threads are not
 * available the pool runs on one thread; where they do not pay (a busy machine), a call runs its parts on the
 * calling thread alone ({@link Pace}), with the same result.
 *
 * @example
 * const pool = new ThreadPool({ threads: 2 });
 * pool.partsFor(256 * 256 * 256, 4) // 8: a 256³ product is cut into 4 parts per thread, a 32³ one is not cut
 * await pool.close();
 */
export class ThreadPool {
  readonly minWork: number;
  readonly #planned: number;
  readonly #spinMs: number;
  readonly #ints = new Int32Array(new SharedArrayBuffer(CONTROL_BYTES));
  readonly #floats = new Float32Array(this.#ints.buffer);
  readonly #pace: Pace | null;
  #fallback: string | undefined;
  #workers: StartedWorker[] = [];
  #nextId = 1;

  constructor(options: ThreadPoolOptions = {}) {
    const { threads = threadCount(), minWork = MIN_WORK, spinMs = SPIN_MS, adapt = true } = checkKeys("ThreadPool", options, KEYS);
    this.#planned = checkInteger("ThreadPool", "threads", threads, 1, MAX_THREADS);
    this.minWork = minWork === Infinity ? Infinity : checkNumber("ThreadPool", "minWork", minWork, 0);
    this.#spinMs = checkNumber("ThreadPool", "spinMs", spinMs, 0, 1000);
    this.#pace = checkBoolean("ThreadPool", "adapt", adapt) ? new Pace() : null;
    this.#fallback = threads > 1 ? threadSupport() : undefined;
  }

  /** Threads in use, the calling one included: 1 after a {@link fallback}. */
  get threads(): number {
    return this.#fallback === undefined ? this.#planned : 1;
  }

  /** Why the pool runs on one thread although more were asked for, or undefined. */
  get fallback(): string | undefined {
    return this.#fallback;
  }

  /**
   * How many parts a call of `work` multiply-adds should be cut into: 1 below {@link minWork}, else one per thread,
   * or up to `perThread` per thread while each part keeps {@link minWork} (more parts balance the threads better, where
   * a part repeats no work of the others).
   */
  partsFor(work: number, perThread = 1): number {
    if (work < this.minWork || this.threads === 1) return 1;
    return this.threads * Math.max(1, Math.min(perThread, Math.floor(work / (this.threads * this.minWork))));
  }

  /**
   * Instantiates `module` in every worker, on the memory in `imports`, worker w with its stack pointer at
   * stackTops[w − 1]; returns the id to {@link call} it by, or null when that failed (the pool then falls back to one
   * thread, and says why in {@link fallback}).
   */
  attach(instance: Omit<AttachMessage, "id" | "stackTop"> & { stackTops: readonly number[] }): number | null {
    if (this.threads === 1 || !this.#start()) return null;
    const id = this.#nextId++;
    const { stackTops, ...shared } = instance;
    this.#workers.forEach(({ port }, w) => port.postMessage({ ...shared, id, stackTop: stackTops[w] } satisfies AttachMessage));
    const errors = this.#run(OP.attach, 1, () => {});
    if (errors.length === 0) return id;
    this.#run(OP.detach, 1, () => (this.#ints[SLOT.instance] = id));
    this.#fallback = `a worker could not instantiate the kernels: ${errors.join("; ")}`;
    return null;
  }

  /** Lets the workers drop an instance from {@link attach}, so that its memory can be freed. */
  detach(id: number): void {
    if (this.#workers.length > 0) this.#run(OP.detach, 1, () => (this.#ints[SLOT.instance] = id));
  }

  /**
   * Calls a split function of instance `id` in `parts` parts: this thread runs `own(part, parts)` for the parts it takes,
   * the workers the function with the same arguments and part, parts appended for theirs; returns when all are done.
   * A part that fails throws here, after every part has finished. Where the threads have not been paying lately
   * ({@link Pace}), this thread runs the whole call itself, as one part: `own(0, 1)`.
   */
  call(id: number, { fn, args, floats, work }: SplitCall, parts: number, own: (part: number, parts: number) => void): void {
    if (args.length > MAX_ARGS) throw new Error(`ThreadPool: ${args.length} arguments, at most ${MAX_ARGS}`);
    const all = this.#pace?.choose(fn, work) ?? true;
    const start = performance.now();
    if (!all) {
      own(0, 1);
      return this.#pace?.record(fn, work, false, performance.now() - start);
    }
    const errors = this.#run(
      OP.call,
      parts,
      () => {
        this.#ints[SLOT.instance] = id;
        this.#ints[SLOT.fn] = fn;
        args.forEach((a, i) => (floats[i] ? (this.#floats[SLOT.args + i] = a) : (this.#ints[SLOT.args + i] = a)));
      },
      () => takeParts(this.#ints, own),
    );
    if (errors.length > 0) throw new Error(`ThreadPool: ${errors.join("; ")}`);
    this.#pace?.record(fn, work, true, performance.now() - start);
  }

  /** Stops the workers; the pool runs on one thread from then on. */
  async close(): Promise<void> {
    const workers = this.#workers;
    this.#workers = [];
    this.#fallback ??= "the pool was closed";
    if (workers.length === 0) return;
    this.#ints[SLOT.op] = OP.stop;
    Atomics.add(this.#ints, SLOT.seq, 1);
    Atomics.notify(this.#ints, SLOT.seq);
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
    for (const { port } of workers) port.close();
  }

  /** Starts the workers once; false (with a fallback) if they do not start. */
  #start(): boolean {
    if (this.#workers.length > 0) return true;
    const started = startWorkers(this.#ints, this.#planned, this.#spinMs);
    if (typeof started === "string") return !(this.#fallback = started);
    this.#workers = started;
    return true;
  }

  /** Runs one job: `fill` writes its slots, `own` does this thread's share; waits for every worker; returns their errors. */
  #run(op: number, parts: number, fill: () => void, own?: () => void): string[] {
    const ints = this.#ints;
    ints[SLOT.op] = op;
    ints[SLOT.parts] = parts;
    ints[SLOT.next] = 0;
    fill();
    Atomics.store(ints, SLOT.done, 0);
    Atomics.store(ints, SLOT.errors, 0);
    Atomics.add(ints, SLOT.seq, 1);
    Atomics.notify(ints, SLOT.seq);
    let failed: { error: unknown } | undefined;
    try {
      own?.();
    } catch (error) {
      failed = { error };
    }
    for (let done = 0; done < this.#workers.length; ) done = waitChange(ints, SLOT.done, done, this.#spinMs);
    const errors =
      Atomics.load(ints, SLOT.errors) === 0
        ? []
        : this.#workers.flatMap(({ port }) => {
            const message = receiveMessageOnPort(port)?.message;
            return message === undefined ? [] : [String(message)];
          });
    if (failed) throw failed.error;
    return errors;
  }
}
