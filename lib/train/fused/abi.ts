/**
 * The native ABI, described once: every function that native/mlp-kernels.c and native/conv-kernels.c export from the
 * WebAssembly module (lib/train/fused/mlp-wasm.ts), with its parameters in order, named as in the C source, and their
 * kinds: `i32` (C `int`), `f32` (C `float`), `ptr` (a byte address in the instance's memory: any C pointer) and
 * `ptr?` (a pointer the C code allows to be 0, "absent"). Every function returns void. A function whose last two
 * parameters are `part` and `parts` is split: it does part `part` of `parts` of its work, writing its own band of the
 * output, so that threads can share a call (lib/threads/); {@link SplitName} names them.
 *
 * {@link bind} makes typed functions from it that take their arguments by name, so no caller counts positions.
 * test/unit/native-abi.test.ts checks the table against the C prototypes (names, order, kinds, result) and against
 * the module's export and type sections (names, count, wasm signatures).
 */
export const ABI = {
  gemm: { source: "mlp-kernels.c", params: { M: "i32", N: "i32", K: "i32", A: "ptr", B: "ptr", C: "ptr", bias: "ptr?", acc: "i32" } },
  gemm_part: {
    source: "mlp-kernels.c",
    params: { M: "i32", N: "i32", K: "i32", A: "ptr", B: "ptr", C: "ptr", bias: "ptr?", acc: "i32", part: "i32", parts: "i32" },
  },
  gemm_tn_part: {
    source: "mlp-kernels.c",
    params: { M: "i32", N: "i32", K: "i32", A: "ptr", B: "ptr", C: "ptr", acc: "i32", part: "i32", parts: "i32" },
  },
  transpose: { source: "mlp-kernels.c", params: { M: "i32", N: "i32", A: "ptr", AT: "ptr" } },
  transpose_part: { source: "mlp-kernels.c", params: { M: "i32", N: "i32", A: "ptr", AT: "ptr", part: "i32", parts: "i32" } },
  colsum: { source: "mlp-kernels.c", params: { M: "i32", N: "i32", A: "ptr", out: "ptr" } },
  act_forward: { source: "mlp-kernels.c", params: { n: "i32", kind: "i32", alpha: "f32", z: "ptr", y: "ptr" } },
  act_backward: { source: "mlp-kernels.c", params: { n: "i32", kind: "i32", alpha: "f32", z: "ptr", dy: "ptr", dz: "ptr" } },
  bn_forward: {
    source: "mlp-kernels.c",
    params: {
      M: "i32",
      N: "i32",
      z: "ptr",
      gamma: "ptr?",
      beta: "ptr?",
      eps: "f32",
      momentum: "f32",
      xhat: "ptr",
      y: "ptr",
      mean: "ptr",
      var: "ptr",
      invstd: "ptr",
      running_mean: "ptr",
      running_var: "ptr",
      part: "i32",
      parts: "i32",
    },
  },
  bn_backward: {
    source: "mlp-kernels.c",
    params: {
      M: "i32",
      N: "i32",
      xhat: "ptr",
      dy: "ptr",
      gamma: "ptr?",
      invstd: "ptr",
      dz: "ptr",
      dgamma: "ptr?",
      dbeta: "ptr?",
      sum: "ptr",
      sumx: "ptr",
      part: "i32",
      parts: "i32",
    },
  },
  sgd_step: {
    source: "mlp-kernels.c",
    params: {
      n: "i32",
      w: "ptr",
      grad: "ptr",
      buf: "ptr?",
      lr: "f32",
      mu: "f32",
      dampening: "f32",
      wd: "f32",
      nesterov: "i32",
      first: "i32",
    },
  },
  adam_step: {
    source: "mlp-kernels.c",
    params: {
      n: "i32",
      w: "ptr",
      grad: "ptr",
      m: "ptr",
      v: "ptr",
      vmax: "ptr?",
      beta1: "f32",
      beta2: "f32",
      wd: "f32",
      shrink: "f32",
      step: "f32",
      eps_hat: "f32",
    },
  },
  conv2d_forward: {
    source: "conv-kernels.c",
    params: { g: "ptr", x: "ptr", w: "ptr", bias: "ptr?", y: "ptr", col: "ptr", part: "i32", parts: "i32" },
  },
  conv2d_filter_grad: {
    source: "conv-kernels.c",
    params: { g: "ptr", x: "ptr", dy: "ptr", dw: "ptr", col: "ptr", dyt: "ptr", partial: "ptr", dwt: "ptr", part: "i32", parts: "i32" },
  },
  conv2d_input_grad: {
    source: "conv-kernels.c",
    params: { g: "ptr", dy: "ptr", w: "ptr", dx: "ptr", wt: "ptr", dcol: "ptr", part: "i32", parts: "i32" },
  },
} as const;

