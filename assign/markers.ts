// The markers of a source notebook, nbgrader's with TypeScript comments: in code cells `// BEGIN SOLUTION` …
// `// END SOLUTION` and `// BEGIN HIDDEN TESTS` … `// END HIDDEN TESTS`; in markdown cells `<!-- BEGIN SOLUTION -->`
// … `<!-- END SOLUTION -->`. Each marker stands alone on its line; regions do not nest.
import { SourceError } from "./source-error.js";

/** What a region holds. */
export type RegionKind = "solution" | "hidden tests";

/** A region of a cell's source: the lines of its BEGIN and END markers (0-based, inclusive). */
export interface Region {
  kind: RegionKind;
  begin: number;
  end: number;
}

const CODE: Record<string, { kind: RegionKind; begin: boolean }> = {
  "BEGIN SOLUTION": { kind: "solution", begin: true },
  "END SOLUTION": { kind: "solution", begin: false },
  "BEGIN HIDDEN TESTS": { kind: "hidden tests", begin: true },
  "END HIDDEN TESTS": { kind: "hidden tests", begin: false },
};

/** The marker on a line, if the line is one: `// BEGIN SOLUTION` in code, `<!-- BEGIN SOLUTION -->` in markdown. */
function markerOf(line: string, cellType: "code" | "markdown"): { kind: RegionKind; begin: boolean; text: string } | null {
  const m = cellType === "code" ? /^\s*\/\/\s*([A-Z ]+?)\s*$/.exec(line) : /^\s*<!--\s*([A-Z ]+?)\s*-->\s*$/.exec(line);
  const found = m ? CODE[m[1]!] : undefined;
  return found ? { ...found, text: line.trim() } : null;
}

/**
 * The solution and hidden-test regions of a cell's source, checked: every BEGIN has its END, regions do not nest,
 * and markdown has no hidden tests. `cell` (1-based) names the cell in errors.
 *
 * @example
 * findRegions("const x = 1;\n// BEGIN SOLUTION\nreturn x;\n// END SOLUTION", "code", 3)
 * // [{ kind: "solution", begin: 1, end: 3 }]
 */
export function findRegions(source: string, cellType: "code" | "markdown", cell: number): Region[] {
  const lines = source.split("\n");
  const regions: Region[] = [];
  let open: { kind: RegionKind; begin: number; text: string } | null = null;
  lines.forEach((line, i) => {
    const marker = markerOf(line, cellType);
    if (!marker) return;
    if (cellType === "markdown" && marker.kind === "hidden tests")
      throw new SourceError(
        cell,
        i + 1,
        `${marker.text}: hidden tests belong in code cells, as // BEGIN HIDDEN TESTS … // END HIDDEN TESTS`,
      );
    if (marker.begin) {
      if (open)
        throw new SourceError(
          cell,
          i + 1,
          `${marker.text} inside the region opened by ${open.text} on line ${open.begin + 1}: regions do not nest`,
        );
      open = { kind: marker.kind, begin: i, text: marker.text };
    } else {
      if (!open) throw new SourceError(cell, i + 1, `${marker.text} without a BEGIN before it`);
      if (open.kind !== marker.kind) throw new SourceError(cell, i + 1, `${marker.text} closes ${open.text} (line ${open.begin + 1})`);
      regions.push({ kind: open.kind, begin: open.begin, end: i });
      open = null;
    }
  });
  const unclosed = open as { begin: number; text: string } | null;
  if (unclosed) throw new SourceError(cell, unclosed.begin + 1, `${unclosed.text} is never closed`);
  return regions;
}

/**
 * A cell's source without its hidden tests (markers included), for the student version.
 *
 * @example
 * withoutHiddenTests("check(a);\n// BEGIN HIDDEN TESTS\ncheck(b);\n// END HIDDEN TESTS", 4) // "check(a);"
 */
export function withoutHiddenTests(source: string, cell: number): string {
  const lines = source.split("\n");
  const hidden = findRegions(source, "code", cell).filter((r) => r.kind === "hidden tests");
  const dropped = new Set(hidden.flatMap((r) => Array.from({ length: r.end - r.begin + 1 }, (_, k) => r.begin + k)));
  return lines.filter((_, i) => !dropped.has(i)).join("\n");
}
