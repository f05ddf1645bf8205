import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";
import { ABI, bind, type AbiName, type KernelBindings } from "../../lib/train/fused/abi.js";
import { PACKAGE_ROOT } from "../../lib/version.js";

/** native/build-wasm.mjs and native/wasm-sections.mjs, typed. */
interface BuildWasm {
  compile(build?: "single" | "shared"): Uint8Array;
  clangVersion(): string;
  committed(): { bytes: Uint8Array; shared: Uint8Array; clang: string };
}
interface WasmSections {
  stripCustomSections(bytes: Uint8Array): Uint8Array;
  exportedFunctions(bytes: Uint8Array): { name: string; params: string[]; results: string[] }[];
}
const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(join(PACKAGE_ROOT, "native", file)).href)) as T;

/** The parts of the WebAssembly API used here (TypeScript's ES2022 and Node libraries do not declare it). */
const WASM = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (b: Uint8Array) => object;
      Instance: new (m: object, i: object) => { exports: unknown };
      Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => KernelBindings["memory"];
    };
  }
).WebAssembly;

/** A custom section (id 0) named `name` holding `payload`, as a compiler appends one (payload under 128 bytes). */
function customSection(name: string, payload: string): Buffer {
  const body = Buffer.concat([Buffer.from([name.length]), Buffer.from(name), Buffer.from(payload)]);
  return Buffer.concat([Buffer.from([0, body.length]), body]);
}

const REGION = 4096; // bytes per probe buffer: 1,024 floats, more than any probe below uses

/**
 * One call of every export on small shapes that reach its edge cases (tiles not a multiple of 4, strides, padding,
 * optional pointers given). Each `ptr` parameter gets its own region after the heap base, filled with the same
 * pseudo-random floats in both modules; `g`, the convolution geometry, holds 14 int32.
 */
const PROBES: { [F in AbiName]: Record<string, number> } = {
  gemm: { M: 7, N: 13, K: 5, acc: 1 },
  gemm_part: { M: 9, N: 13, K: 5, acc: 1, part: 1, parts: 2 }, // rows 4 … 8
  gemm_tn_part: { M: 9, N: 13, K: 5, acc: 1, part: 0, parts: 2 }, // rows 0 … 3
  transpose: { M: 11, N: 9 },
  transpose_part: { M: 11, N: 19, part: 1, parts: 2 }, // AT's rows 8 … 18
  colsum: { M: 11, N: 9 },
  act_forward: { n: 37, kind: 2, alpha: 0.2 },
  act_backward: { n: 37, kind: 3, alpha: 0 },
  bn_forward: { M: 6, N: 10, eps: 1e-3, momentum: 0.1, part: 1, parts: 2 }, // features 4 … 9
  bn_backward: { M: 6, N: 10, part: 0, parts: 1 },
  sgd_step: { n: 37, lr: 0.1, mu: 0.9, dampening: 0.1, wd: 0.01, nesterov: 1, first: 0 },
  adam_step: { n: 37, beta1: 0.9, beta2: 0.999, wd: 0.01, shrink: 1, step: 0.01, eps_hat: 1e-8 },
  // the second of two parts: positions 24 … 47, taps 12 … 27 of 28, dX rows 7 … 13 of 14
  conv2d_forward: { part: 1, parts: 2 },
  conv2d_filter_grad: { part: 1, parts: 2 },
  conv2d_input_grad: { part: 1, parts: 2 },
};

/** X [2, 7, 6, 3], W [3, 3, 3, 5], stride 2×1, "same" padding (1 top, 1 left), chunks of 8 output positions. */
const GEOMETRY = [2, 7, 6, 3, 4, 6, 5, 3, 3, 2, 1, 1, 1, 8];

/** Runs every probe on a fresh instance of `bytes`; returns the memory after the heap base once each is done. */
function probe(bytes: Uint8Array, shared = false): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [name, { params }] of Object.entries(ABI)) {
    const memory = new WASM.Memory(shared ? { initial: 2, maximum: 65536, shared } : { initial: 2 });
    const fn: KernelBindings = bind(new WASM.Instance(new WASM.Module(bytes), { env: { memory } }).exports, memory);
    const base = (fn.heapBase + 15) & ~15;
    const pointers = Object.entries(params).filter(([, kind]) => kind.startsWith("ptr"));
    const end = base + REGION * pointers.length;
    fn.memory.grow(Math.ceil(Math.max(0, end - fn.memory.buffer.byteLength) / 65536));
    const floats = new Float32Array(fn.memory.buffer, base, (end - base) / 4);
    for (let i = 0; i < floats.length; i++) floats[i] = 2 * Math.sin(1 + i * 12.9898);
    const args: Record<string, number> = { ...PROBES[name as AbiName] };
    pointers.forEach(([p], i) => (args[p] = base + REGION * i));
    if ("g" in params) new Int32Array(fn.memory.buffer, base, GEOMETRY.length).set(GEOMETRY);
    (fn[name as AbiName] as (a: Record<string, number>) => void)(args);
    out.set(name, new Uint8Array(fn.memory.buffer.slice(base, end)));
  }
  return out;
}

