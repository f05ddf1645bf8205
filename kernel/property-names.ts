import * as ts from "@tslab/typescript-for-tslab";

/**
 * Rewrites property names in a cell so tslab's converter leaves them alone. tslab turns every identifier that
 * resolves to a variable of an earlier cell into `exports.name`, but it resolves property names too: `{ x }` keeps
 * a bare `x` (a "not defined" error at run time) and `{ f: 1 }` or `const { f: g } = o` can become
 * `exports.f` in a name position. The rewrite is meaning-preserving: `{ x }` → `{ "x": x }`, and property names
 * in object literals and destructuring patterns become string literals (`{ "f": 1 }`, `{ "f": g }`). Only columns
 * on the rewritten lines move; line numbers stay.
 *
 * @example
 * protectPropertyNames("fit(model, { x, y: labels })") // 'fit(model, { "x": x, "y": labels })'
 */
export function protectPropertyNames(code: string): string {
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  const quote = (name: ts.Identifier, text: string) => edits.push({ start: name.getStart(file), end: name.end, text });
  const visit = (node: ts.Node): void => {
    if (ts.isShorthandPropertyAssignment(node) && !node.objectAssignmentInitializer) {
      quote(node.name, `${JSON.stringify(node.name.text)}: ${node.name.text}`);
    } else if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name)) {
      quote(node.name, JSON.stringify(node.name.text));
    } else if (ts.isBindingElement(node) && node.propertyName && ts.isIdentifier(node.propertyName)) {
      quote(node.propertyName, JSON.stringify(node.propertyName.text));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (edits.length === 0) return code;
  edits.sort((a, b) => b.start - a.start);
  let out = code;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
