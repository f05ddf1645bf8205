import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { assignNotebooks } from "../../assign/assign.js";
import { validateNotebook, validationReport } from "../../assign/validate.js";
import type { Notebook } from "../../book/notebook.js";
import { ANSWERS, fixtureSource, withCell, writeNotebook } from "./fixture.js";

// `depthlab assign` and `depthlab validate` on the fixture assignment, in real kernels.
const root = mkdtempSync(join(tmpdir(), "depthlab-assign-test-"));
after(() => rmSync(root, { recursive: true, force: true }));

const write = (name: string, notebook: Notebook) => {
  const file = join(root, "source", `${name}.ipynb`);
  writeNotebook(file, notebook);
  return file;
};
const idCell = (nb: Notebook, id: string) =>
  nb.cells.findIndex((c) => (c.metadata["nbgrader"] as { grade_id?: string } | undefined)?.grade_id === id);

describe("depthlab assign", () => {
  it("writes a student version with stubs that keep the types, no hidden tests, no outputs, and checksums", async () => {
    const out = join(root, "release");
    await assignNotebooks([write("doubling", fixtureSource())], { out });
    const student = JSON.parse(readFileSync(join(out, "doubling.ipynb"), "utf8")) as Notebook;
    const double = student.cells[idCell(student, "a-double")]!.source;
    assert.match(double, /^function double\(x: number\): number \{/);
    assert.match(double, /throw new Error\("not implemented"\)/);
    assert.doesNotMatch(double, /2 \* x/);
    const test = student.cells[idCell(student, "t-double")]!.source;
    assert.equal(test, 'dl.check(double(2) === 4, "double(2) should be 4", double(2));');
    assert.match(student.cells[idCell(student, "why")]!.source, /YOUR ANSWER HERE/);
    assert.doesNotMatch(student.cells[idCell(student, "why")]!.source, /2x \+ 2y/);
    for (const c of student.cells) {
      if (c.cell_type === "code") assert.deepEqual([c.outputs, c.execution_count], [[], null]);
      assert.match(String((c.metadata["nbgrader"] as { checksum?: string }).checksum), /^[0-9a-f]{32}$/);
    }
  });

  it("refuses a source whose solution fails its own (hidden) test, naming the cell", async () => {
    const wrong = withCell(
      fixtureSource(),
      "a-double",
      "function double(x: number): number {\n  // BEGIN SOLUTION\n  return x > 0 ? 2 * x : x;\n  // END SOLUTION\n}",
    );
    await assert.rejects(
      assignNotebooks([write("wrong", wrong)], { out: join(root, "never") }),
      /cell 4 \(t-double\): error: CheckError: check failed: double\(-3\) should be -6/,
    );
  });

  it("refuses unbalanced markers and repeated grade_ids, with the cell and line", async () => {
    const open = withCell(fixtureSource(), "a-triple", "function triple(x: number): number {\n  // BEGIN SOLUTION\n  return 3 * x;\n}");
    await assert.rejects(
      assignNotebooks([write("open", open)], { out: join(root, "never"), run: false }),
      /cell 5, line 2: \/\/ BEGIN SOLUTION is never closed/,
    );
    const twice = fixtureSource();
    (twice.cells[5]!.metadata["nbgrader"] as { grade_id: string }).grade_id = "t-double";
    await assert.rejects(
      assignNotebooks([write("twice", twice)], { out: join(root, "never"), run: false }),
      /cell 6: grade_id "t-double" is already used by cell 4/,
    );
  });

  it("refuses a source whose student version does not type-check (a visible test using a hidden name)", async () => {
    const source = fixtureSource();
    const t = idCell(source, "t-double");
    source.cells[t] = {
      ...source.cells[t]!,
      source: source.cells[t]!.source.replace("// BEGIN HIDDEN TESTS\n", "// BEGIN HIDDEN TESTS\nconst secret: number = 6;\n"),
    };
    source.cells[idCell(source, "t-triple")]!.source += "\nsecret;";
    await assert.rejects(
      assignNotebooks([write("hidden-name", source)], { out: join(root, "never"), run: false }),
      /cell 6, line \d+: the student version does not type-check: .*secret/,
    );
  });
});

describe("depthlab validate", () => {
  const released = () => JSON.parse(readFileSync(join(root, "release", "doubling.ipynb"), "utf8")) as Notebook;

  it("reports every visible test failed, with the stub's message, on the untouched student version", async () => {
    const file = join(root, "student", "untouched.ipynb");
    writeNotebook(file, released());
    const cells = await validateNotebook(file);
    assert.deepEqual(
      cells.map((c) => [c.grade_id, c.status, c.maxPoints]),
      [
        ["t-double", "failed", 2],
        ["t-triple", "failed", 3],
      ],
    );
    assert.match(cells[0]!.message, /not implemented/);
    assert.match(validationReport(file, cells), /0 of 2 visible tests passed: 0 of 5 points/);
  });

  it("reports passes and partial credit on answered work", async () => {
    const file = join(root, "student", "answered.ipynb");
    writeNotebook(
      file,
      withCell(
        withCell(released(), "a-double", ANSWERS.double),
        "a-triple",
        "function triple(x: number): number {\n  return x === 1 ? 3 : 0;\n}",
      ),
    );
    const cells = await validateNotebook(file);
    assert.deepEqual(
      cells.map((c) => [c.grade_id, c.status, c.points]),
      [
        ["t-double", "passed", 2],
        ["t-triple", "passed", 1], // triple(1) is right (1 point), triple(2) is not (the other 2)
      ],
    );
    assert.match(validationReport(file, cells), /2 of 2 visible tests passed: 3 of 5 points/);
  });
});
