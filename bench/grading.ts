// Grading throughput: how many submissions a minute `depthlab grade` gets through with --jobs 1 and --jobs 2, for
// each of the three course assignments, in the sandbox grading would use (bubblewrap here). The submissions are half
// perfect (the source's solutions) and half the untouched student version, so both the full run and the early
// failures count. Reference point in the same run: the source notebook run once, unsandboxed, in a fresh kernel.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { grade } from "../assign/grade.js";
import { releaseNotebook } from "../assign/release.js";
import { runCells } from "../assign/run-cells.js";
import { chooseSandbox, sandboxWrap } from "../assign/sandbox.js";
import { solvedSubmission } from "../assign/solved.js";
import { readAssignment } from "../assign/source-notebook.js";
import { KernelClient } from "../book/kernel-client.js";
import { readNotebook } from "../book/notebook.js";
import { PACKAGE_ROOT } from "../lib/version.js";
import { cpuDescription, loadAverage } from "./machine.js";

const ASSIGNMENTS = ["depth-and-pieces", "deep-training", "fractal-depth"];
const SUBMISSIONS = Number(process.env["BENCH_SUBMISSIONS"] ?? 6);

async function main(): Promise<void> {
  const plan = chooseSandbox("auto");
  const rows: string[] = [];
  for (const name of ASSIGNMENTS) {
    const sourceDir = join(PACKAGE_ROOT, "assignments", name, "source");
    const assignment = readAssignment(readNotebook(join(sourceDir, `${name}.ipynb`)), name);
    const released = releaseNotebook(assignment, { typeCheck: false });
    const solved = solvedSubmission(assignment, released);
    const root = mkdtempSync(join(tmpdir(), "depthlab-bench-grade-"));
    try {
      for (let i = 0; i < SUBMISSIONS; i++) {
        const dir = join(root, "submitted", `student${i}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${name}.ipynb`), JSON.stringify(i % 2 === 0 ? solved : released));
      }
      const t0 = performance.now();
      const code = assignment.cells.filter((c) => c.cell.cell_type === "code").map((c) => c.cell.source);
      await runCells(code, { startKernel: () => KernelClient.start({ cwd: sourceDir }), cellTimeoutMs: 600_000, wallMs: 3_600_000 });
      const once = (performance.now() - t0) / 1000;
      const perMinute: number[] = [];
      for (const jobs of [1, 2]) {
        const run = await grade({
          sourceDir,
          submissionsDir: join(root, "submitted"),
          out: join(root, `out-${jobs}`),
          jobs,
          sandbox: { describe: plan.description, open: (workDir) => sandboxWrap(plan, { workDir, memoryMb: 2048 }) },
          cellTimeoutMs: 600_000,
          wallMs: 3_600_000,
          memoryMb: 2048,
          progress: { write: () => true, isTTY: false },
        });
        const full = run.grades.filter((g) => g.score === g.max_score).length;
        if (full !== Math.ceil(SUBMISSIONS / 2))
          throw new Error(`${name}: ${full} perfect submissions scored full marks, expected ${Math.ceil(SUBMISSIONS / 2)}`);
        perMinute.push(SUBMISSIONS / (run.elapsedMs / 60_000));
        process.stdout.write(`${name} --jobs ${jobs}: ${SUBMISSIONS} submissions in ${(run.elapsedMs / 1000).toFixed(1)} s\n`);
      }
      rows.push(
        `| ${name} | ${once.toFixed(1)} | ${perMinute[0]!.toFixed(1)} | ${perMinute[1]!.toFixed(1)} | ${(perMinute[1]! / perMinute[0]!).toFixed(2)}× |`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const report = [
    `# Grading throughput (${new Date().toISOString().slice(0, 10)})`,
    "",
    `Machine: ${cpuDescription()}, Node ${process.versions.node}, load average ${loadAverage()} at the end. Isolation: ${plan.description}.`,
    `Each row grades ${SUBMISSIONS} submissions (half the source's solutions, half the untouched student version) with \`depthlab grade\`'s`,
    "code, each in a fresh sandboxed kernel; the time includes kernel starts, the sandbox, feedback pages and reports.",
    "The reference column runs the source notebook once in a fresh unsandboxed kernel (what one submission costs at least).",
    "",
    "| assignment | source run once (s) | submissions a minute, --jobs 1 | --jobs 2 | speed-up |",
    "|---|---:|---:|---:|---:|",
    ...rows,
    "",
  ].join("\n");
  writeFileSync(join(PACKAGE_ROOT, "bench", "grading.md"), report);
  process.stdout.write(report);
}

void main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
