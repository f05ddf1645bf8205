import * as ts from "@tslab/typescript-for-tslab";

/** The name of the check a compiled cell calls at every loop iteration and function entry. */
export const CHECK_NAME = "$$depthlabCheck";

/**
 * Puts a call of the interrupt check at the top of every loop body and every function body of a compiled
 * cell, so that an interrupt stops a synchronous loop anywhere in the cell (before or after an `await`,
 * in a function the cell defines, in a `setTimeout` chain). The check is one shared-memory read; it throws
 * when the kernel's I/O thread has flagged an interrupt. Only columns move: every line keeps its number,
 * so tracebacks still point at the right line.
 *
 * @example
 * insertChecks("while (busy) step();") // "while (busy) { $$depthlabCheck(); step(); }"
 */
export function insertChecks(js: string, check: string = CHECK_NAME): string {
  const file = ts.createSourceFile("cell.js", js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  // Insertions only, never replacements, so nested loops need no special case. Closing braces of nested
  // bodies can fall on one position: the outer one is applied first and so ends up last.
  const inserts: { at: number; depth: number; text: string }[] = [];
  const call = `${check}();`;
  const visit = (node: ts.Node, depth: number): void => {
    let body: ts.Node | undefined;
    if (ts.isIterationStatement(node, false)) body = node.statement;
    else if (ts.isFunctionLike(node) && "body" in node) body = node.body as ts.Node | undefined;
    if (body && ts.isBlock(body)) inserts.push({ at: body.getStart(file) + 1, depth, text: ` ${call}` });
    else if (body && ts.isIterationStatement(node, false)) {
      inserts.push({ at: body.getStart(file), depth, text: `{ ${call} ` }, { at: body.end, depth, text: " }" });
    }
    ts.forEachChild(node, (child) => visit(child, depth + 1));
  };
  visit(file, 0);
  inserts.sort((a, b) => b.at - a.at || a.depth - b.depth);
  let out = js;
  for (const i of inserts) out = out.slice(0, i.at) + i.text + out.slice(i.at);
  return out;
}
