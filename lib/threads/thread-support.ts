/** What {@link threadSupport} looks at: the parts of the global object threads need. */
export interface ThreadGlobals {
  SharedArrayBuffer?: unknown;
  Atomics?: { wait?: unknown; notify?: unknown };
  WebAssembly?: { Memory?: new (descriptor: { initial: number; maximum: number; shared: boolean }) => unknown };
}

/**
 * Why depthlab's WebAssembly kernels cannot run on several threads in this runtime, or undefined when they can: they
 * need SharedArrayBuffer, Atomics.wait and notify, and a shared WebAssembly.Memory (worker_threads is Node's own).
 * Without them the kernels run on the calling thread alone, on the module built for a plain memory.
 *
 * @example
 * threadSupport() // undefined in Node 20
 * threadSupport({ Atomics: {}, WebAssembly: {} }) // "this runtime has no SharedArrayBuffer"
 */
export function threadSupport(globals: ThreadGlobals = globalThis as unknown as ThreadGlobals): string | undefined {
  if (typeof globals.SharedArrayBuffer !== "function") return "this runtime has no SharedArrayBuffer";
  if (typeof globals.Atomics?.wait !== "function" || typeof globals.Atomics.notify !== "function")
    return "this runtime has no Atomics.wait and Atomics.notify";
  const Memory = globals.WebAssembly?.Memory;
  if (typeof Memory !== "function") return "this runtime has no WebAssembly";
  try {
    new Memory({ initial: 1, maximum: 1, shared: true });
  } catch (error) {
    return `this runtime has no shared WebAssembly memory (${(error as Error).message})`;
  }
  return undefined;
}
