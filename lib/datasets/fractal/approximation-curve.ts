import { aq } from "../../aq.js";
import { escapeHtml } from "../../display/html-escape.js";
import { DISPLAY, type MimeBundle } from "../../display/protocol.js";
import { tableBundle } from "../../display/table-display.js";
import { type KnownKeys, checkInteger, checkKeys, checkNumber, fail } from "../../options/check.js";
import type { Dataset } from "../dataset.js";
import { checkIfs, MAX_FRACTAL_DEPTH, type IfsSpec } from "./ifs.js";
import { BOUNDARY_SLACK } from "./indicator.js";
import { unfold } from "./unfold.js";

/** Options of {@link approximationCurve}. */
export interface ApproximationCurveOptions {
  /** The curve is given for j = 0 … levels, an integer in [0, 12]. Default: the fractal's depth. */
  levels?: number;
  /** Estimate from the samples with this system's membership test instead (any 2-class dataset). Default: exact. */
  spec?: IfsSpec;
}
const KEYS: KnownKeys<ApproximationCurveOptions> = { levels: true, spec: true };

/** The level weights of a fractal distribution, as `fractal` records them in `meta`. */
export interface FractalLaw {
  /** p_1 … p_depth, non-negative (normalised here). */
  levelWeights: readonly number[];
  /** Default 0.5. */
  positiveFraction?: number;
}

/** P(j) for j = 0 … levels; it displays as a table. */
export interface ApproximationCurve {
  j: number[];
  P: number[];
  method: "exact" | "estimated";
  /** Samples behind an estimate. */
  n?: number;
  [DISPLAY](): MimeBundle;
}

/**
 * The approximation curve P(j) = 1 − P[x ∈ K_j and y = 0] (label 0 is the paper's −1): the accuracy of the
 * classifier "x ∈ K_j", which sees the fractal only down to level j. Negatives from level l lie in K_{l−1}, so they
 * are inside K_j exactly when l > j, and P(j) = 1 − (1 − positiveFraction)·Σ_{l>j} p_l. So P(0) = positiveFraction
 * (1/2 by default), P(depth) = 1, and P grows with j: how fast it grows says how much a shallow look already gets.
 *
 * Exact from a dataset made by `fractal` (its `meta`) or from `{ levelWeights, positiveFraction }`. With `{ spec }`
 * it is estimated from any 2-class dataset instead, by testing each sample's membership (`method: "estimated"`).
 *
 * @example
 * const ds = dl.datasets.fractal({ maps: dl.datasets.cantor, depth: 5, distribution: "coarse", seed: 0 });
 * dl.datasets.approximationCurve(ds) // j 0…5, P 0.5 … 1
 */
export function approximationCurve(source: Dataset | FractalLaw, options: ApproximationCurveOptions = {}): ApproximationCurve {
  const fn = "approximationCurve";
  const { levels, spec } = checkKeys(fn, options, KEYS);
  if (spec !== undefined) return estimated(fn, source, spec, levels);
  const law = isDataset(source) ? source.meta : source;
  const { levelWeights: w, positiveFraction = 0.5 } = (law ?? {}) as Partial<FractalLaw>;
  const ok = Array.isArray(w) && w.length >= 1 && w.every((v) => Number.isFinite(v) && v >= 0) && w.some((v) => v > 0);
  if (!ok) fail(fn, "source", "a dataset made by fractal(), { levelWeights, positiveFraction }, or any dataset with { spec }", source);
  checkNumber(fn, "positiveFraction", positiveFraction, 0, 1);
  const top = checkInteger(fn, "levels", levels ?? w.length, 0, MAX_FRACTAL_DEPTH);
  const total = w.reduce((s, v) => s + v, 0);
  const P = Array.from({ length: top + 1 }, (_, j) => {
    let tail = 0; // Σ_{l > j} p_l, p_l = w[l − 1]
    for (let l = j + 1; l <= w.length; l++) tail += w[l - 1]! / total;
    return 1 - (1 - positiveFraction) * tail;
  });
  return curve(P, "exact");
}

function estimated(fn: string, source: Dataset | FractalLaw, spec: IfsSpec, levels: number | undefined): ApproximationCurve {
  const ifs = checkIfs(fn, spec);
  if (!isDataset(source) || source.classes !== 2) fail(fn, "source", "a 2-class dataset when spec is given", source);
  if (source.inputs !== ifs.d) fail(fn, "source", `a dataset with ${ifs.d} input(s), as spec has`, `${source.inputs} inputs`);
  const depth = typeof source.meta["depth"] === "number" ? source.meta["depth"] : undefined;
  const top = checkInteger(fn, "levels", levels ?? depth, 0, MAX_FRACTAL_DEPTH);
  const inside = new Array<number>(top + 1).fill(0); // inside[j] = #{x ∈ K_j and y = 0}
  for (let i = 0; i < source.n; i++) {
    if (source.yValues[i] !== 0) continue;
    const x = source.xValues.subarray(i * ifs.d, (i + 1) * ifs.d);
    const reached = unfold(ifs, x, top, BOUNDARY_SLACK, ifs.expansion).level;
    for (let j = 0; j <= reached; j++) inside[j]! += 1;
  }
  return curve(
    inside.map((c) => 1 - c / source.n),
    "estimated",
    source.n,
  );
}

function curve(P: number[], method: "exact" | "estimated", n?: number): ApproximationCurve {
  const j = P.map((_, k) => k);
  const title = `approximation curve (${method}${n === undefined ? "" : ` from ${n} samples`}): P(j) = 1 − P[x ∈ K_j and y = 0]`;
  return {
    j,
    P,
    method,
    ...(n === undefined ? {} : { n }),
    [DISPLAY]: () => {
      const table = tableBundle(aq.table({ j, "P(j)": P }), { limit: 50 });
      return {
        "text/plain": `${title}\n${table["text/plain"] as string}`,
        "text/html": `<div><b>${escapeHtml(title)}</b></div>${table["text/html"] as string}`,
      };
    },
  };
}

function isDataset(value: unknown): value is Dataset {
  return typeof value === "object" && value !== null && "xValues" in value && "yValues" in value && "meta" in value;
}
