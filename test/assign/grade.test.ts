import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { grade, type GradeRun } from "../../assign/grade.js";
import type { GradingSandbox } from "../../assign/grade-notebook.js";
import { releaseNotebook } from "../../assign/release.js";
import { chooseSandbox, sandboxWrap } from "../../assign/sandbox.js";
import { readAssignment } from "../../assign/source-notebook.js";
import { joinText, type Notebook } from "../../book/notebook.js";
import { ANSWERS, fixtureSource, withCell, writeNotebook } from "./fixture.js";

// Grading end to end on the small fixture assignment (test/assign/fixture.ts), in real kernels inside the real
// sandbox: bubblewrap must be there in CI (.ci/run installs it); elsewhere without it the "user" sandbox (root) is used.
const plan = chooseSandbox("auto");
if (process.env["CI"] === "true" || process.env["DEPTHLAB_REQUIRE_BWRAP"] === "1")
  assert.equal(plan.kind, "bwrap", "CI installs bubblewrap: grading must use it");
const sandboxFor = (memoryMb: number): GradingSandbox => ({
  describe: plan.description,
  open: (workDir) => sandboxWrap(plan, { workDir, memoryMb }),
});

const root = mkdtempSync(join(tmpdir(), "depthlab-grade-test-"));
const sourceDir = join(root, "source");
const source = fixtureSource();
const released = releaseNotebook(readAssignment(source, "doubling"));
const right = (nb: Notebook) => withCell(withCell(nb, "a-double", ANSWERS.double), "a-triple", ANSWERS.triple);
const quiet = { write: () => true, isTTY: false };

/** Grades `students` (name → notebook) with the given limits; the reports land in `<root>/<tag>/out`. */
async function gradeClass(
  tag: string,
  students: Record<string, Notebook>,
  limits: { jobs: number; memoryMb?: number; cellTimeoutMs?: number },
): Promise<GradeRun & { out: string; subs: string }> {
  const subs = join(root, tag, "submitted");
  for (const [student, notebook] of Object.entries(students)) writeNotebook(join(subs, student, "doubling.ipynb"), notebook);
  const out = join(root, tag, "out");
  const run = await grade({
    sourceDir,
    submissionsDir: subs,
    out,
    jobs: limits.jobs,
    sandbox: sandboxFor(limits.memoryMb ?? 2048),
    cellTimeoutMs: limits.cellTimeoutMs ?? 60_000,
    wallMs: 600_000,
    memoryMb: limits.memoryMb ?? 2048,
    progress: quiet,
  });
  return { ...run, out, subs };
}

const cellOf = (run: GradeRun, student: string, id: string) => {
  const g = run.grades.find((s) => s.student === student);
  assert.ok(g, `no grades for ${student}`);
  const c = g.cells.find((x) => x.grade_id === id);
  assert.ok(c, `no ${id} for ${student}`);
  return c;
};
const scoreOf = (run: GradeRun, student: string) => run.grades.find((s) => s.student === student)!.score;

before(() => writeNotebook(join(sourceDir, "doubling.ipynb"), source));
after(() => rmSync(root, { recursive: true, force: true }));

