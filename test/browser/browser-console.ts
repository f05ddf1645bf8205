import { CONSOLE_ALLOW_LIST, type AllowedNoise } from "./console-allow-list.js";
import type { PageEvent } from "./page-events.js";

/** A page's error-level events, split: `errors` fail the check, `allowed` are a front end's own noise (for diagnostics). */
export interface ClassifiedEvents {
  errors: string[];
  allowed: string[];
}

/** `console error (http://host/x.js): text`: one event as a line in an assertion message. */
export function describePageEvent(event: PageEvent): string {
  return `${event.kind.replace("-", " ")} (${event.url || "no URL"}): ${event.text}`;
}

/** The allow-list entry that covers `event`, if any: kind, text and URL must all match. */
export function allowedBy(event: PageEvent, allowList: readonly AllowedNoise[] = CONSOLE_ALLOW_LIST): AllowedNoise | undefined {
  return allowList.find((a) => a.kind === event.kind && a.text.test(event.text) && a.url.test(event.url));
}

/**
 * Splits a page's events into errors and allowed front-end noise. Every event the allow-list does not cover is an
 * error: an exception in an output's script, a figure that failed to draw, an asset of ours that did not load.
 *
 * @example
 * const events = recordPageEvents(page);
 * await page.goto(url);
 * assert.deepEqual(classifyPageEvents(events).errors, [], "errors on the page");
 */
export function classifyPageEvents(
  events: readonly PageEvent[],
  allowList: readonly AllowedNoise[] = CONSOLE_ALLOW_LIST,
): ClassifiedEvents {
  const errors: string[] = [];
  const allowed: string[] = [];
  for (const event of events) {
    const entry = allowedBy(event, allowList);
    if (entry) allowed.push(`${describePageEvent(event)} [allowed: ${entry.frontEnd}]`);
    else errors.push(describePageEvent(event));
  }
  return { errors, allowed };
}
