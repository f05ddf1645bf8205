import type * as VegaLite from "vega-lite";
import type * as Vega from "vega";

// vega-lite 6 and vega 6 are ES modules with top-level await, which `require()` cannot load.
// A real dynamic `import()` (kept as-is by TypeScript's node20 module mode) works from compiled
// library code, from the tests and from a kernel cell; the promise is cached so each loads once.
let vegaLite: Promise<typeof VegaLite> | null = null;
let vega: Promise<typeof Vega> | null = null;

/**
 * Loads vega-lite (an ES module) once.
 *
 * @example
 * const vl = await dl.loadVegaLite();
 * vl.compile({ mark: "point", data: { values: [] } }).spec
 */
export function loadVegaLite(): Promise<typeof VegaLite> {
  vegaLite ??= import("vega-lite");
  return vegaLite;
}

/**
 * Loads vega (an ES module) once, for rendering vega-lite specs to SVG in Node.
 *
 * @example
 * const vega = await dl.loadVega();
 * const view = new vega.View(vega.parse(spec), { renderer: "none" });
 */
export function loadVega(): Promise<typeof Vega> {
  vega ??= import("vega");
  return vega;
}
