import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DISPLAY } from "../../lib/display/protocol.js";
import { curves } from "../../lib/plot/curves.js";
import { histogram } from "../../lib/plot/histogram.js";
import { layerStats } from "../../lib/plot/layer-stats.js";
import { svgToPng } from "../../lib/plot/png.js";
import { historyOf } from "./plot-vega-fixtures.js";

const bars = (svg: string) => svg.match(/aria-roledescription="bar"/g)?.length ?? 0;
const size = (svg: string) =>
  svg
    .match(/<svg[^>]* width="(\d+)" height="(\d+)"/)!
    .slice(1)
    .map(Number);
/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
const pngSize = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset);
  return [view.getUint32(16), view.getUint32(20)];
};
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe("vega-lite figures display and render in Node", () => {
  it("display as exactly the vega-lite spec, an SVG and one line of text (no text/html)", async () => {
    const fig = await histogram([0, 1, 1, 2, 2, 2, 3], { bins: 4 });
    const bundle = await fig[DISPLAY]();
    assert.deepEqual(Object.keys(bundle).sort(), ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]);
    assert.equal(bundle["application/vnd.vegalite.v5+json"], fig.spec);
    assert.match(String(bundle["image/svg+xml"]), /^<svg /);
    assert.equal(bundle["text/plain"], "Figure(histogram, 1 series, 7 points)");
  });

  it("draws one bar per bin, labelled with its hand-counted height", async () => {
    const svg = await (await histogram([0, 1, 1, 2, 2, 2, 3], { bins: 4 })).toSVG();
    assert.equal(bars(svg), 4);
    const counts = [...svg.matchAll(/aria-label="[^"]*count: (\d+)/g)].map((m) => Number(m[1]));
    assert.deepEqual(counts, [1, 2, 3, 1]);
  });

  it("draws bins × groups bars with colour and facets, and bins × layers in a layerStats grid", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ v: i % 7, g: i % 2 ? "a" : "b", f: i % 3 ? "x" : "y" }));
    assert.equal(bars(await (await histogram(rows, { x: "v", color: "g", facet: "f", bins: 5 })).toSVG()), 5 * 2 * 2);
    assert.equal(bars(await (await layerStats(historyOf(0.02))).toSVG()), 3 * 8); // 3 layers, 8 recorded bins each
    assert.equal(bars(await (await layerStats({ a: historyOf(0.02), b: historyOf(0.1) })).toSVG()), 2 * 3 * 8);
  });

  it("draws a line per run and metric in curves", async () => {
    const svg = await (await curves({ a: historyOf(0.02), b: historyOf(0.1) }, { metrics: ["loss", "accuracy"] })).toSVG();
    assert.equal(svg.match(/aria-roledescription="line mark"/g)?.length, 2 * 2);
  });

  it("rasterises to a PNG of the SVG's size times the scale", async () => {
    const fig = await histogram([0, 1, 1, 2, 2, 2, 3], { bins: 4, title: "hand count" });
    const [w, h] = size(await fig.toSVG());
    for (const scale of [1, 2]) {
      const png = await fig.toPNG({ scale });
      assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE);
      assert.deepEqual(pngSize(png), [w! * scale, h! * scale]);
    }
    await assert.rejects(fig.toPNG({ scale: 0 }), /toPNG: scale must be a finite number in \(0, 20\], got 0/);
  });

  it("rasterises an SVG without text even with no font", async () => {
    const png = await svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="6"><rect width="5" height="6"/></svg>', {
      scale: 3,
    });
    assert.deepEqual(pngSize(png), [30, 18]);
  });

  it("saves .svg, .png, .json and an offline .html page", async () => {
    const dir = mkdtempSync(join(tmpdir(), "depthlab-vega-"));
    try {
      const fig = await layerStats(historyOf(0.02), { stat: "std" });
      for (const ext of ["svg", "png", "json", "html"]) await fig.save(join(dir, `fig.${ext}`));
      assert.deepEqual([...readFileSync(join(dir, "fig.png")).subarray(0, 8)], PNG_SIGNATURE);
      assert.deepEqual(JSON.parse(readFileSync(join(dir, "fig.json"), "utf8")), fig.spec);
      const html = readFileSync(join(dir, "fig.html"), "utf8");
      assert.match(html, /<svg /);
      assert.doesNotMatch(html, /<script[^>]* src=|https?:\/\/(?!www\.w3\.org|vega\.github\.io)/); // nothing fetched
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
