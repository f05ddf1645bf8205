import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { findFrontEnd, parseStartArgs } from "../../kernel/front-end.js";
import { findPython } from "../../kernel/jupyter-venv.js";

describe("npm start's choice of front-end", () => {
  it("defaults to JupyterLab, takes a flag or DEPTHLAB_FRONTEND, and passes every other argument to Jupyter", () => {
    assert.deepEqual(parseStartArgs([], {}), { frontEnd: "lab", install: true, rest: [] });
    assert.deepEqual(parseStartArgs(["--notebook", "--port=9000"], {}), { frontEnd: "notebook", install: true, rest: ["--port=9000"] });
    assert.deepEqual(parseStartArgs(["--no-install"], { DEPTHLAB_FRONTEND: "classic" }), { frontEnd: "classic", install: false, rest: [] });
    // a flag beats the variable
    assert.equal(parseStartArgs(["--lab"], { DEPTHLAB_FRONTEND: "notebook" }).frontEnd, "lab");
  });

  it("refuses two front-ends at once and an unknown DEPTHLAB_FRONTEND, naming what is allowed", () => {
    assert.throws(
      () => parseStartArgs(["--lab", "--classic"], {}),
      /start: give at most one of --lab, --notebook, --classic \(got --lab --classic\)/,
    );
    assert.throws(
      () => parseStartArgs([], { DEPTHLAB_FRONTEND: "vscode" }),
      /DEPTHLAB_FRONTEND must be lab, notebook or classic, got "vscode"/,
    );
  });

  it("prefers an installed JupyterLab ≥ 4, else the project's environment, and never takes Lab 3 or Notebook 6 for Notebook 7", () => {
    const venvBin = mkdtempSync(join(tmpdir(), "depthlab-venv-bin-"));
    const own = join(venvBin, "jupyter-lab");
    const ownNotebook = join(venvBin, "jupyter-notebook");
    const versions = (table: Record<string, number | null>) => (command: string) => table[command] ?? null;
    // nothing in the venv yet: an installed Lab 4 is used, Lab 3 is not
    assert.equal(findFrontEnd("lab", venvBin, versions({ "jupyter-lab": 4 })), "jupyter-lab");
    assert.equal(findFrontEnd("lab", venvBin, versions({ "jupyter-lab": 3 })), null);
    mkdirSync(venvBin, { recursive: true });
    writeFileSync(own, "");
    writeFileSync(ownNotebook, "");
    assert.equal(findFrontEnd("lab", venvBin, versions({ "jupyter-lab": 3, [own]: 4 })), own);
    assert.equal(findFrontEnd("lab", venvBin, versions({ "jupyter-lab": 4, [own]: 4 })), "jupyter-lab");
    // Debian's classic Notebook 6.4 on PATH: right for --classic, wrong for --notebook (then the venv's 7)
    const debian = versions({ "jupyter-notebook": 6, [ownNotebook]: 7 });
    assert.equal(findFrontEnd("classic", venvBin, debian), "jupyter-notebook");
    assert.equal(findFrontEnd("notebook", venvBin, debian), ownNotebook);
    assert.equal(findFrontEnd("classic", venvBin, versions({ [ownNotebook]: 7 })), null);
  });

  it("says what is missing when no Python can make the environment", () => {
    const found = findPython(["depthlab-no-such-python"]);
    assert.deepEqual(found, { missing: "no Python 3 found (python3 or python on PATH)" });
  });
});
