import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { SourceError } from "../../assign/source-error.js";
import { stubSolutions } from "../../assign/stub.js";
import { cellDeclarations, typeCheckCells } from "../../assign/type-check.js";

// These run tslab's converter (TypeScript 5.0.4) as the kernel does: the prelude, then each cell against the
// declarations of the cells before it. Each walk over a notebook takes a few seconds (the prelude loads tfjs's types).
const lines = (...l: string[]) => l.join("\n");

describe("typeCheckCells: a notebook's cells type-checked in order as the kernel would, without running them", () => {
  it("checks each cell against the earlier cells and the prelude, resolving imports from rootDir, and names the first error's cell and line", () => {
    const folder = mkdtempSync(join(tmpdir(), "depthlab-typecheck-"));
    writeFileSync(join(folder, "helper.ts"), "export const scale: number = 2;\n");
    const cells = [
      'import { scale } from "./helper";\nconst n: number = tf.tensor([1, 2]).size * scale;', // the notebook's own file, and the prelude's tf
      null, // a markdown cell: cells keep the notebook's numbering
      "function f(x: number) {\n  return x * n;\n}",
      "const a = 1;\nconst y: string = f(a);\nconst z: string = f(a);",
      "const never: number = 'checked';",
    ];
    const error = typeCheckCells(cells, { rootDir: folder });
    assert.deepEqual(error, { cell: 4, line: 2, message: "Type 'number' is not assignable to type 'string'." });
    // the same cells from depthlab's own folder: ./helper does not resolve there
    const moved = typeCheckCells(cells.slice(0, 1));
    assert.equal(moved?.cell, 1);
    assert.equal(moved?.line, 1);
    assert.match(moved?.message ?? "", /Cannot find module '\.\/helper'/);
  });

  it("cellDeclarations gives each code cell's declarations (the inferred types included) and refuses a cell that does not type-check", () => {
    const declarations = cellDeclarations(["function f(x: number) {\n  return x * 2;\n}", null, "const depth = 3;\nlet rate = f(depth);"]);
    assert.equal(declarations.length, 3);
    assert.equal(declarations[1], null);
    assert.match(declarations[0]!, /^declare function f\(x: number\): number;$/m);
    assert.match(declarations[2]!, /^declare function f\(x: number\): number;$/m); // carried forward
    assert.match(declarations[2]!, /^declare const depth = 3;$/m);
    assert.match(declarations[2]!, /^declare let rate: number;$/m);
    assert.throws(
      () => cellDeclarations(["const ok = 1;", "\n\nok.push(2);"]),
      (e: unknown) =>
        e instanceof SourceError && e.cell === 2 && e.line === 3 && /does not type-check: Property 'push' does not exist/.test(e.message),
    );
  });
});

describe("stubSolutions with the kernel's declarations: the student's version type-checks and keeps the source's types", () => {
  const source = [
    lines(
      "// BEGIN SOLUTION",
      "function f(x: number) {",
      "  return x * 2;",
      "}",
      "const depth = 3;",
      "const double = (x: number) => f(x);",
      "// END SOLUTION",
    ),
    null,
    lines(
      "async function build() {",
      "  const model = tf.sequential();",
      "  // BEGIN SOLUTION",
      "  model.add(tf.layers.dense({ units: 1, inputShape: [depth] }));",
      "  const units = model.layers.length;",
      "  // END SOLUTION",
      "  return model;",
      "}",
      "function half(x: number) {",
      "  // BEGIN SOLUTION",
      "  return x / 2;",
      "  // END SOLUTION",
      "}",
      "// BEGIN SOLUTION",
      "const trained = await build();",
      "console.log(trained.layers.length);",
      "// END SOLUTION",
    ),
    lines(
      "const y: number = f(2) + depth + double(1) + half(4);",
      "const m: tf.Sequential = await build();",
      "const t: tf.Sequential = trained;",
    ),
  ];
  const declarations = cellDeclarations(source);
  const student = source.map((cell, i) => (cell === null ? null : stubSolutions(cell, i + 1, declarations[i]!)));

  it("stubs each form with the types the kernel inferred for the solution", () => {
    assert.equal(
      student[0],
      lines(
        "function f(x: number): number {",
        "  // YOUR CODE HERE",
        '  throw new Error("not implemented");',
        "}",
        'const depth: number = (() => { throw new Error("not implemented"); })();',
        "const double = (x: number): number => {",
        "  // YOUR CODE HERE",
        '  throw new Error("not implemented");',
        "};",
      ),
    );
    assert.equal(
      student[2],
      lines(
        "async function build(): Promise<dl.tf.Sequential> {",
        "  const model = tf.sequential();",
        "  // YOUR CODE HERE",
        '  throw new Error("not implemented");', // the function returns a value: the untouched stub fails clearly
        "  return model;",
        "}",
        "function half(x: number): number {",
        "  // YOUR CODE HERE",
        '  throw new Error("not implemented");',
        "}",
        'const trained: dl.tf.Sequential = (() => { throw new Error("not implemented"); })();',
        "// YOUR CODE HERE",
        'throw new Error("not implemented");',
      ),
    );
    assert.equal(student[3], source[3]); // no region: unchanged
  });

  it("the student's version type-checks, later call sites included; a wrong use of a stub is reported at its cell and line", () => {
    assert.equal(typeCheckCells(student), null);
    // the stubs keep their types: neither any nor never, which would accept these
    const misuse = [...student, "const ok: number = f(1);\nconst s: string = f(1);", "const p: Promise<string> = build();"];
    assert.deepEqual(typeCheckCells(misuse), { cell: 5, line: 2, message: "Type 'number' is not assignable to type 'string'." });
    const asyncMisuse = typeCheckCells([...student, "const p: Promise<string> = build();"]);
    assert.equal(asyncMisuse?.cell, 5);
    assert.equal(asyncMisuse?.line, 1);
    assert.match(asyncMisuse?.message ?? "", /Type 'Promise<Sequential>' is not assignable to type 'Promise<string>'/);
  });
});
