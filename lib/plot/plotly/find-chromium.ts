import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

const CANDIDATES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/**
 * The Chromium to render with: $DEPTHLAB_CHROMIUM, else the first of chromium, chromium-browser, google-chrome on
 * $PATH; undefined when there is none.
 *
 * @example
 * findChromium() // "/usr/bin/chromium"
 */
export function findChromium(): string | undefined {
  const given = process.env["DEPTHLAB_CHROMIUM"];
  if (given) return existsSync(given) ? given : undefined;
  const dirs = (process.env["PATH"] ?? "/usr/bin").split(delimiter);
  for (const name of CANDIDATES) {
    for (const dir of dirs) if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}
