import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assembleSubmission } from "../../assign/assemble.js";
import { cellChecksum } from "../../assign/checksum.js";
import type { NbgraderCell } from "../../assign/nbgrader-metadata.js";
import { gradesCsv, studentGrades } from "../../assign/reports.js";
import { resultNumber, scoreRun } from "../../assign/score.js";
import { readAssignment } from "../../assign/source-notebook.js";
import type { NotebookResult } from "../../assign/grade-notebook.js";
import type { Notebook } from "../../book/notebook.js";
import { fixtureSource, withCell } from "../assign/fixture.js";

const flags = (grade: boolean, solution: boolean, locked: boolean, grade_id: string, points?: number): NbgraderCell => ({
  grade,
  solution,
  locked,
  task: false,
  grade_id,
  ...(points === undefined ? {} : { points }),
  schema_version: 3,
});

describe("cellChecksum", () => {
  // Expected values: Python's hashlib.md5 over nbgrader's compute_checksum fields (source, cell_type, str(grade),
  // str(solution), str(locked), grade_id, str(float(points)) for graded cells), computed once by hand in python3.
  it("matches nbgrader's compute_checksum", () => {
    const test = { cell_type: "code" as const, source: 'dl.check(f(1) === 2, "f doubles");' };
    assert.equal(cellChecksum(test, flags(true, false, true, "t1", 2)), "57da6d79be6ca76d14fa043f29e3418f");
    const manual = { cell_type: "markdown" as const, source: "Explain.\nYOUR ANSWER HERE" };
    assert.equal(cellChecksum(manual, flags(true, true, false, "why", 1.5)), "e4183eb3e8fb1b317bce02b1e2a3ec8f");
    assert.equal(
      cellChecksum({ cell_type: "markdown", source: "# Title" }, flags(false, false, true, "intro")),
      "f6c0b0ba5da2f9430b336efd7588f19b",
    );
  });
});

describe("scoreRun", () => {
  const ok = (text?: string) => ({
    status: "ok" as const,
    executionCount: 1,
    message: "",
    outputs:
      text === undefined
        ? []
        : [{ output_type: "execute_result" as const, execution_count: 1, data: { "text/plain": text }, metadata: {} }],
  });
  it("gives full points to a cell that ran, none to one that failed, timed out or crashed", () => {
    assert.deepEqual(scoreRun(ok(), 3), { points: 3, status: "passed", message: "" });
    assert.equal(scoreRun({ status: "error", outputs: [], executionCount: 1, message: "CheckError: check failed: x" }, 3).status, "failed");
    assert.equal(scoreRun({ status: "timeout", outputs: [], executionCount: null, message: "late" }, 3).points, 0);
    assert.equal(scoreRun({ status: "crashed", outputs: [], executionCount: null, message: "died" }, 3).status, "crashed");
  });
  it("reads a numeric result between 0 and the points as partial credit (nbgrader's rule), ignores others", () => {
    assert.equal(scoreRun(ok("1.5"), 3).points, 1.5);
    assert.equal(scoreRun(ok("0"), 3).points, 0);
    assert.equal(scoreRun(ok("7"), 3).points, 3); // outside [0, 3]: not a score
    assert.equal(scoreRun(ok('"2"'), 3).points, 3); // a string, not a number
    assert.equal(resultNumber(ok("-1e-3").outputs), -0.001);
    assert.equal(resultNumber(ok("Tensor [1, 2]").outputs), null);
  });
});

describe("assembleSubmission", () => {
  const source = fixtureSource();
  const assignment = readAssignment(source, "doubling");
  // The released version here only differs from the source in the test cell's hidden part and the answers.
  const released: Notebook = {
    ...source,
    cells: source.cells.map((c) =>
      c.cell_type === "code" ? { ...c, source: c.source.replace(/\n\/\/ BEGIN HIDDEN TESTS[\s\S]*END HIDDEN TESTS/, "") } : c,
    ),
  };
  const ids = (cells: { cell: { metadata: Record<string, unknown> } }[]) =>
    cells.map((c) => (c.cell.metadata["nbgrader"] as { grade_id?: string } | undefined)?.grade_id ?? "-");

  it("puts the original test cell back, hidden tests included, keeping the student's answers", () => {
    const submitted = withCell(released, "a-double", "function double(x: number): number { return x + x; }");
    const { cells, flags } = assembleSubmission(assignment, submitted);
    assert.deepEqual(flags, []);
    assert.match(cells[3]!.cell.source, /BEGIN HIDDEN TESTS/);
    assert.equal(cells[2]!.cell.source, "function double(x: number): number { return x + x; }");
  });

  it("flags a changed test cell and one stripped of its metadata, and grades both with the originals", () => {
    const changed = withCell(released, "t-triple", "3");
    const stripped: Notebook = {
      ...released,
      cells: released.cells.map((c, i) => (i === 3 ? { ...c, metadata: {}, source: "// pass" } : c)),
    };
    const a = assembleSubmission(assignment, changed);
    assert.deepEqual(a.flags, ["t-triple: test cell changed; graded with the original"]);
    assert.match(a.cells[5]!.cell.source, /tripleScore/);
    const b = assembleSubmission(assignment, stripped);
    assert.deepEqual(b.flags, ["t-double: test cell deleted; graded with the original"]);
    // the original goes back right after the answer it tests; the stripped cell stays, as a plain cell
    assert.deepEqual(ids(b.cells), ["intro", "setup", "a-double", "t-double", "-", "a-triple", "t-triple", "why"]);
  });

  it("puts a placeholder that fails, saying why, where an answer cell was deleted", () => {
    const { cells, flags } = assembleSubmission(assignment, withCell(released, "a-triple", null));
    assert.deepEqual(flags, ["a-triple: answer cell deleted; it was left empty"]);
    assert.deepEqual(ids(cells), ["intro", "setup", "a-double", "t-double", "a-triple", "t-triple", "why"]);
    assert.equal(cells[4]!.cell.source, 'throw new Error("this answer cell was deleted from the submission");');
  });

  it("treats a copied grade_id as a plain cell and flags it", () => {
    const copy: Notebook = { ...released, cells: [...released.cells, released.cells[3]!] };
    const { cells, flags } = assembleSubmission(assignment, copy);
    assert.equal(flags.length, 1);
    assert.match(flags[0]!, /^t-double: a second cell/);
    assert.equal(cells.length, 8);
  });
});

describe("reports", () => {
  const result = (student: string, points: [number, number]): NotebookResult => ({
    student,
    notebook: "doubling",
    score: points[0] + points[1],
    max_score: 5,
    cells: [
      { grade_id: "t-double", points: points[0], max_points: 2, status: points[0] === 2 ? "passed" : "failed", message: "" },
      { grade_id: "t-triple", points: points[1], max_points: 3, status: "passed", message: "" },
    ],
    manual: [],
    flags: [],
    executed: null,
    marks: new Map(),
    manualAt: new Map(),
    elapsedMs: 0,
  });
  it("writes one CSV row per student with each cell's points, students by name, names quoted when needed", () => {
    const grades = studentGrades([result("zoe", [2, 3]), result('ad,a "x"', [0, 1.5])]);
    const columns = [
      { notebook: "doubling", grade_id: "t-double" },
      { notebook: "doubling", grade_id: "t-triple" },
    ];
    assert.equal(gradesCsv(grades, columns), 'student,score,max_score,t-double,t-triple\n"ad,a ""x""",1.5,5,0,1.5\nzoe,5,5,2,3\n');
  });
});
