import assert from "node:assert/strict";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import ts from "typescript";
import { ready } from "../../lib/backend/index.js";
import { ArgumentError } from "../../lib/options/check.js";
import { PACKAGE_ROOT } from "../../lib/version.js";
import { PROBES as DATA } from "./option-keys/data-probes.js";
import { PROBES as PLOT } from "./option-keys/plot-probes.js";
import { PROBES as TRAIN } from "./option-keys/train-probes.js";
import { PROBES as DISPLAY } from "./option-keys/display-probes.js";

const PROBES: Record<string, (extra: Record<string, unknown>) => unknown> = { ...DATA, ...PLOT, ...TRAIN, ...DISPLAY };

/**
 * Every public function of the library that takes an options object, as its path after `dl.` ("train.fit"), read
 * from the library's own source with the TypeScript checker: a parameter whose declared type is named `…Options`.
 */
function publicFunctionsWithOptions(): string[] {
  const entry = join(PACKAGE_ROOT, "lib", "index.ts");
  const program = ts.createProgram([entry], {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const found = new Set<string>();
  const visit = (symbol: ts.Symbol, path: string, seen: Set<ts.Symbol>) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (seen.has(target)) return;
    seen.add(target);
    if (target.flags & (ts.SymbolFlags.Module | ts.SymbolFlags.Namespace)) {
      for (const child of checker.getExportsOfModule(target)) visit(child, path ? `${path}.${child.name}` : child.name, seen);
      return;
    }
    const declarations = (target.declarations ?? []).filter((d) => !d.getSourceFile().fileName.includes("node_modules")); // tf's own
    const takesOptions = (params: readonly ts.ParameterDeclaration[]) =>
      params.some((p) => p.type !== undefined && /Options\b/.test(p.type.getText()));
    for (const d of declarations) {
      if (ts.isFunctionDeclaration(d) && takesOptions(d.parameters)) found.add(path);
      if (ts.isClassDeclaration(d)) {
        for (const member of d.members) {
          const isPublic =
            !(ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) &&
            !(member.name && ts.isPrivateIdentifier(member.name));
          if (isPublic && (ts.isMethodDeclaration(member) || ts.isConstructorDeclaration(member)) && takesOptions(member.parameters)) {
            found.add(ts.isConstructorDeclaration(member) ? `new ${path}` : `${target.name}.${member.name!.getText()}`);
          }
        }
      }
    }
  };
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  for (const symbol of checker.getExportsOfModule(module)) visit(symbol, symbol.name, new Set());
  return [...found].sort();
}

before(async () => {
  await ready();
});

describe("every public options object rejects unknown keys (issue 14, item 3)", () => {
  it("has a probe for every public function that takes an options object", () => {
    const missing = publicFunctionsWithOptions().filter((path) => !(path in PROBES));
    assert.deepEqual(missing, [], "public functions with options and no probe");
  });

  for (const [path, probe] of Object.entries(PROBES)) {
    it(`${path} rejects { bogusOption: 1 } naming the key`, async () => {
      await assert.rejects(
        (async () => probe({ bogusOption: 1 }))(),
        (e: Error) => e instanceof ArgumentError && /unknown option "bogusOption" \(options: /.test(e.message),
      );
      // and the probe's own arguments are valid: without the bad key it does not throw an ArgumentError
      try {
        const value = await probe({});
        (value as { dispose?: () => void } | null)?.dispose?.();
      } catch (error) {
        assert.ok(!(error instanceof ArgumentError), `${path}'s probe is itself invalid: ${(error as Error).message}`);
      }
    });
  }
});
