import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PACKAGE_ROOT, version } from "../../lib/version.js";
import { installTimerGuards, runInCell } from "../../kernel/interrupt-guard.js";
import { kernelInfo } from "../../kernel/kernel-info.js";
import { kernelJson, parseInstallArgs } from "../../kernel/kernelspec.js";
import { toCodePoints, toUtf16 } from "../../kernel/positions.js";
import { matchSourceLine } from "../../kernel/traceback.js";
import { fallbackPath } from "../../kernel/module-resolution.js";

describe("kernel parts", () => {
  it("kernel_info names the package version, TypeScript and the backend", () => {
    const info = kernelInfo("wasm (SIMD, 1 thread) on CPU; tfjs 4.22.0");
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string };
    assert.equal(info.implementation_version, pkg.version);
    assert.equal(info.language_info.version, "5.0.4");
    assert.equal(info.language_info.file_extension, ".ts");
    assert.match(info.banner, /TensorFlow\.js backend: wasm \(SIMD, 1 thread\)/);
    assert.equal(version, pkg.version);
  });

  it("parses install targets and rejects nonsense with the allowed options", () => {
    assert.deepEqual(parseInstallArgs([]), { kind: "user" });
    assert.deepEqual(parseInstallArgs(["--prefix", "/opt/x"]), { kind: "prefix", prefix: "/opt/x" });
    assert.deepEqual(parseInstallArgs(["--prefix=/p"]), { kind: "prefix", prefix: "/p" });
    assert.throws(() => parseInstallArgs(["--system"]), /unknown option "--system" \(use --user, --sys-prefix or --prefix P\)/);
    assert.throws(() => parseInstallArgs(["--user", "--sys-prefix"]), /at most one/);
    assert.throws(() => parseInstallArgs(["--prefix"]), /--prefix needs a directory/);
  });

  it("writes a kernelspec that starts this checkout with this Node and SIGINT interrupts", () => {
    const spec = kernelJson() as { argv: string[]; display_name: string; interrupt_mode: string };
    assert.deepEqual(spec.argv, [process.execPath, join(PACKAGE_ROOT, "bin", "depthlab.js"), "kernel", "{connection_file}"]);
    assert.equal(spec.display_name, "TypeScript (depthlab)");
    assert.equal(spec.interrupt_mode, "message"); // interrupts reach the I/O thread even while a cell is busy
  });

  it("maps code points to UTF-16 offsets and back", () => {
    assert.equal(toUtf16("a😀b", 2), 3);
    assert.equal(toCodePoints("a😀b", 3), 2);
    assert.equal(toUtf16("abc", 10), 3);
  });

  it("finds the TypeScript line a compiled line came from", () => {
    const code = 'const x: number = 1;\nconst y = f(x, "q");\nthrow new Error("no")';
    assert.equal(matchSourceLine(code, 'const y = f(x, "q");'), 1);
    assert.equal(matchSourceLine(code, 'throw new Error("no");'), 2);
    assert.equal(matchSourceLine(code, "Object.defineProperty(exports, '__esModule')"), null);
  });

  it("sends depthlab and its dependencies to the package's own copy from any folder", () => {
    assert.equal(fallbackPath("/nb/node_modules/depthlab/package.json", "/nb", "/pkg"), "/pkg/package.json");
    assert.equal(fallbackPath("/nb/node_modules/@tensorflow/tfjs/x.d.ts", "/nb", "/pkg"), "/pkg/node_modules/@tensorflow/tfjs/x.d.ts");
    assert.equal(fallbackPath("/elsewhere/file.ts", "/nb", "/pkg"), null);
  });

  it("drops timers of a cancelled cell but keeps everyone else's", async () => {
    installTimerGuards();
    const fired: string[] = [];
    const scope = { cancelled: false };
    runInCell(scope, () => setTimeout(() => fired.push("cell"), 5));
    setTimeout(() => fired.push("kernel"), 5);
    scope.cancelled = true;
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(fired, ["kernel"]);
  });
});

describe("notebooks", () => {
  const dir = join(PACKAGE_ROOT, "notebooks");
  const files = readdirSync(dir).filter((f) => f.endsWith(".ipynb"));

  it("include the welcome notebook", () => assert.ok(files.includes("00-welcome.ipynb")));

  for (const file of files) {
    it(`${file} is committed without outputs and uses the depthlab kernel`, () => {
      const nb = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
        metadata: { kernelspec?: { name?: string } };
        cells: { cell_type: string; outputs?: unknown[]; execution_count?: number | null }[];
      };
      assert.equal(nb.metadata.kernelspec?.name, "depthlab");
      for (const cell of nb.cells.filter((c) => c.cell_type === "code")) {
        assert.deepEqual(cell.outputs, []);
        assert.equal(cell.execution_count, null);
      }
    });
  }
});
