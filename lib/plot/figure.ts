import { writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { DISPLAY, type MimeBundle } from "../display/protocol.js";
import { checkKeys, fail, type KnownKeys } from "../options/check.js";
import { plotlyBundle, plotlyHtmlPage, plotlySvg } from "./plotly/render.js";
import { svgToPng } from "./png.js";
import { vegaLiteBundle, vegaLiteHtmlPage, vegaLiteSvg } from "./vega/render.js";

/** Which library draws a figure ("table": none, a table shown as text and HTML, see `dl.plot.table`). */
export type FigureEngine = "plotly" | "vega-lite" | "table";

/** What a figure shows, for its one-line text form. */
export interface FigureInfo {
  /** The function that made it: "line", "scatter", "regions", ... */
  kind: string;
  /** Number of traces (plotly) or of series / facets (vega-lite). */
  series: number;
  /** Number of data points drawn. */
  points: number;
}

/** Options of {@link Figure.toPNG} and {@link Figure.save}. */
export interface PngOptions {
  /** Pixels per SVG unit (default 2). */
  scale?: number;
}

const PNG_KEYS: KnownKeys<PngOptions> = { scale: true };

/**
 * A figure made by a `dl.plot` function: the spec of the library that draws it (a plotly `{ data, layout, config }`
 * or a vega-lite spec) plus how it shows itself. Displaying it sends a MIME bundle that renders in JupyterLab,
 * Notebook 7 and VS Code (the JSON MIME types), and through fallbacks elsewhere: a vega-lite figure as an SVG drawn
 * in Node; a plotly figure as HTML that classic Notebook draws (plotly.js from `depthlab install`'s nbextension) and
 * other pages describe in a sentence (see `dl.plot.embedPlotly`). It fits the output area (at most 760 px wide,
 * unless a wider plot is asked for). `.spec` is the plain object, free to tweak before displaying it again.
 *
 * @example
 * const fig = await dl.plot.line({ x: [0, 1, 2], y: [0, 1, 4] });
 * fig.spec.layout.title = { text: "squares" };
 * fig                       // displays it
 * await fig.save("squares.png");
 */
export class Figure {
  constructor(
    readonly engine: FigureEngine,
    readonly spec: any,
    readonly info: FigureInfo,
  ) {}

  /** One line: `Figure(line, 3 series, 200 points)`. */
  toString(): string {
    const { kind, series, points } = this.info;
    return `Figure(${kind}, ${series} series, ${points} points)`;
  }

  [DISPLAY](): MimeBundle | Promise<MimeBundle> {
    return this.engine === "plotly" ? plotlyBundle(this.spec, this.toString()) : vegaLiteBundle(this.spec, this.toString());
  }

  /** The figure as an SVG document (vega-lite: rendered in Node; plotly: rendered in headless Chromium). */
  toSVG(): Promise<string> {
    return this.engine === "plotly" ? plotlySvg(this.spec) : vegaLiteSvg(this.spec);
  }

  /** The figure as PNG bytes, rasterised from its SVG. */
  async toPNG(options: PngOptions = {}): Promise<Uint8Array> {
    checkKeys("Figure.toPNG", options, PNG_KEYS);
    return svgToPng(await this.toSVG(), options);
  }

  /** A self-contained HTML page drawing the figure, with no network access needed. */
  toHTML(): Promise<string> {
    return this.engine === "plotly" ? plotlyHtmlPage(this.spec, this.toString()) : vegaLiteHtmlPage(this.spec, this.toString());
  }

  /**
   * Writes the figure to `path`, in the format its extension names: .svg, .png, .html or .json (the spec). A plotly
   * figure is drawn as SVG or PNG in headless Chromium: the first such save in a process starts it (seconds), later
   * ones reuse it (a fraction of a second).
   */
  async save(path: string, options: PngOptions = {}): Promise<void> {
    checkKeys("Figure.save", options, PNG_KEYS);
    const ext = extname(path).toLowerCase();
    if (ext === ".svg") return writeFile(path, await this.toSVG());
    if (ext === ".png") return writeFile(path, await this.toPNG(options));
    if (ext === ".html") return writeFile(path, await this.toHTML());
    if (ext === ".json") return writeFile(path, this.toJSONText());
    return fail("Figure.save", "path", "a file name ending in .svg, .png, .html or .json", path);
  }

  /** What `save("x.json")` writes: the spec as indented JSON. */
  protected toJSONText(): string {
    return JSON.stringify(this.spec, null, 2);
  }
}
