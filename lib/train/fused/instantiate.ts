import { defaultPool } from "../../threads/default-pool.js";
import type { ThreadPool } from "../../threads/thread-pool.js";
import { bind, SPLIT_NAMES, splitParams, type KernelBindings, type SplitArgs, type SplitName } from "./abi.js";
import { MLP_WASM_BASE64, MLP_WASM_SHARED_BASE64 } from "./mlp-wasm.js";

/** The parts of the WebAssembly API used here (TypeScript's ES2022 and Node libraries do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => KernelBindings["memory"];
}

/** 64 KiB pages the modules import at least (wasm-ld's minimum: the main stack), checked in native-abi.test.ts. */
export const MIN_PAGES = 2;
/** The shared memory's maximum, as the shared build declares it (--max-memory): 4 GiB, wasm32's whole range. */
export const MAX_PAGES = 65536;
/** Bytes of stack for each worker's instance (as much as wasm-ld gives the main one). */
const STACK_BYTES = 65536;

/** Options of {@link instantiateKernels}. */
export interface InstantiateOptions {
  /** The threads split calls may use (default: the process's pool, {@link defaultPool}); null: this thread alone. */
  pool?: ThreadPool | null;
}

/** An instance of the kernels' module, with the threads that share its split calls. */
export interface KernelInstance {
  /** This thread's instance: every export by name, its memory and the first free address. */
  readonly fn: KernelBindings;
  /** Whether it runs on the shared build (with a pool of more than one thread) or the single-thread one. */
  readonly shared: boolean;
  /**
   * How many parts a split call of `work` multiply-adds will be cut into: 1 below the pool's threshold, else up to
   * `perThread` parts per thread (default 1; more where the parts repeat no work, for a better balance).
   */
  partsFor(work: number, perThread?: number): number;
  /**
   * Calls a split function in `parts` parts (from {@link partsFor}; scratch laid out for as many), shared between the
   * threads; `work` is its size as given to partsFor.
   */
  split<F extends SplitName>(name: F, args: SplitArgs<F>, parts: number, work: number): void;
  /** Lets the pool's workers forget this instance (also done when it is garbage-collected). */
  dispose(): void;
}

const compiled: { single?: object; shared?: object } = {};
/** Detaches an instance that was garbage-collected without dispose(). */
const finalizer = new FinalizationRegistry<() => void>((detach) => detach());

/**
 * A new instance of the kernels' WebAssembly module (native/*.c, embedded in mlp-wasm.ts) on a memory of its own,
 * its exports bound by name ({@link bind}). With a pool of several threads it is the shared build on a shared
 * memory: the parts of a split call big enough (pool.partsFor) are taken by this thread and the pool's workers, each
 * worker with its own instance on this memory and its own stack (after `__heap_base`, before `fn.heapBase`);
 * otherwise the single-thread build. Each module is compiled once per process.
 *
 * @example
 * const k = instantiateKernels();
 * k.split("gemm_part", { M: 256, N: 256, K: 256, A: a, B: b, C: c, acc: 0 }, k.partsFor(256 ** 3, 4), 256 ** 3);
 */
export function instantiateKernels({ pool = defaultPool() }: InstantiateOptions = {}): KernelInstance {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) throw new Error("this JavaScript runtime has no WebAssembly");
  const threads = pool?.threads ?? 1;
  const shared = threads > 1;
  const module = shared
    ? (compiled.shared ??= new wasm.Module(new Uint8Array(Buffer.from(MLP_WASM_SHARED_BASE64, "base64"))))
    : (compiled.single ??= new wasm.Module(new Uint8Array(Buffer.from(MLP_WASM_BASE64, "base64"))));
  const memory = new wasm.Memory(shared ? { initial: MIN_PAGES, maximum: MAX_PAGES, shared } : { initial: MIN_PAGES });
  const imports = { env: { memory } };
  const { exports: raw } = new wasm.Instance(module, imports);
  const base = (raw["__heap_base"] as { value: number }).value;
  // worker w's stack is [base + (w − 1)·STACK_BYTES, base + w·STACK_BYTES), growing down from its top
  const stackTops = Array.from({ length: threads - 1 }, (_, w) => base + (w + 1) * STACK_BYTES);
  const heapBase = base + (threads - 1) * STACK_BYTES;
  if (heapBase > memory.buffer.byteLength) memory.grow(Math.ceil((heapBase - memory.buffer.byteLength) / 65536));
  const fn = bind(raw, memory, heapBase);
  if (!pool || !shared) return { fn, shared, partsFor: () => 1, split: (name, args) => runHere(fn, name, args), dispose() {} };

  const attached = attachment(pool);
  const instance: KernelInstance = {
    fn,
    shared,
    partsFor: (work, perThread = 1) => pool.partsFor(work, perThread),
    split(name, args, parts, work) {
      if (parts > 1 && attached.id === undefined) attached.id = pool.attach({ module, imports, stackTops, functions: SPLIT_TABLE });
      const id = attached.id;
      if (parts <= 1 || typeof id !== "number" || pool.threads === 1) return runHere(fn, name, args);
      const { index, names, floats } = SPLIT_CALLS[name];
      const values = names.map((p) => (args as Record<string, number | undefined>)[p] ?? 0);
      const call = { fn: index, args: values, floats, work };
      pool.call(id, call, parts, (part, of) => fn[name]({ ...args, part, parts: of } as never));
    },
    dispose() {
      finalizer.unregister(instance);
      attached.detach();
    },
  };
  finalizer.register(instance, attached.detach, instance);
  return instance;
}

/**
 * An instance's id in the pool (undefined: not attached yet; null: not attached, and never will be), and what
 * detaches it. Made apart from the instance, so the finalizer's callback does not keep the instance alive.
 */
function attachment(pool: ThreadPool): { id: number | null | undefined; detach: () => void } {
  const state: { id: number | null | undefined; detach: () => void } = {
    id: undefined,
    detach() {
      if (typeof state.id === "number") pool.detach(state.id);
      state.id = null;
    },
  };
  return state;
}

/** The split functions as the workers call them: names and parameter types, part and parts left out. */
const SPLIT_TABLE = SPLIT_NAMES.map((name) => ({ name, kinds: splitParams(name).map((p) => p.type) }));
/** Per split function: its index in SPLIT_TABLE, its parameters' names in order and which are float32. */
const SPLIT_CALLS = Object.fromEntries(
  SPLIT_NAMES.map((name, index) => {
    const params = splitParams(name);
    return [name, { index, names: params.map((p) => p.name), floats: params.map((p) => p.type === "f32") }];
  }),
) as Record<SplitName, { index: number; names: string[]; floats: boolean[] }>;

/** A split call on this thread alone: one part of one, the same result as any number of parts on any threads. */
function runHere<F extends SplitName>(fn: KernelBindings, name: F, args: SplitArgs<F>): void {
  fn[name]({ ...args, part: 0, parts: 1 } as never);
}