/** Equal bit for bit, as float32, except that any NaN equals any NaN (wasm leaves a NaN's sign and payload open). */
function sameFloats(a: Uint8Array, b: Uint8Array): boolean {
  const [x, y] = [new Uint32Array(a.slice().buffer), new Uint32Array(b.slice().buffer)];
  const isNaN = (u: number) => (u & 0x7f800000) === 0x7f800000 && (u & 0x7fffff) !== 0;
  return x.length === y.length && x.every((u, i) => u === y[i] || (isNaN(u) && isNaN(y[i] as number)));
}

describe("the committed WebAssembly module (lib/train/fused/mlp-wasm.ts)", () => {
  it("normalises to the same bytes with or without the custom sections a compiler adds (producers, name)", async () => {
    const { stripCustomSections } = await load<WasmSections>("wasm-sections.mjs");
    const { bytes } = (await load<BuildWasm>("build-wasm.mjs")).committed();
    const tagged = Buffer.concat([bytes, customSection("producers", "clang 99.0.0"), customSection("name", "\u0001gemm")]);
    assert.notDeepEqual(tagged, Buffer.from(bytes));
    assert.deepEqual(Buffer.from(stripCustomSections(tagged)), Buffer.from(stripCustomSections(bytes)));
  });

  it("is what native/build-wasm.mjs builds from native/*.c, both builds: the same normalised bytes with the same clang, and with any clang the same signatures and the same results, bit for bit", async (t) => {
    const clang = spawnSync("clang", ["--version"], { encoding: "utf8" });
    if (clang.status !== 0) {
      if (process.env["DEPTHLAB_REQUIRE_CLANG"]) assert.fail("clang is not installed but DEPTHLAB_REQUIRE_CLANG is set");
      t.skip("clang (Debian clang + lld) is not installed: the committed module is used as is");
      return;
    }
    const build = await load<BuildWasm>("build-wasm.mjs");
    const { stripCustomSections, exportedFunctions } = await load<WasmSections>("wasm-sections.mjs");
    const old = build.committed();
    for (const [kind, committed] of [
      ["single", old.bytes],
      ["shared", old.shared],
    ] as const) {
      const fresh = build.compile(kind);
      // Code generation differs between clang versions, so bytes are compared only with the clang that built it.
      if (build.clangVersion() === old.clang)
        assert.ok(
          Buffer.from(stripCustomSections(fresh)).equals(Buffer.from(stripCustomSections(committed))),
          `lib/train/fused/mlp-wasm.ts (${kind} build) is out of date with native/*.c: run npm run build:wasm`,
        );
      else t.diagnostic(`built by ${old.clang}, rebuilt by ${build.clangVersion()}: comparing signatures and results`);
      assert.deepEqual(exportedFunctions(fresh), exportedFunctions(committed));
      const [a, b] = [probe(fresh, kind === "shared"), probe(committed, kind === "shared")];
      for (const name of Object.keys(ABI)) assert.ok(sameFloats(a.get(name)!, b.get(name)!), `${kind}: ${name} computes otherwise`);
    }
  });

  it("computes the same in its single-thread and its shared build, bit for bit", async () => {
    const { bytes, shared } = (await load<BuildWasm>("build-wasm.mjs")).committed();
    const [a, b] = [probe(bytes), probe(shared, true)];
    for (const name of Object.keys(ABI)) assert.ok(sameFloats(a.get(name)!, b.get(name)!), `${name} computes otherwise`);
  });

  it("probes change memory: a kernel that wrote nothing would not pass unnoticed", async () => {
    const { bytes } = (await load<BuildWasm>("build-wasm.mjs")).committed();
    for (const [name, memory] of probe(bytes)) {
      const floats = new Float32Array(memory.slice().buffer);
      const changed = floats.some((v, i) => !Object.is(v, Math.fround(2 * Math.sin(1 + i * 12.9898))));
      assert.ok(changed, `${name} left its buffers as they were`);
    }
  });
});
