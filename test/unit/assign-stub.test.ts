import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stubSolutions } from "../../assign/stub.js";
import { SourceError } from "../../assign/source-error.js";

// Every expectation is the student's cell written out by hand. The declarations given here are what tslab's
// converter emits for the source cell (its `declOutput`); assign-type-check.test.ts checks the stubs against the
// real converter.
const lines = (...l: string[]) => l.join("\n");
const THROW = 'throw new Error("not implemented");';
const VALUE = '(() => { throw new Error("not implemented"); })()';

describe("stubSolutions: a solution region becomes a stub that keeps the declared types", () => {
  it("keeps a function's signature and gives it a throwing body, taking a missing return type from the declarations", () => {
    const source = lines("// BEGIN SOLUTION", "function f(x: number) {", "  return x * 2;", "}", "// END SOLUTION");
    assert.equal(
      stubSolutions(source, 1, "declare function f(x: number): number;\n"),
      lines("function f(x: number): number {", "  // YOUR CODE HERE", `  ${THROW}`, "}"),
    );
    const generic = lines(
      "// BEGIN SOLUTION",
      "/** The first item. */",
      "export function first<T>(items: T[], fallback?: T): T | undefined {",
      "  return items[0] ?? fallback;",
      "}",
      "// END SOLUTION",
    );
    assert.equal(
      stubSolutions(generic, 1),
      lines(
        "/** The first item. */",
        "export function first<T>(items: T[], fallback?: T): T | undefined {",
        "  // YOUR CODE HERE",
        `  ${THROW}`,
        "}",
      ),
    );
  });

  it("gives a void function (Promise<void> when async) an empty body, and keeps an async function's Promise type", () => {
    const source = lines(
      "// BEGIN SOLUTION",
      "function log(s: string) {",
      "  console.log(s);",
      "}",
      "async function wait(ms: number): Promise<void> {",
      "  await new Promise((r) => setTimeout(r, ms));",
      "}",
      "async function build() {",
      "  return tf.sequential();",
      "}",
      "// END SOLUTION",
    );
    const declarations = lines(
      "declare function log(s: string): void;",
      "declare function wait(ms: number): Promise<void>;",
      "declare function build(): Promise<dl.tf.Sequential>;",
    );
    assert.equal(
      stubSolutions(source, 1, declarations),
      lines(
        "function log(s: string) {",
        "  // YOUR CODE HERE",
        "}",
        "async function wait(ms: number): Promise<void> {",
        "  // YOUR CODE HERE",
        "}",
        "async function build(): Promise<dl.tf.Sequential> {",
        "  // YOUR CODE HERE",
        `  ${THROW}`,
        "}",
      ),
    );
  });

  it("keeps variables' names and types with a throwing value, widening literal constants so the answer stays hidden", () => {
    const source = lines(
      "// BEGIN SOLUTION",
      "const depth = 3, name = 'relu';",
      "let rate: number = 0.1;",
      "const { a, b } = { a: 1, b: [2] };",
      "const model = tf.sequential();",
      "let later: string;",
      "// END SOLUTION",
    );
    const declarations = lines(
      'declare const depth = 3, name = "relu";',
      "declare let rate: number;",
      "declare const a: number, b: number[];",
      "declare const model: dl.tf.Sequential;",
      "declare let later: string;",
    );
    assert.equal(
      stubSolutions(source, 1, declarations),
      lines(
        `const depth: number = ${VALUE}, name: string = ${VALUE};`,
        `let rate: number = ${VALUE};`,
        `const a: number = ${VALUE}, b: number[] = ${VALUE};`,
        `const model: dl.tf.Sequential = ${VALUE};`,
        "let later: string;",
      ),
    );
  });

  it("stubs an arrow or function expression held by a variable as a function, keeping its parameters", () => {
    const source = lines(
      "// BEGIN SOLUTION",
      "const square = (x: number) => x * x;",
      "const show = function (s: string) {",
      "  console.log(s);",
      "};",
      "const loss: (p: number) => number = (p) => -Math.log(p);",
      "// END SOLUTION",
    );
    const declarations = lines(
      "declare const square: (x: number) => number;",
      "declare const show: (s: string) => void;",
      "declare const loss: (p: number) => number;",
    );
    assert.equal(
      stubSolutions(source, 1, declarations),
      lines(
        "const square = (x: number): number => {",
        "  // YOUR CODE HERE",
        `  ${THROW}`,
        "};",
        "const show = function (s: string) {",
        "  // YOUR CODE HERE",
        "};",
        "const loss: (p: number) => number = (p) => {",
        "  // YOUR CODE HERE",
        `  ${THROW}`,
        "};",
      ),
    );
  });

  it("inside a function's body keeps the region's variables, drops the rest, and throws when the function returns a value", () => {
    const source = lines(
      "async function train(data: number[]): Promise<tf.Sequential> {",
      "  const model = tf.sequential();",
      "  // BEGIN SOLUTION",
      "  model.add(tf.layers.dense({ units: 1, inputShape: [1] }));",
      "  const epochs: number = 10;",
      "  const scratch = model.layers.map((l) => l.name);",
      "  await model.fit(tf.tensor(data), tf.tensor(data), { epochs });",
      "  // END SOLUTION",
      "  console.log(epochs);",
      "  return model;",
      "}",
      "function report(x: number) {",
      "  // BEGIN SOLUTION",
      "  console.log(x);",
      "  // END SOLUTION",
      "}",
    );
    assert.equal(
      stubSolutions(source, 1),
      lines(
        "async function train(data: number[]): Promise<tf.Sequential> {",
        "  const model = tf.sequential();",
        `  const epochs: number = ${VALUE};`, // `scratch` is dropped: nothing after the region uses it
        "  // YOUR CODE HERE",
        `  ${THROW}`,
        "  console.log(epochs);",
        "  return model;",
        "}",
        "function report(x: number) {",
        "  // YOUR CODE HERE",
        "}",
      ),
    );
  });

  it("drops a function body's locals, typed or not, when nothing after the region uses them", () => {
    const source = lines(
      "function tent(depth: number): number[][] {",
      "  // BEGIN SOLUTION",
      "  const row = (k: number): number[] => [k, -k];",
      "  const rows: number[][] = [];",
      "  while (rows.length < depth) rows.push(row(rows.length));",
      "  return rows;",
      "  // END SOLUTION",
      "}",
    );
    // keeping `row` and `rows` would show the solution's shape, and the signature alone carries the types
    assert.equal(stubSolutions(source, 1), lines("function tent(depth: number): number[][] {", "  // YOUR CODE HERE", `  ${THROW}`, "}"));
  });

  it("writes the declared return type into a function whose only value-returning statements were in the region", () => {
    const source = lines(
      "function double(x: number) {",
      "  // BEGIN SOLUTION",
      "  return 2 * x;",
      "  // END SOLUTION",
      "}",
      "const half = (x: number) => {",
      "  // BEGIN SOLUTION",
      "  return x / 2;",
      "  // END SOLUTION",
      "};",
    );
    const declarations = "declare function double(x: number): number;\ndeclare const half: (x: number) => number;\n";
    assert.equal(
      stubSolutions(source, 1, declarations),
      lines(
        "function double(x: number): number {",
        "  // YOUR CODE HERE",
        `  ${THROW}`,
        "}",
        "const half = (x: number): number => {",
        "  // YOUR CODE HERE",
        `  ${THROW}`,
        "};",
      ),
    );
  });

  it("at top level, replaces dropped statements by // YOUR CODE HERE and a throw, keeping the region's indentation", () => {
    const source = lines(
      "const xs = [1, 2, 3];",
      "// BEGIN SOLUTION",
      "let sum = 0;",
      "for (const x of xs) sum += x;",
      "// END SOLUTION",
      "if (xs.length > 0) {",
      "    // BEGIN SOLUTION",
      "    await tf.nextFrame();",
      "    // END SOLUTION",
      "}",
      "sum",
    );
    assert.equal(
      stubSolutions(source, 1, "declare const xs: number[];\ndeclare let sum: number;\n"),
      lines(
        "const xs = [1, 2, 3];",
        `let sum: number = ${VALUE};`,
        "// YOUR CODE HERE",
        THROW,
        "if (xs.length > 0) {",
        "    // YOUR CODE HERE",
        `    ${THROW}`,
        "}",
        "sum",
      ),
    );
  });

  it("keeps type declarations and imports, leaves hidden tests and code outside regions alone", () => {
    const source = lines(
      "/** Outside the region: kept once. */",
      "// BEGIN SOLUTION",
      'import { describeBackend } from "depthlab";',
      "interface Point { x: number; y: number }",
      "type Pair = [Point, Point];",
      "// END SOLUTION",
      "// BEGIN HIDDEN TESTS",
      "dl.check(true, 'hidden');",
      "// END HIDDEN TESTS",
    );
    assert.equal(
      stubSolutions(source, 1),
      lines(
        "/** Outside the region: kept once. */",
        'import { describeBackend } from "depthlab";',
        "interface Point { x: number; y: number }",
        "type Pair = [Point, Point];",
        "// BEGIN HIDDEN TESTS",
        "dl.check(true, 'hidden');",
        "// END HIDDEN TESTS",
      ),
    );
    assert.equal(stubSolutions("const x = 1;\nx", 1), "const x = 1;\nx");
  });

  it("refuses a region that starts or ends mid-statement, or lies outside a block, naming the cell and the marker's line", () => {
    const refused = (source: string, message: RegExp) =>
      assert.throws(
        () => stubSolutions(source, 5),
        (e: unknown) => e instanceof SourceError && e.cell === 5 && message.test(e.message),
      );
    refused(
      lines("const total = 1 +", "  // BEGIN SOLUTION", "  2;", "const more = 3;", "// END SOLUTION"),
      /^cell 5, line 2: \/\/ BEGIN SOLUTION cuts the statement that starts on line 1/,
    );
    refused(
      lines("// BEGIN SOLUTION", "const a = 1;", "const b = a +", "// END SOLUTION", "  2;"),
      /^cell 5, line 4: \/\/ END SOLUTION cuts the statement that starts on line 3/,
    );
    refused(
      lines("const xs = [", "  1,", "  // BEGIN SOLUTION", "  2,", "  // END SOLUTION", "];"),
      /^cell 5, line 3: .*inside an array literal/,
    );
    refused(
      lines("class K {", "  // BEGIN SOLUTION", "  x = 1;", "  // END SOLUTION", "}"),
      /^cell 5, line 2: .*inside its methods' bodies/,
    );
    refused(
      lines("if (ok)", "  // BEGIN SOLUTION", "  run();", "  // END SOLUTION"),
      /^cell 5, line 2: \/\/ BEGIN SOLUTION cuts the statement that starts on line 1/,
    );
    refused(
      lines("const s = `", "// BEGIN SOLUTION", "text", "// END SOLUTION", "`;"),
      /^cell 5, line 2: .*inside a string or template literal/,
    );
  });

  it("refuses what it cannot stub with its type: a class, an untyped function returning a value, a used local of unknown type", () => {
    const refused = (source: string, message: RegExp) =>
      assert.throws(
        () => stubSolutions(source, 2),
        (e: unknown) => e instanceof SourceError && e.cell === 2 && message.test(e.message),
      );
    refused(lines("// BEGIN SOLUTION", "", "class Net {}", "// END SOLUTION"), /^cell 2, line 3: a class inside a solution region/);
    // no declarations given, so nothing says what f returns
    refused(
      lines("// BEGIN SOLUTION", "function f(x: number) {", "  return x;", "}", "// END SOLUTION"),
      /^cell 2, line 2: give this function a return type/,
    );
    refused(
      lines("function g() {", "  // BEGIN SOLUTION", "  return 1;", "  // END SOLUTION", "}"),
      /^cell 2, line 1: give this function a return type/,
    );
    refused(
      lines("function h() {", "  // BEGIN SOLUTION", "  const best = [1].map((i) => i * 2);", "  // END SOLUTION", "  return best;", "}"),
      /^cell 2, line 3: give `best` a type annotation/,
    );
  });
});
