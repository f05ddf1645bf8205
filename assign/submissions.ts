import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** One student's file for one notebook of the assignment (null when the student handed none in). */
export interface Submission {
  student: string;
  notebook: string;
  file: string | null;
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/**
 * The submissions in `dir` for the given notebooks: `dir/<student>/<notebook>.ipynb`, or nbgrader's
 * `dir/<student>/<assignment>/<notebook>.ipynb` (any one folder level between). Every student folder yields one
 * entry per notebook, with `file: null` when it is missing. Hidden folders (`.ipynb_checkpoints`, `.git`) are skipped.
 *
 * @example
 * findSubmissions("submitted", ["depth-and-pieces"])
 * // [{ student: "ada", notebook: "depth-and-pieces", file: "submitted/ada/depth-and-pieces.ipynb" }, …]
 */
export function findSubmissions(dir: string, notebooks: readonly string[]): Submission[] {
  if (!isDir(dir)) throw new Error(`grade: SUBMISSIONS_DIR must be a folder of student folders, got ${JSON.stringify(dir)}`);
  const students = readdirSync(dir)
    .filter((name) => !name.startsWith(".") && isDir(join(dir, name)))
    .sort();
  if (students.length === 0) throw new Error(`grade: ${dir} holds no student folders (expected ${dir}/<student>/<notebook>.ipynb)`);
  return students.flatMap((student) =>
    notebooks.map((notebook) => {
      const direct = join(dir, student, `${notebook}.ipynb`);
      if (existsSync(direct)) return { student, notebook, file: direct };
      const nested = readdirSync(join(dir, student))
        .filter((sub) => !sub.startsWith(".") && isDir(join(dir, student, sub)))
        .map((sub) => join(dir, student, sub, `${notebook}.ipynb`))
        .find((f) => existsSync(f));
      return { student, notebook, file: nested ?? null };
    }),
  );
}

/**
 * The source notebooks in `dir`: `dir/*.ipynb`, or nbgrader's `dir/<assignment>/*.ipynb`, by name (without .ipynb).
 *
 * @example
 * findSources("assignments/depth-and-pieces/source") // [{ name: "depth-and-pieces", file: "…/depth-and-pieces.ipynb" }]
 */
export function findSources(dir: string): { name: string; file: string }[] {
  if (!isDir(dir)) throw new Error(`grade: --source must be a folder of source notebooks, got ${JSON.stringify(dir)}`);
  const here = (d: string) =>
    readdirSync(d)
      .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
      .map((f) => join(d, f));
  let files = here(dir);
  if (files.length === 0)
    files = readdirSync(dir)
      .filter((d) => !d.startsWith(".") && isDir(join(dir, d)))
      .flatMap((d) => here(join(dir, d)));
  if (files.length === 0) throw new Error(`grade: no .ipynb in ${dir} (nor in its sub-folders)`);
  const sources = files.sort().map((file) => ({ name: basename(file, ".ipynb"), file }));
  const names = new Set<string>();
  for (const s of sources) {
    if (names.has(s.name))
      throw new Error(`grade: two source notebooks are named ${s.name}.ipynb (in ${dirname(s.file)}); names must differ`);
    names.add(s.name);
  }
  return sources;
}
