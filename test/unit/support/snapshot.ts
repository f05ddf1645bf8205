import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Compares `text` with the stored snapshot `dir/name.json`; with UPDATE_SNAPSHOTS=1 writes it instead (review the
 * diff by eye before committing).
 *
 * @example
 * matchesSnapshot(SNAPSHOTS, "line-basic", JSON.stringify(spec, null, 1) + "\n");
 */
export function matchesSnapshot(dir: string, name: string, text: string): void {
  const file = join(dir, `${name}.json`);
  if (process.env["UPDATE_SNAPSHOTS"]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text);
    return;
  }
  let stored: string;
  try {
    stored = readFileSync(file, "utf8");
  } catch {
    assert.fail(`no snapshot ${file}: run the tests with UPDATE_SNAPSHOTS=1 and review it`);
  }
  assert.equal(text, stored, `${name}: the figure's spec differs from ${file} (UPDATE_SNAPSHOTS=1 rewrites it)`);
}