describe("grading the fixture assignment in the sandbox", () => {
  let run: GradeRun & { out: string; subs: string };
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  let connections = 0;
  let port = 0;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
    const secret = join(root, "secret.txt");
    writeFileSync(secret, "instructor only");
    // A student's own extra cell that tries every way out of the sandbox and prints what it got.
    const escape = `const fs = require("node:fs");
const net = require("node:net");
const attempt = (f: () => unknown): string => { try { f(); return "OPEN"; } catch (e) { return "closed"; } };
const reach = await new Promise<string>((resolve) => {
  const s = net.connect(${port}, "127.0.0.1");
  s.on("connect", () => { s.destroy(); resolve("OPEN"); });
  s.on("error", () => resolve("closed"));
  setTimeout(() => resolve("closed"), 3000);
});
console.log("ESCAPES " + JSON.stringify({
  source: attempt(() => fs.readFileSync(${JSON.stringify(join(sourceDir, "doubling.ipynb"))})),
  other: attempt(() => fs.readFileSync(${JSON.stringify(join(root, "class", "submitted", "solution", "doubling.ipynb"))})),
  outside: attempt(() => fs.readFileSync(${JSON.stringify(secret)})),
  root: attempt(() => fs.readdirSync("/root")),
  write: attempt(() => fs.writeFileSync(${JSON.stringify(join(root, "pwned.txt"))}, "x")),
  own: attempt(() => fs.writeFileSync("mine.txt", "x")),
  network: reach,
}));`;
    const withEscape: Notebook = { ...right(released), cells: [...right(released).cells] };
    withEscape.cells.splice(3, 0, { cell_type: "code", metadata: {}, source: escape, execution_count: null, outputs: [] });
    run = await gradeClass(
      "class",
      {
        solution: right(released),
        untouched: released,
        loop: withCell(right(released), "a-triple", "function triple(x: number): number {\n  while (true) {}\n}"),
        exit: withCell(right(released), "a-triple", "process.exit(3);\nfunction triple(x: number): number {\n  return 3 * x;\n}"),
        deleted: withCell(right(released), "t-double", null),
        pass: withCell(
          withCell(right(released), "a-triple", "function triple(x: number): number {\n  return 3;\n}"),
          "t-triple",
          "// pass",
        ),
        escape: withEscape,
      },
      { jobs: 2, cellTimeoutMs: 10_000 },
    );
  });
  after(() => server.close());

  it("gives the solutions full marks, nothing flagged", () => {
    assert.equal(scoreOf(run, "solution"), 5);
    assert.deepEqual(run.grades.find((g) => g.student === "solution")!.flags, []);
  });

  it("scores the untouched student version 0, every test failed (not crashed), with the stub's message", () => {
    assert.equal(scoreOf(run, "untouched"), 0);
    for (const id of ["t-double", "t-triple"]) {
      const c = cellOf(run, "untouched", id);
      assert.equal(c.status, "failed");
      assert.match(c.message, /not implemented/);
    }
  });

  it("times out an endless loop, scores the other answers, and says so", () => {
    assert.equal(cellOf(run, "loop", "t-triple").status, "timeout");
    assert.equal(cellOf(run, "loop", "t-double").status, "passed");
    assert.equal(scoreOf(run, "loop"), 2);
  });

  it("marks a submission that calls process.exit crashed from that cell on, for that student only", () => {
    assert.equal(cellOf(run, "exit", "t-double").status, "passed");
    assert.equal(cellOf(run, "exit", "t-triple").status, "crashed");
    assert.equal(scoreOf(run, "exit"), 2);
    assert.equal(scoreOf(run, "solution"), 5);
  });

  it("grades a deleted test cell with the original, hidden test included, and flags it", () => {
    assert.equal(cellOf(run, "deleted", "t-double").status, "passed");
    assert.equal(scoreOf(run, "deleted"), 5);
    assert.ok(run.grades.find((g) => g.student === "deleted")!.flags.some((f) => f.startsWith("t-double:")));
  });

  it("grades a test replaced by // pass with the original (partial credit 1 of 3 here) and flags it", () => {
    const c = cellOf(run, "pass", "t-triple");
    assert.equal(c.points, 1); // triple(1) === 3 holds, triple(2) === 6 does not: the original's 1 of 3
    assert.equal(scoreOf(run, "pass"), 3);
    assert.ok(run.grades.find((g) => g.student === "pass")!.flags.some((f) => f.startsWith("t-triple:")));
  });

  it("keeps the sandbox shut: no source, no other student, no file outside, no network; its own folder works", () => {
    const executed = run.results.find((r) => r.student === "escape")!.executed!;
    const printed = executed.cells
      .flatMap((c) => (c.cell_type === "code" ? c.outputs : []))
      .map((o) => (o.output_type === "stream" ? joinText(o.text) : ""))
      .join("");
    const line = /ESCAPES (\{.*\})/.exec(printed);
    assert.ok(line, `the escape cell printed nothing: ${printed}`);
    const got = JSON.parse(line[1]!) as Record<string, string>;
    assert.deepEqual(got, {
      source: "closed",
      other: "closed",
      outside: "closed",
      root: "closed",
      write: "closed",
      own: "OPEN",
      network: "closed",
    });
    assert.equal(connections, 0);
    assert.equal(existsSync(join(root, "pwned.txt")), false);
    assert.equal(scoreOf(run, "escape"), 5);
  });

  it("writes CSV, JSON and feedback pages that agree", () => {
    checkReports(run);
  });
});

