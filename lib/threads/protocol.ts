import type { MessagePort } from "node:worker_threads";

// The boundary between a ThreadPool (thread-pool.ts) and its workers (worker.ts), described once: the slots of the
// control block, a SharedArrayBuffer of int32 that both sides read and write with Atomics, and the messages.
// A call is cut into parts that the threads take one at a time from a shared counter ({@link takeParts}): a thread
// that is late (descheduled on a busy machine) takes fewer, instead of holding the others up.

/** Int32 slots of the control block. */
export const SLOT = {
  /** Job number: the pool adds 1 and notifies to start a job; a worker waits for it to change. */
  seq: 0,
  /** Workers that have finished the current job (the pool waits for all of them). */
  done: 1,
  /** Workers that have started (the pool waits for all of them once, before the first job). */
  ready: 2,
  /** What the job is: one of {@link OP}. */
  op: 3,
  /** The instance (memory) the job is for: the id attach gave it. */
  instance: 4,
  /** The function's index in the instance's table ({@link AttachMessage}.functions). */
  fn: 5,
  /** Parts the call is cut into. */
  parts: 6,
  /** The next part to take: every thread, the pool's included, takes parts with Atomics.add until none is left. */
  next: 7,
  /** Workers whose job failed in this job: each has posted its message on its port. */
  errors: 8,
  /** The call's arguments from here on, as int32 or float32 bits by the function's parameter kinds. */
  args: 9,
} as const;

/** Most arguments of a split function, part and parts left out. */
export const MAX_ARGS = 24;

/** Bytes of the control block. */
export const CONTROL_BYTES = 4 * (SLOT.args + MAX_ARGS);

/** Jobs. */
export const OP = {
  /** Call a function of an instance, each worker its part. */
  call: 1,
  /** Take the {@link AttachMessage} waiting on the port and instantiate it. */
  attach: 2,
  /** Forget the instance (its memory may then be freed). */
  detach: 3,
  /** Leave the loop. */
  stop: 4,
} as const;

/** What each worker is started with. */
export interface WorkerData {
  control: SharedArrayBuffer;
  /** Attach messages come in, error messages go out, both read synchronously (receiveMessageOnPort). */
  port: MessagePort;
  /** This worker's number: 1 … threads − 1 (the pool's thread is 0). */
  index: number;
  /** How long a worker, or the pool, spins before it sleeps in Atomics.wait (ms). */
  spinMs: number;
}

/** A function a worker may be asked to run: its export name and its parameters' kinds, part and parts left out. */
export interface SplitFunction {
  name: string;
  kinds: readonly ("i32" | "f32")[];
}

/** A module instance for one worker: on the same (shared) memory as the pool's own, with its own stack. */
export interface AttachMessage {
  id: number;
  /** A compiled WebAssembly.Module: shared between threads without recompiling. */
  module: object;
  /** Its imports, the shared WebAssembly.Memory among them. */
  imports: object;
  /** This worker's initial stack pointer, written to the instance's exported `__stack_pointer`. */
  stackTop: number;
  functions: readonly SplitFunction[];
}

/**
 * Spins on `slot` of the control block while it holds `value`, for up to `spinMs`, then sleeps in Atomics.wait
 * until it changes; returns its new value. Spinning saves the ~20 µs of a futex wake-up between back-to-back jobs.
 *
 * @example
 * seen = waitChange(control, SLOT.seq, seen, 0.2);
 */
export function waitChange(control: Int32Array, slot: number, value: number, spinMs: number): number {
  let now = Atomics.load(control, slot);
  if (now !== value) return now;
  const until = performance.now() + spinMs;
  while (now === value && performance.now() < until) now = Atomics.load(control, slot);
  while (now === value) {
    Atomics.wait(control, slot, value);
    now = Atomics.load(control, slot);
  }
  return now;
}

/**
 * Runs `part(i)` for every part i the calling thread takes from the job's counter, until none is left.
 *
 * @example
 * takeParts(control, (i) => fn(...args, i, parts));
 */
export function takeParts(control: Int32Array, part: (i: number, parts: number) => void): void {
  const parts = Atomics.load(control, SLOT.parts);
  for (let i = Atomics.add(control, SLOT.next, 1); i < parts; i = Atomics.add(control, SLOT.next, 1)) part(i, parts);
}
