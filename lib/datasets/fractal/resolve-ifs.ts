import { checkNumber, fail } from "../../options/check.js";
import { checkIfs, type CheckedIfs, type IfsMap, type IfsSpec } from "./ifs.js";

/**
 * The two ways to name a fractal: a ready {@link IfsSpec}, or a bare array of maps whose box K_0 is `box`
 * (default [−1, 1]^d, the lecture's). Internal helper of `fractal` and `fractalNet`; errors name `arg`.
 */
export function resolveIfs(
  fn: string,
  arg: string,
  maps: IfsSpec | readonly IfsMap[],
  box: readonly (readonly [number, number])[] | undefined,
): CheckedIfs {
  if (!Array.isArray(maps)) {
    if (box !== undefined) fail(fn, "box", "left out when the maps come as a spec with its own box", box);
    return checkIfs(fn, maps as IfsSpec, arg);
  }
  const first = (maps as readonly IfsMap[])[0];
  const d = Array.isArray(first?.matrix) ? first.matrix.length : 0;
  if (d < 1) fail(fn, arg, "an IfsSpec or a non-empty array of { matrix, offset }", maps);
  const spec: IfsSpec = { name: "ifs", box: box ?? Array.from({ length: d }, (): [number, number] => [-1, 1]), maps };
  return checkIfs(fn, spec, "");
}

/** The margin must be positive and below {@link CheckedIfs.maxMargin}. */
export function checkMargin(fn: string, ifs: CheckedIfs, margin: unknown): number {
  return checkNumber(fn, "margin", margin, 0, roundDown(ifs.maxMargin), { min: true, max: true });
}

/** Six significant digits, rounded down so that the bound stays safe. */
function roundDown(v: number): number {
  const scale = 10 ** (5 - Math.floor(Math.log10(v)));
  return Math.floor(v * scale) / scale;
}
