import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findRegions, withoutHiddenTests } from "../../assign/markers.js";
import { SourceError } from "../../assign/source-error.js";

describe("assignment markers (nbgrader's, as TypeScript comments)", () => {
  it("finds solution and hidden-test regions by the lines of their markers, in code and markdown", () => {
    const code = [
      "function double(x: number): number {",
      "  // BEGIN SOLUTION",
      "  return 2 * x;",
      "  // END SOLUTION",
      "}",
      "//   BEGIN HIDDEN TESTS  ",
      "dl.check(double(3) === 6, 'double(3) is 6');",
      "// END HIDDEN TESTS",
    ].join("\n");
    assert.deepEqual(findRegions(code, "code", 1), [
      { kind: "solution", begin: 1, end: 3 },
      { kind: "hidden tests", begin: 5, end: 7 },
    ]);
    assert.deepEqual(findRegions("Why?\n<!-- BEGIN SOLUTION -->\nBecause.\n<!-- END SOLUTION -->", "markdown", 2), [
      { kind: "solution", begin: 1, end: 3 },
    ]);
    // a marker must stand alone on its line: these are ordinary comments
    assert.deepEqual(findRegions("x = 1; // BEGIN SOLUTION\n// BEGIN SOLUTIONS here", "code", 1), []);
  });

  it("refuses unbalanced, nested and misplaced markers, naming the cell and the line", () => {
    const refused = (source: string, type: "code" | "markdown", message: RegExp) =>
      assert.throws(
        () => findRegions(source, type, 7),
        (e: unknown) => e instanceof SourceError && e.cell === 7 && message.test(e.message),
      );
    refused("a\n// BEGIN SOLUTION\nb", "code", /^cell 7, line 2: \/\/ BEGIN SOLUTION is never closed$/);
    refused("a\n// END SOLUTION", "code", /^cell 7, line 2: \/\/ END SOLUTION without a BEGIN before it$/);
    refused(
      "// BEGIN SOLUTION\n// BEGIN HIDDEN TESTS",
      "code",
      /^cell 7, line 2: .*inside the region opened by \/\/ BEGIN SOLUTION on line 1/,
    );
    refused(
      "// BEGIN SOLUTION\n// END HIDDEN TESTS",
      "code",
      /^cell 7, line 2: \/\/ END HIDDEN TESTS closes \/\/ BEGIN SOLUTION \(line 1\)$/,
    );
    refused("<!-- BEGIN HIDDEN TESTS -->", "markdown", /^cell 7, line 1: .*hidden tests belong in code cells/);
  });

  it("removes hidden tests with their markers and keeps everything else line for line", () => {
    const source = "dl.check(a, 'visible');\n// BEGIN HIDDEN TESTS\ndl.check(b, 'hidden');\n// END HIDDEN TESTS\nconst c = 1;";
    assert.equal(withoutHiddenTests(source, 1), "dl.check(a, 'visible');\nconst c = 1;");
    assert.equal(withoutHiddenTests("only visible", 1), "only visible");
  });
});
