import { readFile, readdir } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import type { PngOptions } from "./figure.js";
import { checkNumber } from "../options/check.js";

// resvg (Rust) compiled to WebAssembly: maintained, exact SVG 1.1 rendering, and one portable .wasm file, so it
// installs on every OS and Node version without a native build or a per-platform binary (@resvg/resvg-js needs
// one). The price: WebAssembly cannot read system fonts, so we find a sans-serif font ourselves and pass its bytes.

/** Font families tried in order, each with the file names of its regular and bold faces. */
const FAMILIES = [
  { family: "DejaVu Sans", files: ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"] },
  { family: "Liberation Sans", files: ["LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"] },
  { family: "Arial", files: ["Arial.ttf", "Arial Bold.ttf", "arial.ttf", "arialbd.ttf"] },
  { family: "Noto Sans", files: ["NotoSans-Regular.ttf", "NotoSans-Bold.ttf"] },
];
const FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", join(homedir(), ".fonts"), join(homedir(), ".local/share/fonts")].concat([
  "/Library/Fonts",
  "/System/Library/Fonts/Supplemental",
  "C:\\Windows\\Fonts",
]);

type ResvgModule = typeof import("@resvg/resvg-wasm");
interface Fonts {
  family: string;
  buffers: Uint8Array[];
}
let resvg: Promise<ResvgModule> | null = null;
let fonts: Promise<Fonts | null> | null = null;

/**
 * Rasterises an SVG document to PNG bytes with resvg. Text is drawn with the first sans-serif font found
 * (DejaVu Sans, Liberation Sans, Arial, Noto Sans under the usual font folders, or the .ttf files listed in the
 * environment variable `DEPTHLAB_FONTS`, separated by the path delimiter); an SVG with text and no font is an error.
 *
 * @example
 * await writeFile("fig.png", await svgToPng(await fig.toSVG(), { scale: 2 }));
 */
export async function svgToPng(svg: string, { scale = 2 }: PngOptions = {}): Promise<Uint8Array> {
  checkNumber("toPNG", "scale", scale, 0, 20, { min: true });
  const { Resvg } = await loadResvg();
  const font = /<text[\s>]/.test(svg) ? await loadFonts() : null;
  if (/<text[\s>]/.test(svg) && !font) {
    throw new Error(
      `toPNG: no font found to draw the figure's text (looked for ${FAMILIES.map((f) => f.family).join(", ")} under ` +
        `${FONT_DIRS.join(", ")}); install one (Debian: apt-get install fonts-dejavu-core) or set DEPTHLAB_FONTS to .ttf files`,
    );
  }
  const options = {
    fitTo: { mode: "zoom" as const, value: scale },
    background: "white",
    font: font
      ? { fontBuffers: font.buffers, defaultFontFamily: font.family, sansSerifFamily: font.family }
      : { fontBuffers: [] as Uint8Array[] },
  };
  const renderer = new Resvg(svg, options);
  try {
    const image = renderer.render();
    const png = image.asPng();
    image.free();
    return png;
  } finally {
    renderer.free();
  }
}

function loadResvg(): Promise<ResvgModule> {
  resvg ??= (async () => {
    const mod = await import("@resvg/resvg-wasm");
    await mod.initWasm(await readFile(require.resolve("@resvg/resvg-wasm/index_bg.wasm")));
    return mod;
  })();
  return resvg;
}

function loadFonts(): Promise<Fonts | null> {
  fonts ??= findFonts();
  return fonts;
}

async function findFonts(): Promise<Fonts | null> {
  const given = (process.env["DEPTHLAB_FONTS"] ?? "").split(process.platform === "win32" ? ";" : ":").filter(Boolean);
  if (given.length) return { family: "", buffers: await Promise.all(given.map(async (f) => new Uint8Array(await readFile(f)))) };
  const found = new Map<string, string>(); // file name → path
  for (const dir of FONT_DIRS) await walk(dir, 4, found);
  for (const { family, files } of FAMILIES) {
    const paths = files.map((f) => found.get(f)).filter((p): p is string => p !== undefined);
    if (paths.length) return { family, buffers: await Promise.all(paths.map(async (p) => new Uint8Array(await readFile(p)))) };
  }
  return null;
}

async function walk(dir: string, depth: number, found: Map<string, string>): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory() && depth > 0) await walk(path, depth - 1, found);
    else if (!found.has(basename(path))) found.set(basename(path), path);
  }
}
