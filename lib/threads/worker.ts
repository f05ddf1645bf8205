// A thread of a ThreadPool (thread-pool.ts), started once with worker_threads and then driven through the control
// block alone (protocol.ts): it sleeps in Atomics.wait until the job number changes, takes parts of the call until
// none is left, counts itself done and sleeps again. No postMessage per call; messages only to attach an instance or
// to report an error. Imported anywhere but in a worker started with WorkerData, it does nothing.
import { isMainThread, receiveMessageOnPort, workerData } from "node:worker_threads";
import { OP, SLOT, takeParts, waitChange, type AttachMessage, type WorkerData } from "./protocol.js";

/** The parts of the WebAssembly API used here (TypeScript's ES2022 and Node libraries do not declare it). */
interface WasmApi {
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
type Split = (...args: number[]) => void;
/** An attached instance: its split functions by table index, each with which of its parameters are float32. */
type Table = { fn: Split; floats: boolean[] }[];

/**
 * The worker's loop: serves jobs from the control block until the pool stops it.
 *
 * @example
 * serve(workerData as WorkerData); // in worker.js, started by startWorkers
 */
export function serve({ control, port, index, spinMs }: WorkerData): void {
  const ints = new Int32Array(control);
  const floats = new Float32Array(control);
  const instances = new Map<number, Table>();
  let seen = Atomics.load(ints, SLOT.seq); // before saying ready: the first job comes only after that
  Atomics.add(ints, SLOT.ready, 1);
  Atomics.notify(ints, SLOT.ready);
  for (;;) {
    seen = waitChange(ints, SLOT.seq, seen, spinMs);
    const op = ints[SLOT.op];
    if (op === OP.stop) break;
    try {
      if (op === OP.call) call(ints, floats, instances);
      else if (op === OP.attach) instances.set(...attach(receiveMessageOnPort(port)?.message as AttachMessage | undefined));
      else if (op === OP.detach) instances.delete(ints[SLOT.instance] as number);
    } catch (error) {
      port.postMessage(`thread ${index}: ${(error as Error)?.message ?? String(error)}`);
      Atomics.add(ints, SLOT.errors, 1);
    }
    Atomics.add(ints, SLOT.done, 1);
    Atomics.notify(ints, SLOT.done);
  }
  port.close();
}

/** Instantiates the module of an attach message on its memory, with this worker's stack: its id and table. */
function attach(message: AttachMessage | undefined): [number, Table] {
  if (!message) throw new Error("attach: no instance waiting on the port");
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const { exports } = new wasm.Instance(message.module, message.imports);
  const stackPointer = exports["__stack_pointer"] as { value: number } | undefined;
  if (stackPointer) stackPointer.value = message.stackTop;
  const table = message.functions.map(({ name, kinds }) => {
    const fn = exports[name];
    if (typeof fn !== "function") throw new Error(`attach: the module exports no function ${name}`);
    return { fn: fn as Split, floats: kinds.map((k) => k === "f32") };
  });
  return [message.id, table];
}

/** Takes parts of the call in the control block until none is left. */
function call(ints: Int32Array, floats: Float32Array, instances: Map<number, Table>): void {
  const entry = instances.get(ints[SLOT.instance] as number)?.[ints[SLOT.fn] as number];
  if (!entry) throw new Error(`call: instance ${ints[SLOT.instance]} function ${ints[SLOT.fn]} is not attached here`);
  const args = entry.floats.map((f, i) => (f ? floats[SLOT.args + i] : ints[SLOT.args + i]) as number);
  takeParts(ints, (part, parts) => entry.fn(...args, part, parts));
}

if (!isMainThread && (workerData as WorkerData | null)?.control instanceof SharedArrayBuffer) serve(workerData as WorkerData);
