import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkGradeIds, readNbgrader } from "../../assign/nbgrader-metadata.js";
import { SourceError } from "../../assign/source-error.js";

describe("nbgrader cell metadata (schema version 3)", () => {
  it("reads the cell kinds nbgrader's own example notebooks use, and nothing from an ordinary cell", () => {
    // the metadata of nbgrader's documented cell types: autograded answer, autograder tests, manually graded answer, task
    assert.deepEqual(
      readNbgrader({ nbgrader: { grade: false, solution: true, locked: false, grade_id: "answer", schema_version: 3 } }, 1),
      {
        grade: false,
        solution: true,
        locked: false,
        task: false,
        grade_id: "answer",
        schema_version: 3,
      },
    );
    assert.deepEqual(
      readNbgrader({ nbgrader: { grade: true, solution: false, locked: true, grade_id: "tests", points: 2, schema_version: 3 } }, 2)
        ?.points,
      2,
    );
    assert.equal(readNbgrader({ nbgrader: { task: true, grade_id: "essay", points: 5, schema_version: 3 } }, 3)?.task, true);
    assert.equal(readNbgrader({ tags: ["x"] }, 4), null);
    assert.equal(readNbgrader(undefined, 4), null);
  });

  it("refuses what nbgrader would refuse, naming the cell and the field", () => {
    const refused = (nbgrader: unknown, message: RegExp) =>
      assert.throws(
        () => readNbgrader({ nbgrader }, 6),
        (e: unknown) => e instanceof SourceError && e.cell === 6 && message.test(e.message),
      );
    refused({ grade: true, grade_id: "t", points: 1, schema_version: 1 }, /^cell 6: metadata\.nbgrader schema_version must be 3/);
    refused({ grade: true, grade_id: "t", schema_version: 3 }, /points must be a number >= 0 for a graded cell, got undefined/);
    refused({ grade: true, grade_id: "t", points: -1, schema_version: 3 }, /points must be a number >= 0/);
    refused({ solution: true, schema_version: 3 }, /grade_id must be a name/);
    refused({ grade: "yes", grade_id: "t", points: 1, schema_version: 3 }, /grade must be true or false, got "yes"/);
    refused({ task: true, grade: true, grade_id: "t", points: 1, schema_version: 3 }, /task cannot be combined with grade or solution/);
    refused([1], /must be an object/);
  });

  it("refuses a grade_id used twice, naming both cells", () => {
    assert.throws(
      () =>
        checkGradeIds([
          { cell: 2, grade_id: "q1" },
          { cell: 3, grade_id: "" },
          { cell: 5, grade_id: "q1" },
        ]),
      /: cell 5: grade_id "q1" is already used by cell 2$/,
    );
    checkGradeIds([
      { cell: 1, grade_id: "a" },
      { cell: 2, grade_id: "b" },
    ]);
  });
});
