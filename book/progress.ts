import type { CellProgress } from "./execute-notebook.js";

/** Options of {@link progressReporter}. */
export interface ProgressOptions {
  /** Where lines go (default process.stderr). */
  stream?: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean };
}

/** What the build tells the progress display. */
export interface ProgressReporter {
  /** A chapter is about to run (its kernel is starting). */
  start(position: number, count: number, slug: string): void;
  /** A cell started or finished in chapter `position` of `count`. */
  cell(position: number, count: number, slug: string, progress: CellProgress): void;
  /** A chapter is done (ran, came from the cache, or failed). */
  chapter(position: number, count: number, slug: string, outcome: string): void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The build's progress display: on a terminal one line rewritten in place (`[3/12] 02-depth  cell 7/23  41.2 s`),
 * elsewhere (CI logs) one line per finished cell; either way a line per chapter with its outcome.
 *
 * @example
 * const progress = progressReporter();
 * progress.chapter(1, 12, "00-welcome", "cached");
 */
export function progressReporter(options: ProgressOptions = {}): ProgressReporter {
  const { stream = process.stderr } = options;
  const tty = Boolean(stream.isTTY);
  let pending = false;
  return {
    start(position, count, slug) {
      const line = `[${position}/${count}] ${slug}  starting a kernel`;
      if (tty) {
        stream.write(`\r\x1b[K${line} …`);
        pending = true;
      } else stream.write(line + "\n");
    },
    cell(position, count, slug, p) {
      const line = `[${position}/${count}] ${slug}  cell ${p.cell}/${p.cells}  ${seconds(p.elapsedMs)}`;
      if (tty) {
        stream.write(`\r\x1b[K${line}${p.phase === "start" ? " …" : ""}`);
        pending = true;
      } else if (p.phase === "done") stream.write(line + "\n");
    },
    chapter(position, count, slug, outcome) {
      if (pending) stream.write("\r\x1b[K");
      pending = false;
      stream.write(`[${position}/${count}] ${slug}: ${outcome}\n`);
    },
  };
}
