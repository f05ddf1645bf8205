import { bind, type KernelBindings } from "./abi.js";
import { MLP_WASM_BASE64 } from "./mlp-wasm.js";

/** The parts of the WebAssembly API used here (TypeScript's ES2022 and Node libraries do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

let compiled: object | undefined;

/**
 * A new instance of the kernels' WebAssembly module (native/*.c, embedded in mlp-wasm.ts), with its own memory, and
 * its exports bound by name ({@link bind}). The module is compiled once per process and shared by every instance.
 *
 * @example
 * const fn = instantiateKernels();
 * fn.transpose({ M: 3, N: 2, A: a, AT: at });
 */
export function instantiateKernels(): KernelBindings {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) throw new Error("this JavaScript runtime has no WebAssembly");
  compiled ??= new wasm.Module(new Uint8Array(Buffer.from(MLP_WASM_BASE64, "base64")));
  return bind(new wasm.Instance(compiled, {}).exports);
}
