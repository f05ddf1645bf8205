import { History } from "../train/history.js";
import { checkKeys } from "../options/check.js";
import type { CurvesOptions } from "./curves.js";
import type { Figure } from "./figure.js";

// `history.plot()` is drawn by the plot folder, which stands above train: train only records a run and never
// imports plot (plot → train, one way). This file is the one place that gives History its `plot` method, as an
// extension: the type below, the method at the bottom. lib/plot/index.ts loads it, so `dl.train.fit(...)` histories
// have it in any notebook. `curves` is imported on first use, so loading this file stays cheap.

declare module "../train/history.js" {
  interface History {
    /**
     * The training curves (loss and the other logged metrics, validation dashed), as `dl.plot.curves(this, options)`.
     *
     * @example
     * const history = await dl.train.fit(model, data, { epochs: 5 });
     * await history.plot({ logScale: true })
     */
    plot(options?: CurvesOptions): Promise<Figure>;
  }
}

async function plot(this: History, options: CurvesOptions = {}): Promise<Figure> {
  const { curves, CURVES_KEYS } = await import("./curves.js");
  return curves(this, checkKeys("history.plot", options, CURVES_KEYS));
}

// like a method written in the class: not enumerable
Object.defineProperty(History.prototype, "plot", { value: plot, writable: true, configurable: true });
