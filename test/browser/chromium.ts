import type { Browser, Page } from "playwright-core";
import { findChromium } from "../../lib/plot/plotly/svg.js";

export type { Browser, Page };

/**
 * Headless Chromium, or a sentence saying what is missing (the caller skips, or fails when DEPTHLAB_REQUIRE_CHROMIUM is set).
 *
 * @example
 * const browser = await launchChromium();
 * if (typeof browser === "string") t.skip(browser);
 */
export async function launchChromium(): Promise<Browser | string> {
  const chromium = findChromium(); // the one the library renders with: $DEPTHLAB_CHROMIUM, else chromium on $PATH
  if (!chromium) return "no Chromium found (apt-get install chromium, or set DEPTHLAB_CHROMIUM)";
  let playwright: typeof import("playwright-core");
  try {
    playwright = await import("playwright-core");
  } catch {
    return "playwright-core is not installed (npm install)";
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
  return playwright.chromium.launch({ executablePath: chromium, headless: true, args: ["--no-sandbox"] });
}
