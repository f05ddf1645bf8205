import * as ts from "@tslab/typescript-for-tslab";

const ES_MODULE_LINE = 'Object.defineProperty(exports, "__esModule", { value: true });';
const HEADER = /^exports\.[\w$]+ = (?:exports\.[\w$]+ = )*void 0;$/;

/**
 * Finds the lines TypeScript puts at the top of a compiled cell to reset every name the cell declares
 * (`exports.a = exports.b = void 0;`), blanks them (so line numbers stay), and returns the names. Without
 * the reset, a declaration the cell never reached keeps the value an earlier cell gave it, as in Python.
 * `declared` is the set of names the cell's source declares at top level (a user's `x = void 0` on an
 * earlier cell's `x` is not a header); `tsLastExpr`, tslab's slot for the cell's value, always is.
 *
 * @example
 * takeResetHeader('Object.defineProperty(exports, "__esModule", { value: true });\nexports.d = void 0;\nconst d = 1;\nexports.d = d;', new Set(["d"]))
 * // { code: '…\n\nconst d = 1;\nexports.d = d;', names: ["d"] }
 */
export function takeResetHeader(compiled: string, declared: ReadonlySet<string>): { code: string; names: string[] } {
  const lines = compiled.split("\n");
  const start = lines.indexOf(ES_MODULE_LINE);
  if (start < 0) return { code: compiled, names: [] };
  const names: string[] = [];
  for (let i = start + 1; i < lines.length && HEADER.test(lines[i]!); i++) {
    const here = [...lines[i]!.matchAll(/exports\.([\w$]+) =/g)].map((m) => m[1]!);
    if (here.some((n) => names.includes(n) || (n !== "tsLastExpr" && !declared.has(n)))) break;
    names.push(...here);
    lines[i] = "";
  }
  return { code: lines.join("\n"), names: names.filter((n) => n !== "tsLastExpr") };
}

/**
 * The names a cell declares at its top level (variables, functions, classes, enums, namespaces, imports),
 * the ones that exist at run time.
 *
 * @example
 * topLevelNames("const { a, b: [c] } = o; function f() {} interface I {}") // Set { "a", "c", "f" }
 */
export function topLevelNames(source: string): Set<string> {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names = new Set<string>();
  for (const statement of file.statements) for (const n of runtimeNames(statement)) names.add(n);
  return names;
}

/**
 * The declarations the next cell is checked against after a cell failed part-way (a runtime error or an
 * interrupt). `next` is what tslab produced for the whole cell, `previous` what held before it. A
 * declaration of the cell is kept when it was assigned before the failure (`reached`); one that was not
 * falls back to its earlier declaration, if any, whose value is still there; type-only declarations
 * (interfaces, type aliases) are always kept.
 *
 * @example
 * keepReached("declare const d = 1;", "declare const d = 2;\ndeclare const m = 3;", new Set(["d", "m"]), new Set())
 * // "declare const d = 1;\n": neither ran, so d keeps its old declaration and m does not exist
 */
export function keepReached(previous: string, next: string, declared: ReadonlySet<string>, reached: ReadonlySet<string>): string {
  const prev = parse(previous);
  const out: string[] = [];
  const restore = new Set<string>();
  for (const statement of parse(next).statements) {
    const names = runtimeNames(statement).filter((n) => declared.has(n));
    if (names.length === 0 || names.every((n) => reached.has(n))) {
      out.push(statement.getFullText().trim());
      continue;
    }
    for (const n of names) if (!reached.has(n)) restore.add(n);
    const kept = variablesNamed(statement, (n) => reached.has(n));
    if (kept) out.push(kept);
  }
  for (const statement of prev.statements) {
    const names = runtimeNames(statement);
    if (!names.some((n) => restore.has(n))) continue;
    if (names.every((n) => restore.has(n))) out.push(statement.getFullText().trim());
    else {
      const kept = variablesNamed(statement, (n) => restore.has(n));
      if (kept) out.push(kept);
    }
  }
  return out.map((s) => s + "\n").join("");
}

function parse(text: string): ts.SourceFile {
  return ts.createSourceFile("decl.d.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** The run-time names a statement declares; none for interfaces and type aliases. */
function runtimeNames(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.flatMap((d) => bindingNames(d.name));
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) {
    return statement.name ? [statement.name.text] : [];
  }
  if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) return [statement.name.text];
  if (ts.isImportEqualsDeclaration(statement)) return [statement.name.text];
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (!clause || clause.isTypeOnly) return [];
    const names = clause.name ? [clause.name.text] : [];
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text));
    return names;
  }
  return [];
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

/** A variable statement cut down to the declarators whose names all pass `keep`, or null. */
function variablesNamed(statement: ts.Statement, keep: (name: string) => boolean): string | null {
  if (!ts.isVariableStatement(statement)) return null;
  const list = statement.declarationList;
  const kept = list.declarations.filter((d) => bindingNames(d.name).every(keep));
  if (kept.length === 0) return null;
  const keyword = list.flags & ts.NodeFlags.Const ? "const" : list.flags & ts.NodeFlags.Let ? "let" : "var";
  return `declare ${keyword} ${kept.map((d) => d.getText()).join(", ")};`;
}
