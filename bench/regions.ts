// Counting benchmark: the exact counters countPieces (1 input) and countRegions (2 inputs) against the obvious
// alternative, labelling a dense grid with activation patterns in PyTorch (bench/regions-grid.py), on the same
// nets in the same run. Writes bench/regions.md. Longer than most files: it builds the nets, times both sides
// and writes the report, and these parts are read together.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sawtoothWeights } from "../lib/constructions/sawtooth.js";
import type { LayerWeights } from "../lib/nets/layer-weights.js";
import { Rng } from "../lib/random/rng.js";
import { countPieces } from "../lib/regions/count-pieces.js";
import { countRegions } from "../lib/regions/count-regions.js";
import { PACKAGE_ROOT } from "../lib/version.js";
import { cpuDescription, loadAverage, runPython } from "./machine.js";

const REPS = Number(process.env.BENCH_REPS ?? 5); // timed runs per case, at least (after one warm-up run)
const MIN_MS = 300; // a fast case repeats until this much time is spent (100 runs at most)
const CAP_MS = 20_000; // once one run of a width takes longer, its deeper nets are skipped
const GRID_BUDGET_S = 15; // the grid skips a size whose predicted time passes this
const SAWTOOTH_DEPTHS = [12, 16, 20];
const LINE_NETS = [8, 32].flatMap((width) => [4, 6, 8, 10].map((depth) => ({ width, depth })));
const PLANE_WIDTHS = [8, 16, 32];
const PLANE_DEPTHS = [2, 3, 4, 5, 6];
const BOX: [[number, number], [number, number]] = [
  [-1, 1],
  [-1, 1],
];
const LINE_GRIDS = [1e6, 1e7];
const PLANE_GRIDS = [256, 1024, 2048];

/** `depth` relu layers of `width` units and one linear output; weights and biases standard normal. */
function randomNet(inputs: number, width: number, depth: number, seed: number): LayerWeights[] {
  const rng = new Rng(seed);
  const dense = (rows: number, cols: number, activation: "relu" | "linear"): LayerWeights => ({
    weight: Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.normal())),
    bias: Array.from({ length: rows }, () => rng.normal()),
    activation,
  });
  return [...Array.from({ length: depth }, (_, d) => dense(width, d === 0 ? inputs : width, "relu")), dense(1, width, "linear")];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median time (ms) of at least REPS runs after one warm-up run, and the last result. */
async function time<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await run();
  const times: number[] = [];
  while (times.length < REPS || (times.reduce((a, b) => a + b, 0) < MIN_MS && times.length < 100)) {
    const t = performance.now();
    result = await run();
    times.push(performance.now() - t);
  }
  return { ms: median(times), result };
}

interface GridCase {
  id: string;
  kind: "1d" | "2d";
  layers: LayerWeights[];
  domain?: [number, number];
  box?: [[number, number], [number, number]];
  grids: number[];
}
interface GridResult {
  id: string;
  n: number;
  ms?: number;
  patterns?: number;
  pieces?: number;
  skipped?: string;
}
interface GridRun {
  torch: string;
  threads: number;
  blasInfo: string;
  /** The BLAS torch really calls: kind, version, file and threads (bench/blas_probe.py). */
  blas: string;
  /** True when that is the netlib reference BLAS: the script refuses it unless DEPTHLAB_BENCH_REFERENCE_BLAS=1. */
  blasReference: boolean;
  results: GridResult[];
}

/** Runs bench/regions-grid.py on the cases; a string says why it could not. */
function runGrid(cases: GridCase[]): GridRun | string {
  const script = join(PACKAGE_ROOT, "bench", "regions-grid.py");
  return runPython<GridRun>(script, { reps: 3, budget_s: GRID_BUDGET_S, cases }, "regions-grid.py");
}

