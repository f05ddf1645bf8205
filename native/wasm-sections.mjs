// Reads the section layout of a WebAssembly binary (https://webassembly.github.io/spec/core/binary/modules.html):
// enough to drop its custom sections (`name`, `producers`, `target_features`: what a compiler writes about itself)
// to list each exported function's signature, and to read the memory a module imports. Used by native/build-wasm.mjs --check and by the unit tests.

const CUSTOM = 0;
const TYPE = 1;
const IMPORT = 2;
const FUNCTION = 3;
const EXPORT = 7;
const VALTYPE = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128" };

/** A cursor over bytes that reads unsigned LEB128 integers and names. */
function reader(bytes, pos = 0) {
  return {
    get pos() {
      return pos;
    },
    byte: () => bytes[pos++],
    u32() {
      let result = 0;
      for (let shift = 0; ; shift += 7) {
        const b = bytes[pos++];
        result += (b & 0x7f) * 2 ** shift;
        if (!(b & 0x80)) return result;
      }
    },
    name() {
      const n = this.u32();
      pos += n;
      return Buffer.from(bytes.subarray(pos - n, pos)).toString("utf8");
    },
  };
}

/**
 * The sections of a module in order: id, custom section name (id 0 only), and the byte range of the whole section
 * (header included) and of its contents.
 * @example sections(bytes).map((s) => s.id) // [1, 3, 4, 5, 6, 7, 10]
 */
export function sections(bytes) {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    throw new Error("wasm-sections: not a WebAssembly module (no \\0asm header)");
  const out = [];
  let pos = 8;
  while (pos < bytes.length) {
    const r = reader(bytes, pos);
    const id = r.byte();
    const size = r.u32();
    const body = r.pos;
    if (body + size > bytes.length) throw new Error(`wasm-sections: section ${id} runs past the end`);
    const name = id === CUSTOM ? reader(bytes, body).name() : undefined;
    out.push({ id, name, start: pos, body, end: body + size });
    pos = body + size;
  }
  return out;
}

/**
 * The module without its custom sections: the code, types, exports and data that decide what it computes, and none
 * of what the compiler records about itself (its version string in `producers`, the `name` and `target_features`).
 * @example Buffer.compare(stripCustomSections(a), stripCustomSections(b)) === 0
 */
export function stripCustomSections(bytes) {
  const kept = sections(bytes).filter((s) => s.id !== CUSTOM);
  return Buffer.concat([bytes.subarray(0, 8), ...kept.map((s) => bytes.subarray(s.start, s.end))]);
}

/**
 * Every exported function's signature, in export order: `{ name, params: ["i32", "f32", …], results: [] }`.
 * @example exportedFunctions(bytes)[0] // { name: "gemm", params: ["i32", "i32", …], results: [] }
 */
export function exportedFunctions(bytes) {
  const all = sections(bytes);
  const body = (id) => all.find((s) => s.id === id);
  const types = [];
  const typeSection = body(TYPE);
  if (typeSection) {
    const r = reader(bytes, typeSection.body);
    for (let n = r.u32(), i = 0; i < n; i++) {
      if (r.byte() !== 0x60) throw new Error("wasm-sections: a type that is not a function type");
      const params = Array.from({ length: r.u32() }, () => VALTYPE[r.byte()] ?? "?");
      const results = Array.from({ length: r.u32() }, () => VALTYPE[r.byte()] ?? "?");
      types.push({ params, results });
    }
  }
  // imported functions come first in the function index space; this module imports only its memory
  if (imports(bytes).some((i) => i.kind !== "memory")) throw new Error("wasm-sections: modules that import more than memory are not read here");
  const functionTypes = [];
  const functionSection = body(FUNCTION);
  if (functionSection) {
    const r = reader(bytes, functionSection.body);
    for (let n = r.u32(), i = 0; i < n; i++) functionTypes.push(r.u32());
  }
  const out = [];
  const exportSection = body(EXPORT);
  if (exportSection) {
    const r = reader(bytes, exportSection.body);
    for (let n = r.u32(), i = 0; i < n; i++) {
      const name = r.name();
      const kind = r.byte();
      const index = r.u32();
      if (kind === 0) out.push({ name, ...types[functionTypes[index]] });
    }
  }
  return out;
}

/**
 * The module's imports: module and field name, kind, and for a memory its limits in 64 KiB pages and whether it is
 * shared (the threads proposal's flag).
 * @example imports(bytes) // [{ module: "env", name: "memory", kind: "memory", min: 2, max: 65536, shared: true }]
 */
export function imports(bytes) {
  const section = sections(bytes).find((s) => s.id === IMPORT);
  if (!section) return [];
  const r = reader(bytes, section.body);
  const out = [];
  for (let n = r.u32(), i = 0; i < n; i++) {
    const module = r.name();
    const name = r.name();
    const kind = r.byte();
    if (kind === 2) {
      const flags = r.byte();
      const min = r.u32();
      const max = flags & 1 ? r.u32() : undefined;
      out.push({ module, name, kind: "memory", min, max, shared: (flags & 2) !== 0 });
    } else if (kind === 0) {
      r.u32();
      out.push({ module, name, kind: "function" });
    } else {
      throw new Error(`wasm-sections: import kind ${kind} (${module}.${name}) is not read here`);
    }
  }
  return out;
}
