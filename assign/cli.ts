import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { assignNotebooks } from "./assign.js";
import { DEFAULT_JOBS, grade } from "./grade.js";
import type { GradingSandbox } from "./grade-notebook.js";
import { assertPrivate, chooseSandbox, sandboxWrap, type SandboxKind } from "./sandbox.js";
import { validateNotebook, validationReport } from "./validate.js";

/** The usage of the three assignment commands, for `depthlab --help`. */
export const ASSIGN_USAGE = `  depthlab assign SOURCE.ipynb… --out DIR  writes each source's student version (stubs, no hidden tests) after
                                           checking it type-checks and that the source passes its own tests
  depthlab validate NOTEBOOK.ipynb…        runs a notebook in a fresh kernel and reports its visible tests
           [--timeout S]
  depthlab grade --source DIR SUBMISSIONS --out DIR   grades every SUBMISSIONS/<student>/<notebook>.ipynb in a sandbox
           [--timeout S] [--memory MB] [--wall S] [--jobs N] [--sandbox auto|bwrap|user|none]`;

function positive(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max)
    throw new Error(`${name} must be a number above 0 and at most ${max}, got ${JSON.stringify(text)}`);
  return n;
}

/** `depthlab assign …` */
async function assignCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: "string" }, "no-run": { type: "boolean" } },
  });
  if (!values.out) throw new Error("assign: --out DIR is required (where the student versions go)");
  await assignNotebooks(positionals, { out: values.out, run: !values["no-run"], log: (line) => process.stderr.write(line + "\n") });
  return 0;
}

/** `depthlab validate …`: exit code 0 when every visible test passes. */
async function validateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { timeout: { type: "string" } } });
  if (positionals.length === 0) throw new Error("validate: give the notebook(s) to check");
  const cellTimeoutMs = positive("--timeout", values.timeout, 60, 86_400) * 1000;
  let failed = 0;
  for (const file of positionals) {
    const cells = await validateNotebook(file, { cellTimeoutMs });
    process.stdout.write(validationReport(file, cells) + "\n");
    failed += cells.filter((c) => c.status !== "passed").length;
  }
  return failed === 0 ? 0 : 1;
}

/** `depthlab grade …` */
async function gradeCommand(argv: string[]): Promise<number> {
  const options = {
    source: { type: "string" },
    out: { type: "string" },
    timeout: { type: "string" },
    memory: { type: "string" },
    wall: { type: "string" },
    jobs: { type: "string" },
    sandbox: { type: "string" },
  } as const;
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options });
  if (!values.source) throw new Error("grade: --source DIR is required (the source notebooks, with hidden tests)");
  if (!values.out) throw new Error("grade: --out DIR is required (where grades.csv, grades.json and feedback/ go)");
  if (positionals.length !== 1) throw new Error(`grade: give exactly one SUBMISSIONS folder, got ${positionals.length}`);
  const kind = (values.sandbox ?? "auto") as SandboxKind | "auto";
  const plan = chooseSandbox(kind);
  if (plan.kind === "user") {
    // the throw-away user sees the whole file system with ordinary rights: the instructor's folders must be closed
    mkdirSync(values.out, { recursive: true, mode: 0o700 });
    for (const dir of [values.source, positionals[0]!, values.out]) assertPrivate(dir);
  }
  const memoryMb = positive("--memory", values.memory, 2048, 1_000_000);
  const cellTimeoutMs = positive("--timeout", values.timeout, 60, 86_400) * 1000;
  const sandbox: GradingSandbox = {
    describe: plan.description,
    open: (workDir) => sandboxWrap(plan, { workDir, memoryMb }),
  };
  const run = await grade({
    sourceDir: values.source,
    submissionsDir: positionals[0]!,
    out: values.out,
    jobs: Math.round(positive("--jobs", values.jobs, DEFAULT_JOBS, 256)),
    sandbox,
    cellTimeoutMs,
    wallMs: positive("--wall", values.wall, 30 * 60, 7 * 86_400) * 1000,
    memoryMb,
  });
  const minutes = run.elapsedMs / 60_000;
  process.stderr.write(
    `graded ${run.results.length} notebook(s) of ${run.grades.length} student(s) in ${(run.elapsedMs / 1000).toFixed(1)} s ` +
      `(${(run.results.length / minutes).toFixed(1)} a minute); isolation: ${plan.description}\n` +
      `wrote ${values.out}/grades.csv, grades.json, summary.html and feedback/\n`,
  );
  return 0;
}

/**
 * Runs one of the assignment commands (`assign`, `validate`, `grade`); resolves with the exit code.
 *
 * @example
 * process.exitCode = await assignMain(["validate", "release/hw1.ipynb"]);
 */
export async function assignMain(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`usage:\n${ASSIGN_USAGE}\n`);
    return 0;
  }
  switch (command) {
    case "assign":
      return assignCommand(rest);
    case "validate":
      return validateCommand(rest);
    case "grade":
      return gradeCommand(rest);
    default:
      throw new Error(`unknown assignment command ${JSON.stringify(command)}; the commands are assign, validate and grade`);
  }
}
