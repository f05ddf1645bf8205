import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { grade } from "../../assign/grade.js";
import { releaseNotebook } from "../../assign/release.js";
import { chooseSandbox, sandboxWrap } from "../../assign/sandbox.js";
import { readAssignment } from "../../assign/source-notebook.js";
import { readNotebook } from "../../book/notebook.js";
import { PACKAGE_ROOT } from "../../lib/version.js";

// The three course assignments end to end: the committed student version is what `depthlab assign` makes from the
// source today, and grading the committed example submissions (assignments/<name>/submitted/) gives the solutions
// full marks, the untouched student version 0 with every test failed (not crashed), and the partial answer what the
// tests it satisfies are worth, worked out by hand below from the cells each answer feeds.
const plan = chooseSandbox("auto");
const root = mkdtempSync(join(tmpdir(), "depthlab-assignments-test-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** Per assignment: the partial submission's points per test cell, and why. */
const PARTIAL: Record<string, { points: Record<string, number>; why: string }> = {
  "depth-and-pieces": {
    // cy-partial left tentNetWeights as the stub: the three tent tests and the comparison table (built from the tent
    // net) fail; the shallow net, the unit count and the crossover rule (tested on made-up tables) pass: 3 + 1 + 1.
    points: {
      "tent-shape": 0,
      "tent-values": 0,
      "tent-pieces": 0,
      "shallow-net": 3,
      "shallow-units": 1,
      "compare-table": 0,
      "deep-wins-from": 1,
    },
    why: "tent net left as the stub",
  },
  "deep-training": {
    // cy-partial builds a plain depth-20 MLP (PyTorch's default init, no normalisation): its shape is right (2), but
    // with SGD it stays at chance, so neither accuracy test passes.
    points: { "net-shape": 2, "accuracy-my-seed": 0, "accuracy-other-seeds": 0 },
    why: "a plain deep MLP",
  },
  "fractal-depth": {
    // cy-partial left inCantor as the stub: membership and the sampled curve (which counts members) fail; the exact
    // curve, the level nets, the depth needed and the width bound do not use it: 3 + 3 + 2 + 1.
    points: { membership: 0, "exact-curve": 3, "sampled-curve": 0, "level-nets": 3, "depth-needed": 2, "width-bound": 1 },
    why: "Cantor membership left as the stub",
  },
};

for (const name of Object.keys(PARTIAL)) {
  describe(`assignment ${name}`, () => {
    const dir = join(PACKAGE_ROOT, "assignments", name);
    const assignment = readAssignment(readNotebook(join(dir, "source", `${name}.ipynb`)), name);

    it("has a committed student version equal to what depthlab assign makes now", () => {
      const fresh = JSON.stringify(releaseNotebook(assignment), null, 1) + "\n";
      assert.equal(
        readFileSync(join(dir, "release", `${name}.ipynb`), "utf8"),
        fresh,
        `run: npx depthlab assign assignments/${name}/source/${name}.ipynb --out assignments/${name}/release`,
      );
    });

    it("grades the example submissions: solutions full, untouched 0 (all failed), partial as worked out", async () => {
      const run = await grade({
        sourceDir: join(dir, "source"),
        submissionsDir: join(dir, "submitted"),
        out: join(root, name),
        jobs: 2,
        sandbox: { describe: plan.description, open: (workDir) => sandboxWrap(plan, { workDir, memoryMb: 2048 }) },
        cellTimeoutMs: 120_000,
        wallMs: 900_000,
        memoryMb: 2048,
        progress: { write: () => true, isTTY: false },
      });
      const by = new Map(run.grades.map((g) => [g.student, g]));
      const solved = by.get("ada-solved")!;
      assert.equal(solved.score, assignment.autoPoints, JSON.stringify(solved.cells.filter((c) => c.status !== "passed")));
      const untouched = by.get("ben-untouched")!;
      assert.equal(untouched.score, 0);
      for (const c of untouched.cells) assert.equal(c.status, "failed", `${c.grade_id}: ${c.message}`);
      const partial = by.get("cy-partial")!;
      const got = Object.fromEntries(partial.cells.map((c) => [c.grade_id, c.points]));
      assert.deepEqual(got, PARTIAL[name]!.points, PARTIAL[name]!.why);
      for (const g of run.grades) assert.deepEqual(g.flags, [], `${g.student} changed no locked cell`);
    });
  });
}
