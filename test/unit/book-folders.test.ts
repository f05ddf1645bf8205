import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import { BOOK_FOLDERS, bookFolders } from "../../book/book-folders.js";
import { BOOK_USAGE } from "../../book/parse-args.js";
import { PACKAGE_ROOT } from "../../lib/version.js";

// The book's pages and cache once went to dist/book/, the folder tsc compiles book/*.ts into. These tests read the
// compiler's outDir from tsconfig.json through TypeScript's own parser (not from the book's code), so moving either
// default back under compiled code fails here.

/** True when `path` is `folder` or lies somewhere under it. */
function isWithin(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** tsc's outDir for this package, resolved as the compiler resolves it. */
function tscOutDir(): string {
  const file = join(PACKAGE_ROOT, "tsconfig.json");
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  assert.equal(error, undefined, `tsconfig.json does not parse: ${JSON.stringify(error?.messageText)}`);
  const { outDir } = ts.parseJsonConfigFileContent(config, ts.sys, PACKAGE_ROOT).options;
  assert.ok(outDir, "tsconfig.json names an outDir");
  return outDir;
}

describe("the book's default folders", () => {
  const outDir = tscOutDir();
  const { out, cacheDir } = bookFolders(PACKAGE_ROOT);

  it("are site/ and site-cache/ at the package root", () => {
    assert.equal(out, join(PACKAGE_ROOT, "site"));
    assert.equal(cacheDir, join(PACKAGE_ROOT, "site-cache"));
  });

  it("neither the pages nor the cache lie in tsc's outDir, nor the outDir in them", () => {
    for (const [name, folder] of Object.entries({ out, cacheDir })) {
      assert.ok(!isWithin(folder, outDir), `${name} ${folder} is inside tsc's outDir ${outDir}`);
      assert.ok(!isWithin(outDir, folder), `tsc's outDir ${outDir} is inside ${name} ${folder}`);
    }
  });

  it("the cache is not inside the pages (it would be published with them), nor the pages inside the cache", () => {
    assert.ok(!isWithin(cacheDir, out) && !isWithin(out, cacheDir), `${out} and ${cacheDir} overlap`);
  });

  it("npm run book -- --help names them as the defaults", () => {
    assert.match(BOOK_USAGE, new RegExp(`--out DIR .*\\(default ${BOOK_FOLDERS.out}/\\)`));
    assert.match(BOOK_USAGE, new RegExp(`--cache-dir DIR .*\\(default ${BOOK_FOLDERS.cacheDir}/\\)`));
  });

  it("git ignores both, like dist/", () => {
    const ignored = readFileSync(join(PACKAGE_ROOT, ".gitignore"), "utf8")
      .split("\n")
      .map((line) => line.trim());
    for (const folder of Object.values(BOOK_FOLDERS)) assert.ok(ignored.includes(`${folder}/`), `.gitignore lacks ${folder}/`);
  });
});
