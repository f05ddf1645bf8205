import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";

export type { Browser };

/** Debian's Chromium, which the browser tests drive through playwright-core. */
export const CHROMIUM = process.env["DEPTHLAB_CHROMIUM"] ?? "/usr/bin/chromium";

/**
 * Headless Chromium, or a sentence saying what is missing (the caller skips, or fails when DEPTHLAB_REQUIRE_CHROMIUM is set).
 *
 * @example
 * const browser = await launchChromium();
 * if (typeof browser === "string") t.skip(browser);
 */
export async function launchChromium(): Promise<Browser | string> {
  if (!existsSync(CHROMIUM)) return `Chromium is not at ${CHROMIUM} (apt-get install chromium)`;
  let playwright: typeof import("playwright-core");
  try {
    playwright = await import("playwright-core");
  } catch {
    return "playwright-core is not installed (npm install)";
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
  return playwright.chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
}
