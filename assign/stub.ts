// The student's version of a code cell: each solution region becomes a stub that still type-checks in the kernel.
// Longer than most files here because it is one concept with one rule per kind of statement (functions, variables,
// everything else) and per place (top level, a function's body); the rules are listed on stubSolutions.
import * as ts from "@tslab/typescript-for-tslab";
import { findRegions, type Region } from "./markers.js";
import { SourceError } from "./source-error.js";

const THROW = 'throw new Error("not implemented");';
const YOUR_CODE = "// YOUR CODE HERE";
// TypeScript has no throw expression (`throw` is a statement), so a variable's stub value is an immediately-invoked
// arrow that throws: its type is `never`, which is assignable to whatever type the variable declares, and running it
// fails with the same message as a stubbed function. A cast (`undefined as unknown as T`) would type-check too, but the
// student's untouched cell would then run silently and fail later, far from the answer it is missing.
const STUB_VALUE = `(() => { ${THROW} })()`;

/**
 * The student's version of a code cell of a source notebook: every solution region (`// BEGIN SOLUTION` …
 * `// END SOLUTION`, markers included) is replaced by a stub that keeps the declared types, so later cells still
 * type-check against it. `cell` (1-based) names the cell in errors; `declarations` is the kernel's `declOutput` for
 * this cell (see {@link cellDeclarations}): it gives the types the solution leaves to inference.
 *
 * The rules, for each statement of a region:
 * - a function keeps its name, type parameters, parameters and return type (the declared one when the source leaves
 *   it out); its body becomes `// YOUR CODE HERE` and `throw new Error("not implemented");`, or only the comment when
 *   it returns `void` (`Promise<void>` when async);
 * - a variable keeps its name and type, with a throwing value; one initialised with an arrow or function expression
 *   keeps the function's parameters and gets a stubbed body, as a function does. A literal constant's type is widened
 *   (`const depth = 3` becomes `const depth: number`), so the stub does not give the answer away;
 * - interfaces, type aliases, enums and imports are kept as they are (later code needs them to type-check);
 * - anything else (expressions, loops, `await`s, `return`s) is dropped. At top level, a region that dropped something
 *   ends with `// YOUR CODE HERE` and a `throw`, so the untouched cell fails with a clear message (nbgrader's
 *   `raise NotImplementedError()`); inside a function's body, a region always ends with `// YOUR CODE HERE`, and with a
 *   `throw` when the function returns a value (when the function's return type was left to inference, the declared
 *   one is written into its signature).
 *
 * A variable local to a function whose type the stub cannot know (no annotation, not a literal) is dropped when
 * nothing after the region uses it, and refused otherwise. Refused too, with a {@link SourceError} naming the cell and
 * line: a region that does not hold whole statements of one block, a class in a region (put the markers inside its
 * methods), and a function that returns a value whose return type is neither written nor declared. Hidden-test
 * regions are left alone. The region's indentation is kept.
 *
 * @example
 * stubSolutions("// BEGIN SOLUTION\nfunction f(x: number) {\n  return x * 2;\n}\n// END SOLUTION", 2, "declare function f(x: number): number;")
 * // 'function f(x: number): number {\n  // YOUR CODE HERE\n  throw new Error("not implemented");\n}'
 */
