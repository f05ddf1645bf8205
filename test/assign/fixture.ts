import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Cell, Notebook } from "../../book/notebook.js";

/** nbgrader schema-3 metadata for a fixture cell. */
function nb(kind: "answer" | "test" | "locked" | "manual", id: string, points?: number): Record<string, unknown> {
  const flags = {
    answer: { grade: false, solution: true, locked: false },
    test: { grade: true, solution: false, locked: true },
    locked: { grade: false, solution: false, locked: true },
    manual: { grade: true, solution: true, locked: false },
  }[kind];
  return { nbgrader: { ...flags, grade_id: id, ...(points === undefined ? {} : { points }), schema_version: 3 } };
}

const code = (source: string, metadata: Record<string, unknown> = {}): Cell => ({
  cell_type: "code",
  metadata,
  source,
  execution_count: null,
  outputs: [],
});
const md = (source: string, metadata: Record<string, unknown> = {}): Cell => ({ cell_type: "markdown", metadata, source });

/** The answers of the fixture, by grade_id: what a correct student writes. */
export const ANSWERS = {
  double: "function double(x: number): number {\n  return 2 * x;\n}",
  triple: "function triple(x: number): number {\n  return 3 * x;\n}",
};

/**
 * A small assignment that runs in a second or two: two answers, a test with a hidden part (2 points), a test with
 * partial credit (3 points: 1 for triple(1), 2 for triple(2)), a locked set-up cell and a hand-graded markdown answer
 * (2 points). Scores are easy to compute by hand for any combination of right and wrong answers.
 */
export function fixtureSource(): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "depthlab", display_name: "TypeScript (depthlab)", language: "typescript" } },
    cells: [
      md("# Doubling and tripling\nWrite the two functions.", nb("locked", "intro")),
      code("const OFFSET: number = 0;", nb("locked", "setup")),
      code(
        "function double(x: number): number {\n  // BEGIN SOLUTION\n  return 2 * x + OFFSET;\n  // END SOLUTION\n}",
        nb("answer", "a-double"),
      ),
      code(
        'dl.check(double(2) === 4, "double(2) should be 4", double(2));\n// BEGIN HIDDEN TESTS\ndl.check(double(-3) === -6, "double(-3) should be -6", double(-3));\n// END HIDDEN TESTS',
        nb("test", "t-double", 2),
      ),
      code("function triple(x: number): number {\n  // BEGIN SOLUTION\n  return 3 * x;\n  // END SOLUTION\n}", nb("answer", "a-triple")),
      code(
        "let tripleScore = 0;\nif (triple(1) === 3) tripleScore += 1;\nif (triple(2) === 6) tripleScore += 2;\ntripleScore",
        nb("test", "t-triple", 3),
      ),
      md("Why is doubling linear?\n<!-- BEGIN SOLUTION -->\nBecause 2(x + y) = 2x + 2y.\n<!-- END SOLUTION -->", nb("manual", "why", 2)),
    ],
  };
}

/** Writes a notebook as JSON (1-space indent, as the repository's notebooks). */
export function writeNotebook(file: string, notebook: Notebook): void {
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, JSON.stringify(notebook, null, 1) + "\n");
}

/** A copy of `released` with the code cell of grade_id `id` given `source` (or removed with null). */
export function withCell(released: Notebook, id: string, source: string | null): Notebook {
  const cells = released.cells.flatMap((c) => {
    const gid = (c.metadata["nbgrader"] as { grade_id?: string } | undefined)?.grade_id;
    if (gid !== id) return [c];
    return source === null ? [] : [{ ...c, source }];
  });
  return { ...released, cells };
}
