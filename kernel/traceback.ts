import { CHECK_NAME } from "./interrupt-checks.js";

/** A cell failure as Jupyter's `error` message carries it. */
export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** A TypeScript diagnostic as tslab reports it: zero-based line and column in the cell. */
export interface CellDiagnostic {
  line: number;
  character: number;
  message: string;
  fileName: string;
}

/**
 * Formats type errors like a compiler: `Cell In[3], line 2, col 5: …`, the line, and a caret.
 *
 * @example
 * diagnosticsError("let y: number = 'a'", [{ line: 0, character: 4, message: "Type 'string' is not assignable to type 'number'.", fileName: "" }], 3)
 */
export function diagnosticsError(code: string, diagnostics: readonly CellDiagnostic[], count: number | null): CellError {
  const lines = code.split("\n");
  const traceback = diagnostics.flatMap((d) => {
    if (d.fileName !== "") return [`${d.fileName}:${d.line + 1}:${d.character + 1} - ${d.message}`];
    const src = lines[d.line] ?? "";
    return [`${cellName(count)}, line ${d.line + 1}, col ${d.character + 1}: ${d.message}`, `  ${src}`, `  ${" ".repeat(d.character)}^`];
  });
  const first = diagnostics[0];
  const n = diagnostics.length;
  return {
    ename: "TypeScriptError",
    evalue: `${first?.message ?? "type error"}${n > 1 ? ` (and ${n - 1} more)` : ""}`,
    traceback,
  };
}

/**
 * Formats a runtime exception: the error, the cell line it came from (found by matching the failing
 * line of the compiled JavaScript against the TypeScript source), and the library frames below it.
 */
export function runtimeError(error: unknown, code: string, compiled: string, count: number | null): CellError {
  if (!(error instanceof Error)) {
    return { ename: "Thrown", evalue: safeString(error), traceback: [`Thrown value: ${safeString(error)}`] };
  }
  const name = error.name || "Error";
  const stack = typeof error.stack === "string" ? error.stack : "";
  const frames = stack.split("\n").filter((l) => /^\s+at /.test(l));
  const traceback = [`${name}: ${error.message}`];
  const cellFrame = frames.find((l) => l.includes("evalmachine.<anonymous>:"));
  const m = cellFrame ? /evalmachine\.<anonymous>:(\d+):(\d+)/.exec(cellFrame) : null;
  if (m) {
    const jsLine = compiled.split("\n")[Number(m[1]) - 1] ?? "";
    const line = matchSourceLine(code, jsLine);
    if (line !== null) traceback.push(`${cellName(count)}, line ${line + 1}:`, `> ${code.split("\n")[line]}`);
  }
  const library = frames.filter(
    (l) => !l.includes("evalmachine.<anonymous>") && !/\(node:|at node:|tslab[\\/]dist|[\\/]kernel[\\/]/.test(l),
  );
  traceback.push(...library.slice(0, 10).map((l) => l.trim()));
  return { ename: name, evalue: error.message, traceback };
}

/**
 * The zero-based line of `code` most like `jsLine` (the TypeScript line the compiled line came from),
 * scored by shared identifier, string and number tokens; null when nothing matches.
 */
export function matchSourceLine(code: string, jsLine: string): number | null {
  const want = tokens(jsLine);
  if (want.length === 0) return null;
  let best: number | null = null;
  let bestScore = 0;
  code.split("\n").forEach((line, i) => {
    const have = new Set(tokens(line));
    const score = want.filter((t) => have.has(t)).length / Math.max(want.length, have.size);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return bestScore >= 0.3 ? best : null;
}

function tokens(line: string): string[] {
  return (line.match(/"[^"]*"|'[^']*'|`[^`]*`|[A-Za-z_$][\w$]*|\d+(\.\d+)?/g) ?? [])
    .map((t) => t.replace(/^['`]|['`]$/g, '"'))
    .filter((t) => !["exports", "const", "let", "var", "await", "return", CHECK_NAME].includes(t));
}

function cellName(count: number | null): string {
  return count === null ? "Cell" : `Cell In[${count}]`;
}

function safeString(value: unknown): string {
  try {
    return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}