export function stubSolutions(source: string, cell: number, declarations?: string): string {
  if (!Number.isInteger(cell) || cell < 1) throw new RangeError(`stubSolutions: cell must be a 1-based cell number, got ${cell}`);
  const regions = findRegions(source, "code", cell).filter((r) => r.kind === "solution");
  if (regions.length === 0) return source;
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const declared = declaredTypes(declarations);
  const edits = new Map<string, Edit>(); // keyed by range: two regions in one function annotate it once
  for (const region of regions) {
    const context: Context = { file, source, cell, declared, regionStart: file.getLineStarts()[region.begin]! };
    for (const edit of stubRegion(context, region)) edits.set(`${edit.start}:${edit.end}`, edit);
  }
  let out = source;
  for (const e of [...edits.values()].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

interface Context {
  file: ts.SourceFile;
  /** Where the region being stubbed starts: comments before it are not the region's. */
  regionStart: number;
  source: string;
  cell: number;
  declared: Declared;
}

/** Replace source[start, end) by text. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The types the cell's declarations give its top-level names: functions' return types and variables' types. */
interface Declared {
  returns: Map<string, string[]>;
  variables: Map<string, string>;
}

type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction;

/** The edits that replace one region by its stub (and, where needed, annotate the enclosing function). */
function stubRegion(context: Context, region: Region): Edit[] {
  const { file, source } = context;
  const starts = file.getLineStarts();
  const start = starts[region.begin]!;
  const end = region.end + 1 < starts.length ? starts[region.end + 1]! - 1 : source.length;
  const { container, statements } = locate(context, region, start, end);
  const indent = indentAt(source, start);
  const enclosing = enclosingFunction(container);
  const lines: string[] = [];
  let dropped = statements.length === 0;
  for (const statement of statements) {
    const text = stubStatement(context, statement, enclosing ?? container, end);
    if (text === null) dropped = true;
    else lines.push(text);
  }
  const edits: Edit[] = [];
  if (enclosing === undefined) {
    if (dropped) lines.push(indent + YOUR_CODE, indent + THROW);
  } else {
    lines.push(indent + YOUR_CODE);
    const needs = enclosing === null ? { value: false } : needsValue(context, enclosing, region);
    if (needs.value) lines.push(indent + THROW);
    if (needs.annotate) edits.push(needs.annotate);
  }
  edits.push({ start, end, text: lines.join("\n") });
  return edits;
}

/**
 * The block whose statements the region holds, and those statements. Walks down from the file into the node that
 * contains the region; refuses a node cut by a marker, and a region inside something that is not a block.
 */
function locate(context: Context, region: Region, start: number, end: number): { container: ts.Node; statements: ts.Statement[] } {
  const { file, cell } = context;
  let node: ts.Node = file;
  for (;;) {
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    const inside: ts.Node[] = [];
    let around: ts.Node | null = null;
    let cut: ts.Node | null = null;
    for (const child of children) {
      const from = child.getStart(file);
      if (child.end <= start || from >= end) continue;
      if (from >= start && child.end <= end) inside.push(child);
      else if (from < start && child.end > end) around = child;
      else cut ??= child;
    }
    if (cut) {
      const at = cut.getStart(file) < start ? region.begin : region.end;
      const marker = at === region.begin ? "// BEGIN SOLUTION" : "// END SOLUTION";
      const line = file.getLineAndCharacterOfPosition(cut.getStart(file)).line + 1;
      throw new SourceError(
        cell,
        at + 1,
        `${marker} cuts the statement that starts on line ${line}: a solution region holds whole statements`,
      );
    }
    if (around) {
      node = around;
      continue;
    }
    if (!(ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)))
      throw new SourceError(
        cell,
        region.begin + 1,
        `a solution region holds whole statements of a block, and this one lies inside ${describe(node)}` +
          (ts.isClassLike(node) ? " (put the markers inside its methods' bodies)" : ""),
      );
    return { container: node, statements: inside.filter((n): n is ts.Statement => ts.isStatement(n) || ts.isFunctionDeclaration(n)) };
  }
}

/** `SyntaxKind.ObjectLiteralExpression` → "an object literal expression". */
function describe(node: ts.Node): string {
  if (ts.isTemplateLiteralToken(node) || ts.isTemplateExpression(node) || ts.isStringLiteral(node)) return "a string or template literal";
  const words = ts.SyntaxKind[node.kind].replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return `${/^[aeiou]/.test(words) ? "an" : "a"} ${words}`;
}

/**
 * The function whose body holds `container`: undefined at top level (any block outside functions), null for a
 * class's static block (a body that returns nothing).
 */
function enclosingFunction(container: ts.Node): ts.FunctionLikeDeclaration | null | undefined {
  for (let n: ts.Node = container; !ts.isSourceFile(n); n = n.parent) {
    if (ts.isClassStaticBlockDeclaration(n)) return null;
    if (ts.isFunctionLike(n) && "body" in n) return n as ts.FunctionLikeDeclaration;
  }
  return undefined;
}

/**
 * One statement's stub, or null when it is dropped. `scope` is where a dropped local variable could still be used: the
 * enclosing function, or the block at top level; `after` is the end of the region.
 */
function stubStatement(context: Context, statement: ts.Statement, scope: ts.Node, after: number): string | null {
  const { file, source, cell } = context;
  const indent = indentAt(source, statement.getStart(file));
  const verbatim = () => indent + leadingDoc(context, statement) + source.slice(statement.getStart(file), statement.end);
  // Inside a function, a local that nothing after the region uses is dropped: keeping it would show the solution's
  // shape and is not needed for the function to type-check.
  if (!ts.isSourceFile(scope) && !usedAfter(context, declaredNames(statement), scope, after)) return null;
  if (ts.isFunctionDeclaration(statement)) {
    if (!statement.body) return verbatim(); // an overload signature
    const name = ts.isSourceFile(statement.parent) ? statement.name?.text : undefined;
    const returns = name === undefined ? undefined : context.declared.returns.get(name);
    return (
      indent + leadingDoc(context, statement) + stubFunction(context, statement, returns?.length === 1 ? returns[0] : undefined, indent)
    );
  }
  if (ts.isVariableStatement(statement)) {
    if (statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) return verbatim();
    const text = stubVariables(context, statement, scope, after, indent);
    return text === null ? null : indent + leadingDoc(context, statement) + text;
  }
  if (
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isEnumDeclaration(statement) ||
    ts.isImportDeclaration(statement) ||
    ts.isImportEqualsDeclaration(statement)
  )
    return verbatim();
  if (ts.isClassDeclaration(statement) || ts.isModuleDeclaration(statement)) {
    const what = ts.isClassDeclaration(statement) ? "a class" : "a namespace";
    const line = file.getLineAndCharacterOfPosition(statement.getStart(file)).line + 1;
    throw new SourceError(cell, line, `${what} inside a solution region cannot be stubbed: put the markers inside its functions' bodies`);
  }
  return null;
}

/** A variable statement with each declarator stubbed; null when every declarator was dropped. */
function stubVariables(context: Context, statement: ts.VariableStatement, scope: ts.Node, after: number, indent: string): string | null {
  const { file, source } = context;
  const list = statement.declarationList;
  const prefix = source.slice(statement.getStart(file), list.declarations[0]!.getStart(file)); // "const ", "let "…
  const topLevel = ts.isSourceFile(statement.parent) || (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0;
  const declaredType = (name: string) =>
    topLevel && enclosingFunction(statement) === undefined ? context.declared.variables.get(name) : undefined;
  const parts: string[] = [];
  for (const d of list.declarations) {
    if (!d.initializer) {
      parts.push(d.getText(file));
      continue;
    }
    if (!ts.isIdentifier(d.name)) {
      if (d.type) parts.push(`${d.name.getText(file)}: ${d.type.getText(file)} = ${STUB_VALUE}`);
      else
        for (const name of bindingNames(d.name)) {
          const type = declaredType(name);
          if (type !== undefined) parts.push(`${name}: ${type} = ${STUB_VALUE}`);
          else dropUnused(context, name, d, scope, after);
        }
      continue;
    }
    const name = d.name.text;
    const init = skipParentheses(d.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) {
      if (d.type) {
        const returns = ts.isFunctionTypeNode(d.type) ? d.type.type.getText(file) : undefined;
        parts.push(`${name}: ${d.type.getText(file)} = ${stubFunction(context, init, returns, indent, true)}`);
        continue;
      }
      const type = declaredType(name);
      const node = type === undefined ? undefined : parseType(type);
      if (type === undefined || (node && ts.isFunctionTypeNode(node)))
        parts.push(
          `${name} = ${stubFunction(context, init, node && ts.isFunctionTypeNode(node) ? node.type.getText() : undefined, indent)}`,
        );
      else parts.push(`${name}: ${type} = ${stubFunction(context, init, undefined, indent, true)}`);
      continue;
    }
    const type = d.type?.getText(file) ?? declaredType(name) ?? literalType(init);
    if (type !== undefined) parts.push(`${name}: ${type} = ${STUB_VALUE}`);
    else dropUnused(context, name, d, scope, after);
  }
  return parts.length === 0 ? null : `${prefix}${parts.join(", ")};`;
}

/** The names a statement declares (variables, functions, types); empty for other statements. */
function declaredNames(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.flatMap((d) => bindingNames(d.name));
  if (
    (ts.isFunctionDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement)) &&
    statement.name
  )
    return [statement.name.text];
  return [];
}

/** Whether any of `names` appears in `scope` after position `after`. */
function usedAfter(context: Context, names: readonly string[], scope: ts.Node, after: number): boolean {
  if (names.length === 0) return false;
  const wanted = new Set(names);
  let used = false;
  const visit = (node: ts.Node): void => {
    if (used) return;
    if (ts.isIdentifier(node) && wanted.has(node.text) && node.getStart(context.file) > after) used = true;
    else ts.forEachChild(node, visit);
  };
  visit(scope);
  return used;
}

/** Refuses a variable of unknown type that code after the region uses; one that nothing uses is dropped. */
function dropUnused(context: Context, name: string, d: ts.VariableDeclaration, scope: ts.Node, after: number): void {
  const used = usedAfter(context, [name], scope, after);
  if (!used && !ts.isSourceFile(scope)) return; // a top-level name may be used by later cells
  const line = context.file.getLineAndCharacterOfPosition(d.getStart(context.file)).line + 1;
  throw new SourceError(
    context.cell,
    line,
    `give \`${name}\` a type annotation: code after the solution region uses it, and its stub cannot infer its type without the solution`,
  );
}

/**
 * A function with its body stubbed. `returns` is its declared return type where the source leaves it out; when it
 * needs one and has none, the function is refused; `typed` says a variable's annotation gives its type (nothing to add).
 */
function stubFunction(context: Context, fn: FunctionNode, returns: string | undefined, indent: string, typed = false): string {
  const { file, source } = context;
  const body = fn.body!;
  const isAsync = !!fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  const value = fn.asteriskToken
    ? true
    : fn.type
      ? !isVoid(fn.type.getText(file), isAsync)
      : returns !== undefined
        ? !isVoid(returns, isAsync)
        : returnsValue(fn);
  const start = fn.getStart(file);
  let head = source.slice(start, body.getStart(file)).trimEnd();
  if (!fn.type && value && !fn.asteriskToken && !typed) {
    if (returns === undefined) {
      const line = file.getLineAndCharacterOfPosition(start).line + 1;
      throw new SourceError(
        context.cell,
        line,
        "give this function a return type: its stub keeps the type, and its body no longer shows it",
      );
    }
    head = annotated(context, fn, returns) + source.slice(signatureEnd(context, fn), body.getStart(file)).trimEnd();
  }
  const inner = indent + "  ";
  const lines = value ? [inner + YOUR_CODE, inner + THROW] : [inner + YOUR_CODE];
  return `${head} {\n${lines.join("\n")}\n${indent}}`;
}

/** The function's text from its start to the end of its parameter list, with `: returns` after it. */
function annotated(context: Context, fn: ts.SignatureDeclaration, returns: string): string {
  const { file, source } = context;
  const start = fn.getStart(file);
  const close = fn.getChildren(file).find((c) => c.kind === ts.SyntaxKind.CloseParenToken);
  if (close) return `${source.slice(start, close.end)}: ${returns}`;
  const param = fn.parameters[0]!; // an arrow's lone parameter without parentheses: `x => …`
  return `${source.slice(start, param.getStart(file))}(${param.getText(file)}): ${returns}`;
}

/** Where the signature's parameter list ends (after `)`, or after an arrow's lone unparenthesised parameter). */
function signatureEnd(context: Context, fn: ts.SignatureDeclaration): number {
  const close = fn.getChildren(context.file).find((c) => c.kind === ts.SyntaxKind.CloseParenToken);
  return close ? close.end : fn.parameters[0]!.end;
}

/**
 * Whether a region inside `fn` must end with a `throw` (the function returns a value), and the edit that writes the
 * declared return type into the signature when the source leaves it to inference.
 */
function needsValue(context: Context, fn: ts.FunctionLikeDeclaration, region: Region): { value: boolean; annotate?: Edit } {
  const { file } = context;
  if (ts.isConstructorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) return { value: false };
  const isAsync = !!fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
  if (fn.type) return { value: !isVoid(fn.type.getText(file), isAsync) };
  if (fn.asteriskToken) return { value: true };
  const returns = declaredReturn(context, fn);
  if (returns === "contextual") return { value: returnsValue(fn) };
  if (returns !== undefined) {
    if (isVoid(returns, isAsync)) return { value: false };
    const annotate = { start: fn.getStart(file), end: signatureEnd(context, fn), text: annotated(context, fn, returns) };
    return { value: true, annotate };
  }
  if (!returnsValue(fn)) return { value: false };
  const starts = file.getLineStarts();
  const kept = returnsValue(fn, starts[region.begin]!, starts[region.end]!);
  if (!kept) {
    const line = file.getLineAndCharacterOfPosition(fn.getStart(file)).line + 1;
    throw new SourceError(
      context.cell,
      line,
      "give this function a return type: it returns a value only inside a solution region, so its stub would not show the type",
    );
  }
  return { value: true };
}

/**
 * The return type the declarations give `fn`: a top-level function declaration's, or that of a top-level variable's
 * arrow or function expression; "contextual" when the variable has its own type annotation.
 */
function declaredReturn(context: Context, fn: ts.FunctionLikeDeclaration): string | "contextual" | undefined {
  if (ts.isFunctionDeclaration(fn) && fn.name && ts.isSourceFile(fn.parent)) {
    const returns = context.declared.returns.get(fn.name.text);
    return returns?.length === 1 ? returns[0] : undefined;
  }
  let outer: ts.Node = fn.parent;
  while (ts.isParenthesizedExpression(outer)) outer = outer.parent;
  if (!ts.isVariableDeclaration(outer) || !ts.isIdentifier(outer.name)) return undefined;
  if (outer.type) return "contextual";
  if (!ts.isSourceFile(outer.parent.parent.parent)) return undefined;
  const type = context.declared.variables.get(outer.name.text);
  const node = type === undefined ? undefined : parseType(type);
  return node && ts.isFunctionTypeNode(node) ? node.type.getText() : undefined;
}

/**
 * Whether `fn` returns a value: an arrow with an expression body, or a `return` with an expression in its own body
 * (not in nested functions), optionally only those outside [skipFrom, skipTo).
 */
function returnsValue(fn: ts.FunctionLikeDeclaration, skipFrom = 0, skipTo = 0): boolean {
  if (!fn.body) return false;
  if (!ts.isBlock(fn.body)) return true;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression && !(node.getStart() >= skipFrom && node.end <= skipTo)) found = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return found;
}

