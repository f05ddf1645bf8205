import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as ts from "@tslab/typescript-for-tslab";

/**
 * Maps a path under `<cwd>/node_modules/` to depthlab's own copy when the notebook's folder has none:
 * `depthlab/…` to the package root, any other package to the package's node_modules. Null otherwise.
 */
export function fallbackPath(p: string, cwd: string, packageRoot: string): string | null {
  const prefix = path.join(cwd, "node_modules") + path.sep;
  if (!p.startsWith(prefix)) return null;
  const rest = p.slice(prefix.length);
  if (rest === "depthlab" || rest.startsWith("depthlab" + path.sep)) {
    return path.join(packageRoot, rest.slice("depthlab".length));
  }
  return path.join(packageRoot, "node_modules", rest);
}

/**
 * Lets the type checker find `depthlab` (and tfjs, arquero…) from a notebook in any folder: where
 * `<cwd>/node_modules/X` does not exist, tslab's TypeScript reads depthlab's copy instead. tslab gives
 * no hook for module resolution, so this wraps the file-system functions of its TypeScript instance.
 */
export function patchTypeResolution(cwd: string, packageRoot: string): void {
  const sys = ts.sys;
  const fileExists = sys.fileExists.bind(sys);
  const directoryExists = sys.directoryExists.bind(sys);
  const readFile = sys.readFile.bind(sys);
  const realpath = sys.realpath?.bind(sys);
  const getDirectories = sys.getDirectories.bind(sys);
  const readDirectory = sys.readDirectory.bind(sys);
  const mapped = (p: string, exists: (q: string) => boolean): string | null => {
    if (exists(p)) return null;
    const alt = fallbackPath(p, cwd, packageRoot);
    return alt !== null && exists(alt) ? alt : null;
  };
  sys.fileExists = (p) => fileExists(p) || mapped(p, fileExists) !== null;
  sys.directoryExists = (p) => directoryExists(p) || mapped(p, directoryExists) !== null;
  sys.readFile = (p, encoding) => readFile(mapped(p, fileExists) ?? p, encoding);
  sys.getDirectories = (p) => getDirectories(mapped(p, directoryExists) ?? p);
  sys.readDirectory = (p, ...rest) => readDirectory(mapped(p, directoryExists) ?? p, ...rest);
  if (realpath) sys.realpath = (p) => realpath(mapped(p, fs.existsSync) ?? p);
}

type RequireFn = NodeJS.Require;

/**
 * Wraps a cell's `require` so that `depthlab` (and depthlab's dependencies) resolve from any folder:
 * the notebook's own node_modules win; what they lack comes from depthlab's package.
 */
export function withPackageFallback(req: RequireFn, packageRoot: string): RequireFn {
  const own = createRequire(path.join(packageRoot, "package.json"));
  const resolveFallback = (id: string): string =>
    id === "depthlab" || id.startsWith("depthlab/") ? own.resolve(path.join(packageRoot, id.slice("depthlab".length))) : own.resolve(id);
  const isBare = (id: string) => !id.startsWith(".") && !path.isAbsolute(id) && !id.startsWith("node:");
  const missing = (error: unknown, id: string) =>
    (error as { code?: string }).code === "MODULE_NOT_FOUND" && String((error as Error).message).includes(`'${id}'`);
  const wrapped = ((id: string) => {
    try {
      return req(id);
    } catch (error) {
      if (!isBare(id) || !missing(error, id)) throw error;
      return own(resolveFallback(id));
    }
  }) as RequireFn;
  wrapped.resolve = ((id: string, options?: { paths?: string[] }) => {
    try {
      return req.resolve(id, options);
    } catch (error) {
      if (!isBare(id) || !missing(error, id)) throw error;
      return resolveFallback(id);
    }
  }) as RequireFn["resolve"];
  wrapped.resolve.paths = req.resolve.paths;
  wrapped.cache = req.cache;
  wrapped.main = req.main;
  wrapped.extensions = req.extensions;
  return wrapped;
}
