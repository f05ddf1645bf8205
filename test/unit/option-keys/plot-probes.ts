import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as dl from "../../../lib/index.js";
import { historyOf } from "../plot-vega-fixtures.js";

/** A vega-lite figure, which renders to SVG and PNG in Node (no Chromium needed). */
const vegaFigure = () => dl.plot.histogram([1, 2, 2, 3], { bins: 3 });

/** One call per public function of dl.plot (and dl.plot.live, from lib/progress) that takes options, with `extra` spread into its options. */
export const PROBES: Record<string, (extra: Record<string, unknown>) => unknown> = {
  "plot.columnsOf": (extra) => dl.plot.columnsOf("columnsOf", [1, 2], { ...extra }),
  "plot.line": (extra) => dl.plot.line({ y: [1, 2] }, { ...extra }),
  "plot.scatter": (extra) => dl.plot.scatter({ x: [0, 1], y: [1, 2] }, { ...extra }),
  "plot.heatmap": (extra) =>
    dl.plot.heatmap(
      [
        [1, 2],
        [3, 4],
      ],
      { ...extra },
    ),
  "plot.surface": (extra) =>
    dl.plot.surface(
      [
        [1, 2],
        [3, 4],
      ],
      { ...extra },
    ),
  "plot.images": (extra) => dl.plot.images(tf.zeros([1, 2, 2]), { ...extra }),
  "plot.decisionBoundary": (extra) =>
    dl.plot.decisionBoundary(dl.models.mlp({ inputs: 2, hidden: [2], outputs: 2 }), dl.datasets.disc({ n: 4 }), {
      resolution: 4,
      ...extra,
    }),
  "plot.pieces": (extra) => dl.plot.pieces(dl.constructions.sawtoothWeights(2), { ...extra }),
  "plot.regions": (extra) => dl.plot.regions(dl.constructions.montufarWeights({ inputs: 2, layers: 1, width: 4 }), { ...extra }),
  "plot.fractal": (extra) => dl.plot.fractal(dl.datasets.fractal({ maps: dl.datasets.cantor, depth: 2, n: 8 }), { ...extra }),
  "plot.lossLandscape": (extra) => dl.plot.lossLandscape((x: number, y: number) => x * x + y * y, { resolution: 10, ...extra }),
  "plot.histogram": (extra) => dl.plot.histogram([1, 2, 3], { ...extra }),
  "plot.curves": (extra) => dl.plot.curves(historyOf(0.1), { ...extra }),
  "plot.layerStats": (extra) => dl.plot.layerStats(historyOf(0.02), { ...extra }),
  "plot.table": (extra) => dl.plot.table([{ a: 1 }], { ...extra }),
  "plot.live": (extra) => dl.plot.live({ ...extra }),
  "History.plot": (extra) => historyOf(0.1).plot({ ...extra }),
  "Figure.toPNG": async (extra) => (await vegaFigure()).toPNG({ scale: 1, ...extra }),
  "Figure.save": async (extra) => {
    const fig = await vegaFigure();
    const dir = mkdtempSync(join(tmpdir(), "depthlab-probe-"));
    try {
      await fig.save(join(dir, "figure.json"), { ...extra });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
