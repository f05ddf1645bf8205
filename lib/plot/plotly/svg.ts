import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { plotlyPath } from "./library.js";

const CANDIDATES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/** The Chromium to render with: $DEPTHLAB_CHROMIUM, else the first of chromium, chromium-browser, google-chrome on $PATH. */
export function findChromium(): string | undefined {
  const given = process.env["DEPTHLAB_CHROMIUM"];
  if (given) return existsSync(given) ? given : undefined;
  const dirs = (process.env["PATH"] ?? "/usr/bin").split(delimiter);
  for (const name of CANDIDATES) {
    for (const dir of dirs) if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * Renders a plotly figure to an SVG document in headless Chromium (driven by playwright-core) with
 * `Plotly.toImage({ format: "svg" })`. 3-D traces come out as an embedded bitmap inside the SVG, as in plotly itself.
 * Throws, saying what to install, when no Chromium is found.
 *
 * @example
 * await writeFile("fig.svg", await plotlySvg(fig.spec));
 */
export async function plotlySvg(spec: any): Promise<string> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error(
      "plotlySvg: saving a plotly figure as SVG or PNG needs Chromium: install it (Debian: apt-get install chromium) " +
        "or set DEPTHLAB_CHROMIUM to a Chrome or Chromium binary" +
        (process.env["DEPTHLAB_CHROMIUM"] ? ` (it names ${process.env["DEPTHLAB_CHROMIUM"]}, which does not exist)` : "") +
        "; saving as .html or .json needs nothing",
    );
  }
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<div id="figure"></div>');
    await page.addScriptTag({ path: plotlyPath() });
    const url = await page.evaluate(async (fig: any) => {
      const g = globalThis as any;
      const [width, height] = [fig.layout?.width ?? 700, fig.layout?.height ?? 450];
      const el = g.document.getElementById("figure");
      el.style.width = `${width}px`; // lay out at the exported size, so scaleanchor and constrain see the final box
      el.style.height = `${height}px`;
      await g.Plotly.newPlot(el, fig.data, { ...fig.layout, width, height }, { ...fig.config, responsive: false, staticPlot: true });
      return g.Plotly.toImage(el, { format: "svg", width, height }) as string;
    }, spec);
    const comma = url.indexOf(",");
    return forRasterisers(decodeURIComponent(url.slice(comma + 1)));
  } finally {
    await browser.close();
  }
}

/**
 * Plotly's SVG says two things in CSS that resvg (our PNG rasteriser) does not read: `fill: url('#id')` (a quoted
 * reference, so colour bars came out black) and `image-rendering: pixelated` (so heatmap cells came out blurred).
 * Both are rewritten in plain SVG.
 */
function forRasterisers(svg: string): string {
  return svg
    .replace(/url\((?:'|"|&quot;)(#[^'"&)]+)(?:'|"|&quot;)\)/g, "url($1)")
    .replace(/image-rendering:\s*pixelated/g, "image-rendering: optimizeSpeed");
}
