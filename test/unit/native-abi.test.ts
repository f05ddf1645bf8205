import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";
import { ABI, bind, wasmType, type AbiKind } from "../../lib/train/fused/abi.js";
import { instantiateKernels, MAX_PAGES, MIN_PAGES } from "../../lib/train/fused/instantiate.js";
import { MLP_WASM_BASE64, MLP_WASM_SHARED_BASE64 } from "../../lib/train/fused/mlp-wasm.js";
import { PACKAGE_ROOT } from "../../lib/version.js";

/** native/wasm-sections.mjs, typed. */
interface WasmSections {
  exportedFunctions(bytes: Uint8Array): { name: string; params: string[]; results: string[] }[];
  imports(bytes: Uint8Array): { module: string; name: string; kind: string; min?: number; max?: number; shared?: boolean }[];
}
const wasmSections = async (): Promise<WasmSections> =>
  (await import(pathToFileURL(join(PACKAGE_ROOT, "native", "wasm-sections.mjs")).href)) as WasmSections;

/** An exported C function as declared: `EXPORT(name)` then `void name(int M, const float *A, …)`. */
interface CExport {
  source: string;
  name: string;
  result: string;
  params: { name: string; kind: "i32" | "f32" | "ptr" }[];
}

/** The exported prototypes of native/*.c, read with a regular expression (the declarations are one simple form). */
function cExports(): CExport[] {
  const out: CExport[] = [];
  for (const source of ["mlp-kernels.c", "conv-kernels.c"]) {
    const text = readFileSync(join(PACKAGE_ROOT, "native", source), "utf8");
    for (const m of text.matchAll(/^EXPORT\((\w+)\)\s*\n(\w+)\s+(\w+)\s*\(([^)]*)\)/gm)) {
      const [, exported, result, name, list] = m as unknown as [string, string, string, string, string];
      assert.equal(name, exported, `${source}: EXPORT(${exported}) is followed by the function ${name}`);
      const params = list.split(",").map((p) => {
        const decl = p.trim().replace(/\s+/g, " ");
        const pm = /^(?:const )?(\w+)\s*(\*?)\s*(\w+)$/.exec(decl);
        assert.ok(pm, `${source}: ${name}: cannot read the parameter "${decl}"`);
        const [, type, star, pname] = pm;
        const kind = star ? "ptr" : type === "int" ? "i32" : type === "float" ? "f32" : assert.fail(`${name}: type ${type}`);
        return { name: pname as string, kind: kind as "i32" | "f32" | "ptr" };
      });
      out.push({ source, name, result, params });
    }
  }
  return out;
}

const table = Object.entries(ABI).map(([name, { source, params }]) => ({
  name,
  source,
  params: Object.entries(params as Record<string, AbiKind>),
}));

describe("the native ABI table (lib/train/fused/abi.ts)", () => {
  it("names every function native/*.c exports, from the same source file, and no other", () => {
    const c = cExports();
    assert.equal(c.length, 15);
    assert.deepEqual(
      table.map((f) => `${f.source}: ${f.name}`),
      c.map((f) => `${f.source}: ${f.name}`),
    );
  });

  it("gives each the C parameters' names in order, their kinds (int → i32, float → f32, pointer → ptr) and no result", () => {
    const c = new Map(cExports().map((f) => [f.name, f]));
    for (const f of table) {
      const decl = c.get(f.name)!;
      assert.equal(decl.result, "void", `${f.name} returns ${decl.result}`);
      assert.deepEqual(
        f.params.map(([name, kind]) => `${name}: ${kind.replace("?", "")}`),
        decl.params.map((p) => `${p.name}: ${p.kind}`),
        f.name,
      );
    }
  });

  for (const [build, base64, globals] of [
    ["single-thread", MLP_WASM_BASE64, ["__heap_base"]],
    ["shared", MLP_WASM_SHARED_BASE64, ["__heap_base", "__stack_pointer"]],
  ] as const)
    it(`agrees with the committed ${build} module's exports: names, count and wasm signatures`, async () => {
      const bytes = new Uint8Array(Buffer.from(base64, "base64"));
      const exported = (await wasmSections()).exportedFunctions(bytes);
      assert.deepEqual(
        exported.map((f) => `${f.name}(${f.params.join(", ")}) → [${f.results.join(", ")}]`),
        table.map((f) => `${f.name}(${f.params.map(([, kind]) => wasmType(kind)).join(", ")}) → []`),
      );
      const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
      assert.deepEqual(names.sort(), [...table.map((f) => f.name), ...globals].sort());
    });

  it("imports the memory instantiateKernels gives: MIN_PAGES at least, plain or shared up to MAX_PAGES", async () => {
    const { imports } = await wasmSections();
    const memory = (base64: string) => imports(new Uint8Array(Buffer.from(base64, "base64")));
    assert.deepEqual(memory(MLP_WASM_BASE64), [
      { module: "env", name: "memory", kind: "memory", min: MIN_PAGES, max: undefined, shared: false },
    ]);
    assert.deepEqual(memory(MLP_WASM_SHARED_BASE64), [
      { module: "env", name: "memory", kind: "memory", min: MIN_PAGES, max: MAX_PAGES, shared: true },
    ]);
  });

  it("names each split function's last two parameters part and parts, both i32", () => {
    const split = table.filter((f) => f.params.some(([name]) => name === "parts"));
    assert.deepEqual(
      split.map((f) => f.name),
      [
        "gemm_part",
        "gemm_tn_part",
        "transpose_part",
        "bn_forward",
        "bn_backward",
        "conv2d_forward",
        "conv2d_filter_grad",
        "conv2d_input_grad",
      ],
    );
    for (const f of split)
      assert.deepEqual(
        f.params.slice(-2),
        [
          ["part", "i32"],
          ["parts", "i32"],
        ],
        f.name,
      );
  });

  it("bind passes named arguments in the C order, and 0 for a pointer left out", () => {
    const { fn } = instantiateKernels({ pool: null });
    const base = (fn.heapBase + 15) & ~15;
    fn.memory.grow(1);
    const f32 = new Float32Array(fn.memory.buffer);
    const [a, b, c, bias] = [base, base + 64, base + 128, base + 192];
    f32.set([1, 2, 3, 4, 5, 6], a / 4); // A [2, 3]
    f32.set([1, 0, 0, 1, 1, 1], b / 4); // B [3, 2]
    f32.set([10, 20], bias / 4);
    fn.gemm({ acc: 0, C: c, B: b, A: a, K: 3, N: 2, M: 2, bias });
    assert.deepEqual(Array.from(f32.subarray(c / 4, c / 4 + 4)), [14, 25, 20, 31]); // A·B + bias
    fn.gemm({ M: 2, N: 2, K: 3, A: a, B: b, C: c, acc: 0 });
    assert.deepEqual(Array.from(f32.subarray(c / 4, c / 4 + 4)), [4, 5, 10, 11]); // no bias
  });

  it("bind refuses a module whose function takes another number of arguments than the table says", () => {
    const exports: Record<string, unknown> = { memory: { buffer: new ArrayBuffer(0) }, __heap_base: { value: 0 } };
    for (const f of table) exports[f.name] = (...args: number[]) => args;
    exports["gemm"] = (m: number, n: number) => m + n;
    assert.throws(() => bind(exports, exports["memory"] as never), /bind: gemm takes 2 arguments in the module, 8 in ABI/);
  });
});
