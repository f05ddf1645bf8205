import assert from "node:assert/strict";
import * as vm from "node:vm";
import { describe, it } from "node:test";
import { keepReached, takeResetHeader, topLevelNames } from "../../kernel/cell-declarations.js";
import { insertChecks } from "../../kernel/interrupt-checks.js";

describe("a failed cell's declarations", () => {
  it("lists the run-time names a cell declares at top level, not its types", () => {
    const names = topLevelNames(
      "const { a, b: [c] } = o;\nfunction f() { const inner = 1; }\ninterface I {}\ntype T = 1;\nenum E { X }\nimport * as p from 'path';",
    );
    assert.deepEqual([...names].sort(), ["E", "a", "c", "f", "p"]);
  });

  it("blanks TypeScript's reset header, keeping line numbers, but not a user's own `x = void 0`", () => {
    const esm = 'Object.defineProperty(exports, "__esModule", { value: true });';
    const compiled = [esm, "exports.m = exports.d = void 0;", "exports.tsLastExpr = void 0;", "const d = 1;", "exports.d = d;"].join("\n");
    const { code, names } = takeResetHeader(compiled, new Set(["d", "m"]));
    assert.deepEqual(names, ["m", "d"]);
    assert.deepEqual(code.split("\n"), [esm, "", "", "const d = 1;", "exports.d = d;"]);
    // `x = void 0` on an earlier cell's x compiles to the same shape; x is not declared here, so it stays.
    const user = [esm, "exports.tsLastExpr = void 0;", "exports.tsLastExpr = exports.x = void 0;"].join("\n");
    assert.deepEqual(takeResetHeader(user, new Set()).code.split("\n"), [esm, "", "exports.tsLastExpr = exports.x = void 0;"]);
  });

  it("keeps reached declarations, restores the earlier declaration of an unreached one, drops new unreached ones", () => {
    const previous = "declare const d = 1;\ndeclare let e: number, f: string;\n";
    const next =
      "declare const d = 2;\ndeclare const m = 3;\ndeclare let e: boolean, g: number;\ninterface I {\n    a: number;\n}\ndeclare let f: string;\n";
    const kept = keepReached(previous, next, new Set(["d", "m", "e", "g"]), new Set(["g"]));
    assert.deepEqual(kept.trim().split("\n"), [
      // f was not declared by the cell: carried over as it was
      "declare let g: number;",
      "interface I {",
      "    a: number;",
      "}",
      "declare let f: string;",
      // d and e were redeclared but not reached: their earlier declarations come back
      "declare const d = 1;",
      "declare let e: number;",
    ]);
  });
});

describe("interrupt checks in compiled cells", () => {
  const run = (js: string) => {
    let calls = 0;
    const fn = vm.runInThisContext(`(function (check) { ${insertChecks(js, "check")}\n})`) as (c: () => void) => unknown;
    const value = fn(() => calls++);
    return { value, calls };
  };

  it("checks once per loop iteration and per function call, in every kind of loop", () => {
    assert.equal(run("let s = 0; for (let i = 0; i < 5; i++) s += i; return s;").calls, 5);
    assert.equal(run("let i = 0; while (i < 4) { i++; }").calls, 4);
    assert.equal(run("let i = 0; do i++; while (i < 3);").calls, 3);
    assert.equal(run("for (const v of [1, 2]) {} for (const k in { a: 1, b: 2, c: 3 }) {}").calls, 5);
    assert.equal(run("function f(n) { return n; } const g = (n) => { return n; }; f(1); g(2); g(3);").calls, 3);
    // nested loops without braces: 2 outer iterations, 2 × 3 inner ones
    const nested = run("let s = 0; for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) s++; return s;");
    assert.deepEqual(nested, { value: 6, calls: 8 });
  });

  it("moves no line, so tracebacks still point at the right line", () => {
    const js = "let s = 0;\nfor (let i = 0; i < 2; i++)\n  s += i;\nwhile (s < 10) {\n  s++;\n}\nreturn s;";
    assert.equal(insertChecks(js).split("\n").length, js.split("\n").length);
    assert.equal(run(js).value, 10);
  });

  it("throws out of a busy loop when the check throws", () => {
    const js = "let i = 0; while (true) { i++; }";
    const fn = vm.runInThisContext(`(function (check) { ${insertChecks(js, "check")}\n})`) as (c: () => void) => unknown;
    let n = 0;
    assert.throws(
      () =>
        fn(() => {
          if (++n > 1000) throw new Error("interrupted");
        }),
      /interrupted/,
    );
  });
});
