import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { cacheKey, libraryHash } from "../../book/cache-key.js";
import { readCached, writeCached } from "../../book/cache.js";
import { staleSource } from "../../book/stale-build.js";
import { parseNotebook } from "../../book/notebook.js";

const root = mkdtempSync(join(tmpdir(), "depthlab-cache-test-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** A fake package: a compiled dist/lib and dist/kernel and a lock file. */
function fakePackage(name: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "dist", "lib", "regions"), { recursive: true });
  mkdirSync(join(dir, "dist", "kernel"), { recursive: true });
  writeFileSync(join(dir, "dist", "lib", "index.js"), "exports.a = 1;\n");
  writeFileSync(join(dir, "dist", "lib", "regions", "count.js"), "exports.b = 2;\n");
  writeFileSync(join(dir, "dist", "kernel", "main.js"), "exports.main = 0;\n");
  writeFileSync(join(dir, "package-lock.json"), '{"lockfileVersion":3}\n');
  return dir;
}

const NOTEBOOK = JSON.stringify({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [{ cell_type: "code", source: "1 + 1", metadata: {}, outputs: [] }],
});

describe("book cache", () => {
  it("the library hash is a pure function of the compiled library's file names and contents", () => {
    const a = fakePackage("a");
    const b = fakePackage("b");
    assert.match(libraryHash(a), /^[0-9a-f]{64}$/);
    assert.equal(libraryHash(a), libraryHash(b), "two identical copies hash alike");
  });

  it("the key changes when the notebook, a library file, a file's name or the lock file changes", () => {
    const dir = fakePackage("c");
    const base = cacheKey(NOTEBOOK, libraryHash(dir));
    assert.equal(cacheKey(NOTEBOOK, libraryHash(dir)), base);
    assert.notEqual(cacheKey(NOTEBOOK.replace("1 + 1", "1 + 2"), libraryHash(dir)), base, "notebook edited");
    writeFileSync(join(dir, "dist", "lib", "regions", "count.js"), "exports.b = 3;\n");
    const edited = cacheKey(NOTEBOOK, libraryHash(dir));
    assert.notEqual(edited, base, "library file edited");
    rmSync(join(dir, "dist", "lib", "regions", "count.js"));
    writeFileSync(join(dir, "dist", "lib", "regions", "count2.js"), "exports.b = 3;\n");
    assert.notEqual(cacheKey(NOTEBOOK, libraryHash(dir)), edited, "library file renamed");
    const renamed = cacheKey(NOTEBOOK, libraryHash(dir));
    writeFileSync(join(dir, "package-lock.json"), '{"lockfileVersion":3,"packages":{}}\n');
    assert.notEqual(cacheKey(NOTEBOOK, libraryHash(dir)), renamed, "dependencies changed");
  });

  it("ignores files outside the compiled library (sources not yet built, the book, an old book in dist/, node_modules)", () => {
    const dir = fakePackage("d");
    const before = libraryHash(dir);
    mkdirSync(join(dir, "dist", "lib", "node_modules"), { recursive: true });
    writeFileSync(join(dir, "dist", "lib", "node_modules", "x.js"), "x");
    mkdirSync(join(dir, "lib"), { recursive: true });
    writeFileSync(join(dir, "lib", "y.ts"), "y");
    mkdirSync(join(dir, "site"), { recursive: true });
    writeFileSync(join(dir, "site", "index.html"), "z");
    mkdirSync(join(dir, "dist", "book"), { recursive: true });
    writeFileSync(join(dir, "dist", "book", "index.html"), "z");
    assert.equal(libraryHash(dir), before);
  });

  it("stores an executed notebook and reads it back; a missing or damaged entry is a miss", () => {
    const dir = join(root, "cache");
    const nb = parseNotebook(NOTEBOOK);
    assert.equal(readCached(dir, "k1"), null);
    writeCached(dir, "k1", nb);
    assert.deepEqual(readCached(dir, "k1"), nb);
    writeFileSync(join(dir, "k2.ipynb"), "{ not json");
    assert.equal(readCached(dir, "k2"), null);
  });

  it("names a source edited after the last build, since the book runs dist/", () => {
    const dir = fakePackage("e");
    mkdirSync(join(dir, "lib"), { recursive: true });
    writeFileSync(join(dir, "lib", "index.ts"), "export const a = 1;\n");
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, "lib", "index.ts"), old, old);
    assert.equal(staleSource(dir), null);
    writeFileSync(join(dir, "lib", "index.ts"), "export const a = 2;\n");
    utimesSync(join(dir, "dist", "lib", "index.js"), old, old);
    utimesSync(join(dir, "dist", "lib", "regions", "count.js"), old, old);
    assert.equal(staleSource(dir), join("lib", "index.ts"));
  });
});
