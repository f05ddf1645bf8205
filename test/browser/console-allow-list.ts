import type { PageEvent } from "./page-events.js";

/**
 * One kind of message a front end produces by itself, on every page load, whatever our outputs are. An event is
 * allowed only when its kind, its text and its URL all match: the same text from one of our scripts or assets, or the
 * same URL with another message, is still an error.
 */
export interface AllowedNoise {
  /** The front end (and its version) that produces it, and the browser it was seen in. */
  frontEnd: string;
  /** Why it is harmless: what the front end is doing, and why that is not about depthlab's outputs or pages. */
  why: string;
  kind: PageEvent["kind"];
  /** Must match the event's text. */
  text: RegExp;
  /** Must match the event's URL: the console message's source, the failed request, or the error's top frame. */
  url: RegExp;
}

const NOTEBOOK_6 = "classic Notebook 6.4.12 (Debian python3-notebook 6.4.12-2.2), Chromium 156";
const NOTEBOOK_7 = "Notebook 7.6.3 (pip wheel), Chromium 156";
const MATHJAX_2 = "MathJax 2.7.9 as loaded by classic Notebook 6.4.12 (Debian libjs-mathjax 2.7.9), Chromium 156";

// Classic Notebook's page loads every enabled nbextension from /nbextensions/…, and always probes the ipywidgets one
// (nbextensions/widgets/notebook/js/extension.js) to offer widgets; without ipywidgets the server answers 404 with an
// HTML page, Chromium refuses to run that as a script, and the Notebook logs "Widgets are not available" and carries
// on. depthlab's own nbextension folder (nbextensions/depthlab/, plotly.js for the figures' fallback) is excluded:
// a failure to load it is ours.
const NBEXTENSION = /^https?:\/\/[^/]+\/nbextensions\/(?!depthlab\/)/;
const NBEXTENSION_WHY =
  "the Notebook probes an optional nbextension (always ipywidgets' widgets/notebook/js/extension.js) that is not installed; " +
  "it is not depthlab's (whose folder is nbextensions/depthlab/), and the Notebook goes on without it";

// MathJax 2's HTML-CSS output declares `@font-face { font-family: MathJax_Blank; src: url('about:blank') }` as a
// placeholder for measuring fonts; Chromium refuses to fetch a font from about:blank. Our outputs and the book use no
// MathJax (the book typesets with KaTeX at build time).
const MATHJAX_WHY = "MathJax 2's placeholder font MathJax_Blank has src url('about:blank'), which Chromium refuses to load";

/**
 * The only messages the browser tests ignore. Everything else at error level (a `console.error`, an uncaught
 * exception, a failed request) fails the page, whoever produced it: a message we cannot place is treated as ours.
 * Add an entry only for a front end's own message, seen on a page with no depthlab output, with its version and why.
 * Never match on a front end's script URL alone: the Notebook runs an output's `<script>` through its own jQuery, so an
 * exception in one of our figures has static/notebook/js/main.min.js as its top frame.
 */
export const CONSOLE_ALLOW_LIST: readonly AllowedNoise[] = [
  {
    frontEnd: NOTEBOOK_6,
    why: `${NBEXTENSION_WHY} (the 404 itself)`,
    kind: "console-error",
    text: /^Failed to load resource: the server responded with a status of 404 \(Not Found\)$/,
    url: NBEXTENSION,
  },
  {
    frontEnd: NOTEBOOK_6,
    why: `${NBEXTENSION_WHY} (Chromium will not run the 404 page, which is text/html, as a script)`,
    kind: "console-error",
    text: /^Refused to execute script from 'https?:\/\/[^/']+\/nbextensions\/[^']*' because its MIME type \('text\/html'\) is not executable/,
    url: /^https?:\/\/[^/]+\/notebooks\/[^?#]*\.ipynb/,
  },
  {
    frontEnd: NOTEBOOK_6,
    why: `${NBEXTENSION_WHY} (the refused script's request, aborted)`,
    kind: "request-failed",
    text: /^net::ERR_ABORTED \(script\)$/,
    url: NBEXTENSION,
  },
  {
    frontEnd: MATHJAX_2,
    why: `${MATHJAX_WHY} (the CORS refusal)`,
    kind: "console-error",
    text: /^Access to font at 'about:blank' from origin '[^']+' has been blocked by CORS policy/,
    url: /^https?:\/\/[^/]+\/notebooks\/[^?#]*\.ipynb/,
  },
  {
    frontEnd: MATHJAX_2,
    why: `${MATHJAX_WHY} (the failed load)`,
    kind: "console-error",
    text: /^Failed to load resource: net::ERR_FAILED$/,
    url: /^about:blank$/,
  },
  {
    frontEnd: MATHJAX_2,
    why: `${MATHJAX_WHY} (the failed request)`,
    kind: "request-failed",
    text: /^net::ERR_FAILED \(font\)$/,
    url: /^about:blank$/,
  },
  {
    frontEnd: NOTEBOOK_7,
    why:
      "Notebook 7's keyboard-shortcuts plugin reads the settings schema of every plugin whose settings change at start, " +
      "including plugins Notebook 7 does not load; it throws on the missing schema. Seen with ipykernel's python3 kernel on " +
      "a one-cell notebook (1+1), so not about depthlab; shortcuts work afterwards",
    kind: "page-error",
    text: /^Cannot read properties of undefined \(reading 'schema'\)$/,
    url: /^https?:\/\/[^/]+\/static\/notebook\/notebook_core\.[0-9a-f]+\.js/,
  },
];
