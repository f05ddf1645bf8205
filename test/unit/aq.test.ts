import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PACKAGE_ROOT } from "../../lib/version.js";

describe("dl.aq, loaded on first use", () => {
  it("is not loaded with the library, and is the real arquero once used", () => {
    // A fresh process: in this one, other tests may have loaded arquero already.
    const script = `
      const dl = require(${JSON.stringify(join(PACKAGE_ROOT, "dist", "lib", "index.js"))});
      const loaded = () => Object.keys(require.cache).some((k) => k.includes("/node_modules/arquero/"));
      const before = loaded();
      const t = dl.aq.table({ depth: [1, 2, 3], pieces: [2, 4, 8] }).derive({ twice: (d) => 2 * d.depth });
      const real = require("arquero");
      process.stdout.write(JSON.stringify({
        before, after: loaded(),
        twice: t.array("twice"),
        sum: dl.aq.from([{ x: 1 }, { x: 4 }]).rollup({ s: real.op.sum("x") }).get("s", 0),
        keys: Object.keys(dl.aq).sort().join() === Object.keys(real).sort().join(),
        has: "op" in dl.aq && !("nope" in dl.aq),
        same: dl.aq.op === real.op,
      }));`;
    const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    // Hand-computed: 2·[1, 2, 3] and 1 + 4.
    assert.deepEqual(JSON.parse(run.stdout), { before: false, after: true, twice: [2, 4, 6], sum: 5, keys: true, has: true, same: true });
  });
});