/** The kind of one parameter: `i32`, `f32`, `ptr`, or `ptr?` (may be 0). */
export type AbiKind = "i32" | "f32" | "ptr" | "ptr?";

/** The name of an exported function. */
export type AbiName = keyof typeof ABI;

type Params<F extends AbiName> = (typeof ABI)[F]["params"];
type Required<P> = { [K in keyof P as P[K] extends "ptr?" ? never : K]: number };
type Optional<P> = { [K in keyof P as P[K] extends "ptr?" ? K : never]?: number };

/** The named arguments of export `F`: one number per parameter; a `ptr?` may be left out (it is passed as 0). */
export type AbiArgs<F extends AbiName> = Required<Params<F>> & Optional<Params<F>>;

/** A function that threads can share: its last two parameters are `part` and `parts`. */
export type SplitName = { [F in AbiName]: "parts" extends keyof Params<F> ? F : never }[AbiName];

/** The arguments of a split function, `part` and `parts` left out (the pool passes them). */
export type SplitArgs<F extends SplitName> = Omit<AbiArgs<F>, "part" | "parts">;

/** The split functions, in table order. */
export const SPLIT_NAMES = (Object.keys(ABI) as AbiName[]).filter((f): f is SplitName => "parts" in ABI[f].params);

/** A split function's parameters in order, `part` and `parts` left out, with their wasm types. */
export function splitParams(name: SplitName): { name: string; type: "i32" | "f32" }[] {
  const params = Object.entries(ABI[name].params as Record<string, AbiKind>);
  return params.filter(([p]) => p !== "part" && p !== "parts").map(([p, kind]) => ({ name: p, type: wasmType(kind) }));
}

/** The WebAssembly memory of an instance: a plain or a shared one (`buffer` is then a SharedArrayBuffer). */
export interface KernelMemory {
  buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

/** The module's functions, each taking its arguments by name, with its memory and the first free address. */
export type KernelBindings = { readonly [F in AbiName]: (args: AbiArgs<F>) => void } & {
  readonly memory: KernelMemory;
  /** The first address after the module's stack and data (`__heap_base`): buffers go from here. */
  readonly heapBase: number;
};

/** The wasm value type of a parameter kind (a pointer is an i32 address). */
export function wasmType(kind: AbiKind): "i32" | "f32" {
  return kind === "f32" ? "f32" : "i32";
}

/**
 * Typed, named bindings to an instance's exports, on the memory it imports. Fails when an export of the table is
 * missing, or takes another number of arguments than the table says (the module was built from other sources).
 * `heapBase` defaults to the module's `__heap_base`; a caller that keeps room after it (thread stacks) passes its own.
 *
 * @example
 * const memory = new WebAssembly.Memory({ initial: 2 });
 * const fn = bind(new WebAssembly.Instance(module, { env: { memory } }).exports, memory);
 * fn.gemm({ M: 2, N: 3, K: 4, A: a, B: b, C: c, acc: 0 }); // C = A·B, no bias
 */
export function bind(instanceExports: unknown, memory: KernelMemory, heapBase?: number): KernelBindings {
  const raw = instanceExports as Record<string, unknown>;
  const base = raw["__heap_base"] as { value: number } | undefined;
  if (!base) throw new Error("bind: the WebAssembly module exports no __heap_base");
  const bound: Record<string, unknown> = { memory, heapBase: heapBase ?? base.value };
  for (const [name, { params }] of Object.entries(ABI)) {
    const f = raw[name];
    const names = Object.keys(params);
    if (typeof f !== "function") throw new Error(`bind: the WebAssembly module does not export ${name}`);
    if (f.length !== names.length) throw new Error(`bind: ${name} takes ${f.length} arguments in the module, ${names.length} in ABI`);
    bound[name] = (args: Record<string, number | undefined>) => f(...names.map((p) => args[p] ?? 0));
  }
  return bound as KernelBindings;
}