/** grades.csv, grades.json and each feedback page give every student the same score. */
function checkReports(run: GradeRun & { out: string }): void {
  const csv = readFileSync(join(run.out, "grades.csv"), "utf8").trim().split("\n");
  assert.deepEqual(csv[0]!.split(","), ["student", "score", "max_score", "t-double", "t-triple"]);
  const json = JSON.parse(readFileSync(join(run.out, "grades.json"), "utf8")) as {
    sandbox: string;
    students: Record<
      string,
      { score: number; max_score: number; cells: { grade_id: string; points: number; status: string }[]; flags: string[] }
    >;
  };
  assert.equal(json.sandbox, plan.description);
  assert.equal(csv.length - 1, Object.keys(json.students).length);
  for (const row of csv.slice(1)) {
    const [student, score, max, double, triple] = row.split(",");
    const j = json.students[student!]!;
    assert.equal(Number(score), j.score, `${student}: csv and json scores`);
    assert.equal(Number(max), 5);
    assert.equal(j.max_score, 5);
    assert.equal(Number(double) + Number(triple), j.score, `${student}: the cells add up to the score`);
    assert.deepEqual(
      j.cells.map((c) => c.grade_id),
      ["t-double", "t-triple"],
    );
    const page = readFileSync(join(run.out, "feedback", student!, "doubling.html"), "utf8");
    assert.match(page, new RegExp(`Autograded score: <strong>${j.score}</strong> of 5`), `${student}: feedback page score`);
    assert.ok(!/<script/i.test(page), "feedback pages carry no script");
  }
  assert.match(readFileSync(join(run.out, "summary.html"), "utf8"), /<svg/);
}

describe("the memory cap", () => {
  it("stops a submission that allocates without end; the next submission still grades", async () => {
    const hog =
      "const hog: Float64Array[] = [];\nwhile (true) hog.push(new Float64Array(1 << 20).fill(1));\nfunction double(x: number): number {\n  return 2 * x;\n}";
    const run = await gradeClass(
      "memory",
      { a_hog: withCell(right(released), "a-double", hog), b_fine: right(released) },
      { jobs: 1, memoryMb: 700, cellTimeoutMs: 60_000 },
    );
    const c = cellOf(run, "a_hog", "t-double");
    assert.equal(c.status, "crashed");
    assert.match(c.message, /memory cap/);
    assert.equal(scoreOf(run, "b_fine"), 5);
  });
});

describe("twenty submissions with --jobs 2", () => {
  it("grades each as it would alone, and the CSV, JSON and feedback agree", async () => {
    const kinds = [right(released), released, withCell(released, "a-double", ANSWERS.double)];
    const expected = [5, 0, 2];
    const students = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`s${String(i).padStart(2, "0")}`, kinds[i % 3]!]));
    const run = await gradeClass("twenty", students, { jobs: 2 });
    assert.equal(run.grades.length, 20);
    run.grades.forEach((g, i) => assert.equal(g.score, expected[i % 3], g.student));
    checkReports(run);
  });
});

mkdirSync(root, { recursive: true });