const ms = (v: number | undefined) => (v === undefined ? "—" : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
const rate = (count: number, millis: number) => {
  const perS = (count / millis) * 1000;
  return perS >= 1e6 ? `${(perS / 1e6).toFixed(2)} M` : perS >= 1e3 ? `${(perS / 1e3).toFixed(1)} k` : perS.toFixed(0);
};

async function main() {
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const load = loadAverage();
  const gridCases: GridCase[] = [];

  // 1. one input: the sawtooth and random deep nets
  const saw: { depth: number; pieces: number; activation: number; ms: number }[] = [];
  for (const depth of SAWTOOTH_DEPTHS) {
    const layers = sawtoothWeights(depth);
    const t = await time(() => countPieces(layers, { domain: [0, 1] }));
    saw.push({ depth, pieces: t.result.pieces, activation: t.result.activationPieces, ms: t.ms });
    gridCases.push({ id: `saw${depth}`, kind: "1d", layers, domain: [0, 1], grids: LINE_GRIDS });
    log(`sawtooth ${depth}: ${t.result.pieces} pieces in ${ms(t.ms)} ms (${rate(t.result.pieces, t.ms)} pieces/s)`);
  }
  const line: { width: number; depth: number; pieces: number; activation: number; ms: number }[] = [];
  for (const { width, depth } of LINE_NETS) {
    const layers = randomNet(1, width, depth, 1000 * width + depth);
    const t = await time(() => countPieces(layers, { domain: [-10, 10] }));
    line.push({ width, depth, pieces: t.result.pieces, activation: t.result.activationPieces, ms: t.ms });
    gridCases.push({ id: `line${width}x${depth}`, kind: "1d", layers, domain: [-10, 10], grids: LINE_GRIDS });
    log(`1-D width ${width} depth ${depth}: ${t.result.activationPieces} activation pieces in ${ms(t.ms)} ms`);
  }

  // 2. two inputs: random nets on the box, and one on the whole plane
  type PlaneRow = { id: string; width: number; depth: number; activation: number; linear: number; ms: number; all?: boolean };
  const plane: PlaneRow[] = [];
  const skipped: string[] = [];
  for (const width of PLANE_WIDTHS) {
    let slow = false;
    for (const depth of PLANE_DEPTHS) {
      if (slow) {
        skipped.push(`width ${width} depth ${depth}`);
        continue;
      }
      const layers = randomNet(2, width, depth, 100 * width + depth);
      const t = await time(() => countRegions(layers, { box: BOX }));
      const id = `plane${width}x${depth}`;
      plane.push({ id, width, depth, activation: t.result.activationRegions, linear: t.result.linearRegions, ms: t.ms });
      gridCases.push({ id, kind: "2d", layers, box: BOX, grids: PLANE_GRIDS });
      log(`2-D width ${width} depth ${depth}: ${t.result.activationRegions} activation regions in ${ms(t.ms)} ms`);
      slow = t.ms > CAP_MS;
    }
  }
  const allLayers = randomNet(2, 16, 4, 100 * 16 + 4);
  const all = await time(() => countRegions(allLayers, { box: "all" }));
  const allRow: PlaneRow = {
    id: "all16x4",
    width: 16,
    depth: 4,
    activation: all.result.activationRegions,
    linear: all.result.linearRegions,
    ms: all.ms,
    all: true,
  };
  gridCases.push({ id: allRow.id, kind: "2d", layers: allLayers, box: all.result.view, grids: PLANE_GRIDS });
  log(`2-D width 16 depth 4 on the whole plane: ${allRow.activation} activation regions in ${ms(allRow.ms)} ms`);

  // 3. the reference: PyTorch on a grid, same nets
  log("grid reference (PyTorch)…");
  const grid = runGrid(gridCases);
  if (typeof grid !== "string") log(`PyTorch ${grid.torch}, ${grid.threads} intra-op thread(s); BLAS: ${grid.blas}`);
  const referenceBlas =
    typeof grid !== "string" && grid.blasReference
      ? "PyTorch ran on the netlib reference BLAS (DEPTHLAB_BENCH_REFERENCE_BLAS=1), a plain loop on one thread: the grid's " +
        "matrix products are several times slower than PyTorch's anywhere else, so every time ratio to the grid here flatters " +
        "the exact counters (the counts are unaffected). Install an optimised BLAS (Debian: apt-get install libopenblas0-pthread) and run again."
      : undefined;
  if (referenceBlas) log(`WARNING: ${referenceBlas}`);
  const found = (id: string, n: number) => (typeof grid === "string" ? undefined : grid.results.find((r) => r.id === id && r.n === n));
  const gridCells = (id: string, n: number, key: "patterns" | "pieces") => {
    const r = found(id, n);
    if (!r) return ["—", "—"];
    if (r.skipped) return ["skipped", "—"];
    return [String(r[key]), ms(r.ms)];
  };

  // how exact time grows with the number of regions: least-squares slope of log(time) on log(regions)
  const slope = (rows: PlaneRow[]) => {
    const xs = rows.map((r) => Math.log(r.activation));
    const ys = rows.map((r) => Math.log(r.ms));
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    const sxy = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
    const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    return sxy / sxx;
  };
  const perRegion = (rows: PlaneRow[]) => rows.map((r) => (r.ms * 1000) / r.activation);

  const cpu = cpuDescription();
  const torchLine =
    typeof grid === "string"
      ? `Reference: not run — ${grid}.`
      : `Reference: PyTorch ${grid.torch} (Debian python3-torch, /usr/bin/python3), float64, ${grid.threads} intra-op thread(s), ` +
        `torch.__config__.show(): BLAS_INFO=${grid.blasInfo}; BLAS called (the library whose sgemm_ torch resolves, bench/blas_probe.py): ${grid.blas}. ` +
        `Grid times are the median of 3 runs (1 run above 4 M points), timed inside Python (no start-up, no import).`;

  const sawBest = saw[saw.length - 1]!;
  const sawRate = (sawBest.pieces / sawBest.ms) * 1000;
  const lineTotal = line.reduce((a, r) => a + r.activation, 0);
  const lineMs = line.reduce((a, r) => a + r.ms, 0);
  const largest = PLANE_GRIDS[PLANE_GRIDS.length - 1]!;
  /** The largest grid that ran for a 2-D row: share of the exact activation regions found, and time ratio. */
  const largestGrid = (r: PlaneRow) => {
    const g = [...PLANE_GRIDS]
      .reverse()
      .map((n) => found(r.id, n))
      .find((x) => x?.patterns !== undefined);
    return g ? { share: g.patterns! / r.activation, slower: g.ms! / r.ms, n: g.n } : undefined;
  };
  const shares = plane.map(largestGrid).filter((x) => x !== undefined);
  const allShare = largestGrid(allRow);
  const sawGrid6 = found(`saw${sawBest.depth}`, 1e6)?.pieces;
  const over: string[] = [];
  const gridSkips: string[] = [];
  const check = (id: string, what: string, n: number, label: string, key: "patterns" | "pieces", exact: number) => {
    const g = found(id, n);
    if (g?.skipped) gridSkips.push(`${what}, ${label} (${g.skipped})`);
    else if (g?.[key] !== undefined && g[key]! > exact) over.push(`${what}, ${label}: ${g[key]} > ${exact}`);
  };
  for (const n of LINE_GRIDS) {
    const label = `10^${Math.log10(n)} points`;
    for (const r of saw) check(`saw${r.depth}`, `sawtooth ${r.depth}`, n, label, "pieces", r.pieces);
    for (const r of line) check(`line${r.width}x${r.depth}`, `width ${r.width} depth ${r.depth}`, n, label, "patterns", r.activation);
  }
  for (const n of PLANE_GRIDS) {
    for (const r of [...plane, allRow]) {
      check(r.id, `width ${r.width} depth ${r.depth}${r.all ? " (whole plane)" : ""}`, n, `${n}²`, "patterns", r.activation);
    }
  }
  const times = (v: number) => (v < 10 ? `${v.toFixed(1)}×` : `${v.toFixed(0)}×`);
  const [vx, vy] = all.result.view.map((iv) => `[${iv.map((v) => Number(v.toPrecision(3))).join(", ")}]`);
  const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

  const sawRows = saw.map((r) => {
    const [g6, t6] = gridCells(`saw${r.depth}`, 1e6, "pieces");
    const [g7, t7] = gridCells(`saw${r.depth}`, 1e7, "pieces");
    return `| ${r.depth} | ${r.pieces} | ${r.activation} | ${ms(r.ms)} | ${rate(r.pieces, r.ms)} | ${g6} | ${t6} | ${g7} | ${t7} |`;
  });
  const lineRows = line.map((r) => {
    const id = `line${r.width}x${r.depth}`;
    const [p6, t6] = gridCells(id, 1e6, "patterns");
    const [p7, t7] = gridCells(id, 1e7, "patterns");
    const k7 = gridCells(id, 1e7, "pieces")[0];
    return `| ${r.width} | ${r.depth} | ${r.activation} | ${r.pieces} | ${ms(r.ms)} | ${rate(r.activation, r.ms)} | ${p6} | ${t6} | ${p7} / ${k7} | ${t7} |`;
  });
  const planeRows = [...plane, allRow].map((r) => {
    const cells = PLANE_GRIDS.flatMap((n) => gridCells(r.id, n, "patterns"));
    const what = r.all ? `${r.width} (whole plane)` : String(r.width);
    const perUs = ((r.ms * 1000) / r.activation).toFixed(0);
    return `| ${what} | ${r.depth} | ${r.activation} | ${r.linear} | ${ms(r.ms)} | ${rate(r.activation, r.ms)} | ${perUs} | ${cells.join(" | ")} |`;
  });
  const widthFits = PLANE_WIDTHS.map((w) => {
    const rows = plane.filter((r) => r.width === w);
    const us = perRegion(rows);
    return `| ${w} | ${rows.length > 1 ? slope(rows).toFixed(2) : "—"} | ${Math.min(...us).toFixed(0)}–${Math.max(...us).toFixed(0)} |`;
  });

  const report = [
    `# Exact counting of pieces and regions (${new Date().toISOString().slice(0, 10)})`,
    "",
    ...(referenceBlas ? [`> **WARNING: ${referenceBlas}**`, ""] : []),
    `Machine: ${cpu}, Node ${process.versions.node}, load average ${load} at start (the machine is shared). ` +
      `Exact counts: median of ≥ ${REPS} runs after a warm-up (fast cases repeat for ≥ ${MIN_MS} ms), single-threaded, ` +
      `plain weight arrays (no tfjs), float64. Random nets: standard normal weights and biases, fixed seeds, one linear output.`,
    torchLine,
    "The grid labels each of N (1-D) or N × N (2-D) cell centres with its activation pattern and counts the distinct ones: " +
      "what a sampler finds, not the exact count.",
    "",
    "## 1. One input: the depth-D sawtooth on [0, 1] (2^D pieces)",
    "",
    "| D | pieces | activation pieces | exact (ms) | pieces/s | grid 10^6: pieces | (ms) | grid 10^7: pieces | (ms) |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...sawRows,
    "",
    `Goal ≥ 1 M pieces/s on this machine for the depth-20 sawtooth: **${sawRate >= 1e6 ? "met" : "not met"}** ` +
      `(${rate(sawBest.pieces, sawBest.ms)} pieces/s).`,
    "",
    "## 1b. One input: random deep nets on [−10, 10]",
    "",
    "Grid 10^7 shows distinct patterns / runs of equal slope (a lower bound on activation pieces / pieces).",
    "",
    "| width | depth | activation pieces | pieces | exact (ms) | activation pieces/s | grid 10^6: patterns | (ms) | grid 10^7: patterns / pieces | (ms) |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...lineRows,
    "",
    `All ${line.length} nets together: ${lineTotal} activation pieces in ${ms(lineMs)} ms, ${rate(lineTotal, lineMs)} activation pieces/s ` +
      "(every interval of every layer is composed with the next layer, about width² multiply-adds, so the rate falls with width " +
      "and depth; the sawtooth has width 2).",
    "",
    "## 2. Two inputs: random nets on [−1, 1]², and one on the whole plane",
    "",
    `Grid columns: distinct activation patterns found on an N × N grid, and the time. The whole-plane row's grid covers the box the exact counter draws in (every cell reaches it).` +
      (skipped.length
        ? ` Skipped (a shallower net of the width took over ${CAP_MS / 1000} s): ${skipped.join(", ")}.`
        : " No net was skipped."),
    "",
    `| width | depth | activation regions | linear regions | exact (ms) | regions/s | µs per region | ${PLANE_GRIDS.map((n) => `grid ${n}²: patterns | (ms)`).join(" | ")} |`,
    `|---:|---:|---:|---:|---:|---:|---:|${PLANE_GRIDS.map(() => "---:|---:").join("|")}|`,
    ...planeRows,
    "",
    `How the exact time grows with the number of activation regions R (box rows): log-log slope ${slope(plane).toFixed(2)} over all widths ` +
      "(1 = linear in R); per width:",
    "",
    "| width | log-log slope of time on R | µs per region |",
    "|---:|---:|---:|",
    ...widthFits,
    "",
    ...(gridSkips.length ? [`Grid runs skipped (predicted over ${GRID_BUDGET_S} s): ${gridSkips.join("; ")}.`, ""] : []),
    "## Interpretation",
    "",
    ...(shares.length
      ? [
          `On [−1, 1]², the largest grid that ran (up to ${largest}² = ${((largest * largest) / 1e6).toFixed(1)} M points) found ` +
            `${pct(Math.min(...shares.map((s) => s.share)))} to ${pct(Math.max(...shares.map((s) => s.share)))} of the exact activation regions ` +
            `and took ${times(Math.min(...shares.map((s) => s.slower)))} to ${times(Math.max(...shares.map((s) => s.slower)))} ` +
            "the time of the exact count" +
            (allShare
              ? `; on the whole plane, a ${allShare.n}² grid over the drawing box ${vx} × ${vy} found ${pct(allShare.share)} of them.`
              : "."),
        ]
      : []),
    `Exact counting pays per region and layer (each cell is tested against every unit's line and its affine map is composed with ` +
      `the layer, about width² work), so its cost per region grows with width and depth, ${Math.min(...perRegion(plane)).toFixed(0)} to ` +
      `${Math.max(...perRegion(plane)).toFixed(0)} µs here, and its time grows a little faster than the number of regions; ` +
      "a grid's time follows the number of points whatever the net, and what it misses are the small regions, which deep nets make more of.",
    ...(sawGrid6 !== undefined
      ? [
          `In 1-D, the 10^6 grid is coarser than the depth-${sawBest.depth} sawtooth's pieces (width 2^−${sawBest.depth}) and saw ` +
            `${sawGrid6} of its ${sawBest.pieces} pieces.`,
        ]
      : []),
    ...(over.length
      ? [
          `A grid can also count too many (${over.join("; ")}): a grid point that lands exactly on a boundary has a unit at exactly 0, ` +
            "a pattern of a single point or line, which the exact counter, counting open pieces and regions, does not have.",
        ]
      : []),
    "",
  ].join("\n");
  writeFileSync(join(PACKAGE_ROOT, "bench", "regions.md"), report);
  process.stdout.write(report);
}

void main().then(() => process.exit(0));
