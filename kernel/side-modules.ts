import Module from "node:module";
import * as path from "node:path";

/**
 * Wraps a cell's `require`: ids in `modules` get the given object (`require("tslab")` gets depthlab's
 * tslab-compatible API), relative ids of files compiled beside the cells (tslab's side outputs: a `.ts`
 * file next to the notebook, or a `/** @module name *\/` cell) load from the compiled JavaScript, and
 * anything else goes to `base`. A side module is compiled once per version of its output.
 *
 * @example
 * const req = sideModuleRequire(createRequire(cwd + "/src.js"), cwd, outputs, { tslab: tslabApi });
 * req("tslab").display.html("<b>hi</b>");
 */
export function sideModuleRequire(
  base: NodeJS.Require,
  dirname: string,
  outputs: ReadonlyMap<string, string>,
  modules: Readonly<Record<string, unknown>>,
): NodeJS.Require {
  const loaded = new Map<string, { source: string; exports: unknown }>();
  const fromOutputs = (dir: string, id: string): { found: boolean; exports?: unknown } => {
    if (!id.startsWith(".") && !path.isAbsolute(id)) return { found: false };
    let filename = path.resolve(dir, id);
    if (path.extname(filename) === "") filename += ".js";
    const source = outputs.get(filename);
    if (source === undefined) return { found: false };
    const cached = loaded.get(filename);
    if (cached && cached.source === source) return { found: true, exports: cached.exports };
    const mod = new Module(filename, module);
    mod.filename = filename;
    mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(filename));
    const inner = wrap(mod.require.bind(mod) as NodeJS.Require, path.dirname(filename));
    (mod as unknown as { require: NodeJS.Require }).require = inner;
    (mod as unknown as { _compile(source: string, filename: string): void })._compile(source, filename);
    loaded.set(filename, { source, exports: mod.exports });
    return { found: true, exports: mod.exports };
  };
  const wrap = (req: NodeJS.Require, dir: string): NodeJS.Require => {
    const wrapped = ((id: string) => {
      if (Object.prototype.hasOwnProperty.call(modules, id)) return modules[id];
      const side = fromOutputs(dir, id);
      return side.found ? side.exports : req(id);
    }) as NodeJS.Require;
    return Object.assign(wrapped, { resolve: req.resolve, cache: req.cache, main: req.main, extensions: req.extensions });
  };
  return wrap(base, dirname);
}
