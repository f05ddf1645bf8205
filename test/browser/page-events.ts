import type { Page } from "./chromium.js";

/**
 * Something a page reported that may be an error, flattened to what the checks classify by: what it says and where it
 * comes from.
 *
 * - `console-error`: a `console.error` call or a message Chromium itself logs at error level ("Failed to load
 *   resource", "Refused to execute script"); `url` is Playwright's `msg.location().url` (the script that logged it, the
 *   resource that failed, or the page).
 * - `page-error`: an uncaught exception; `url` is the top frame of its stack ("" when the stack names no URL).
 * - `request-failed`: a request that got no response (refused, aborted, blocked); `text` is Chromium's error and the
 *   resource type, `net::ERR_ABORTED (script)`; `url` the request's.
 *
 * Warnings and logs are not events: front ends and libraries use them freely.
 */
export interface PageEvent {
  kind: "console-error" | "page-error" | "request-failed";
  text: string;
  url: string;
}

/** The URL of the top frame of a V8 stack (`at f (http://host/x.js:1:2)` or `at http://host/x.js:1:2`), or "". */
export function topFrameUrl(stack: string): string {
  const frame = /^\s*at (?:.*? \()?((?:https?|file|about|data):[^\s)]*?)(?::\d+){0,2}\)?$/m.exec(stack);
  return frame?.[1] ?? "";
}

/**
 * Starts recording a page's error-level events; the returned array fills as the page runs.
 *
 * @example
 * const events = recordPageEvents(page);
 * await page.goto(url);
 * const { errors } = classifyPageEvents(events);
 */
export function recordPageEvents(page: Page): PageEvent[] {
  const events: PageEvent[] = [];
  page.on("console", (m) => void (m.type() === "error" && events.push({ kind: "console-error", text: m.text(), url: m.location().url })));
  page.on("pageerror", (e) => void events.push({ kind: "page-error", text: e.message, url: topFrameUrl(e.stack ?? "") }));
  page.on("requestfailed", (r) => {
    const text = `${r.failure()?.errorText ?? "failed"} (${r.resourceType()})`;
    events.push({ kind: "request-failed", text, url: r.url() });
  });
  return events;
}