function isVoid(type: string, isAsync: boolean): boolean {
  const t = type.replace(/\s+/g, "");
  return t === "void" || (isAsync && t === "Promise<void>");
}

/** The type of a literal initializer, widened (`3` → `number`), or undefined when it is not a literal. */
function literalType(e: ts.Expression): string | undefined {
  if (ts.isPrefixUnaryExpression(e) && (e.operator === ts.SyntaxKind.MinusToken || e.operator === ts.SyntaxKind.PlusToken)) e = e.operand;
  if (ts.isNumericLiteral(e)) return "number";
  if (ts.isBigIntLiteral(e)) return "bigint";
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e)) return "string";
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return "boolean";
  return undefined;
}

function declaredTypes(declarations: string | undefined): Declared {
  const declared: Declared = { returns: new Map(), variables: new Map() };
  if (!declarations) return declared;
  const file = ts.createSourceFile("decl.d.ts", declarations, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  for (const s of file.statements) {
    if (ts.isFunctionDeclaration(s) && s.name) {
      const list = declared.returns.get(s.name.text) ?? [];
      list.push(s.type ? s.type.getText(file) : "void");
      declared.returns.set(s.name.text, list);
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        // `declare const depth = 3;`: a literal constant's type, widened; `declare const e = E.A;`: the enum's type.
        const init = d.initializer;
        const type = d.type
          ? d.type.getText(file)
          : init && ts.isPropertyAccessExpression(init)
            ? init.expression.getText(file)
            : init && literalType(init);
        if (type) declared.variables.set(d.name.text, type);
      }
    }
  }
  return declared;
}

function parseType(type: string): ts.TypeNode | undefined {
  const file = ts.createSourceFile("t.ts", `type T = ${type};`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const alias = file.statements[0];
  return alias && ts.isTypeAliasDeclaration(alias) ? alias.type : undefined;
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

function skipParentheses(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

/** The doc comments (`/** … *\/`) right before a statement, each followed by a newline and the statement's indent. */
function leadingDoc(context: Context, statement: ts.Statement): string {
  const { source, file } = context;
  const indent = indentAt(source, statement.getStart(file));
  return (ts.getLeadingCommentRanges(source, statement.pos) ?? [])
    .filter((r) => r.pos >= context.regionStart && source.startsWith("/**", r.pos))
    .map((r) => source.slice(r.pos, r.end) + "\n" + indent)
    .join("");
}

/** The whitespace at the start of the line holding `pos`. */
function indentAt(source: string, pos: number): string {
  const lineStart = source.lastIndexOf("\n", pos - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))![0];
}
