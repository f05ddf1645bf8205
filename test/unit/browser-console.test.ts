import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyPageEvents, describePageEvent } from "../browser/browser-console.js";
import { CONSOLE_ALLOW_LIST } from "../browser/console-allow-list.js";
import { topFrameUrl, type PageEvent } from "../browser/page-events.js";

// The browser tests' classifier, without Chromium: the events below are the ones recorded in Chromium 156 from classic
// Notebook 6.4.12 (Debian) and from the book, as test/browser/page-events.ts records them.
const NB = "http://127.0.0.1:44843";
const WIDGETS = `${NB}/nbextensions/widgets/notebook/js/extension.js?v=20261205085654`;

/** What classic Notebook 6.4.12 prints by itself on every page load, with no output of ours on the page. */
const notebookNoise: PageEvent[] = [
  { kind: "console-error", text: "Failed to load resource: the server responded with a status of 404 (Not Found)", url: WIDGETS },
  {
    kind: "console-error",
    text: `Refused to execute script from '${WIDGETS}' because its MIME type ('text/html') is not executable, and strict MIME type checking is enabled.`,
    url: `${NB}/notebooks/welcome.ipynb`,
  },
  { kind: "request-failed", text: "net::ERR_ABORTED (script)", url: WIDGETS },
  {
    kind: "console-error",
    text:
      `Access to font at 'about:blank' from origin '${NB}' has been blocked by CORS policy: Cross origin requests are only supported ` +
      "for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app.",
    url: `${NB}/notebooks/welcome.ipynb`,
  },
  { kind: "request-failed", text: "net::ERR_FAILED (font)", url: "about:blank" },
  { kind: "console-error", text: "Failed to load resource: net::ERR_FAILED", url: "about:blank" },
];

describe("classifyPageEvents: the front end's own noise is allowed, our errors are not", () => {
  it("the six messages classic Notebook 6.4.12 and its MathJax 2.7.9 print on every page load are all allowed", () => {
    const { errors, allowed } = classifyPageEvents(notebookNoise);
    assert.deepEqual(errors, []);
    assert.equal(allowed.length, 6);
    assert.match(allowed[0]!, /\[allowed: classic Notebook 6\.4\.12/);
  });

  it("an exception thrown by an output's script is an error, though the Notebook's main.min.js (jQuery) is its top frame", () => {
    const thrown: PageEvent = {
      kind: "page-error",
      text: "depthlab-e2e: a deliberately broken output",
      url: `${NB}/static/notebook/js/main.min.js?v=e9d1085169dce051`,
    };
    assert.deepEqual(classifyPageEvents([...notebookNoise, thrown]).errors, [describePageEvent(thrown)]);
  });

  it("the allowed 404 text for a file outside /nbextensions/ (an asset of ours) is an error", () => {
    const asset: PageEvent = {
      kind: "console-error",
      text: "Failed to load resource: the server responded with a status of 404 (Not Found)",
      url: `${NB}/files/assets/plotly.min.js`,
    };
    assert.deepEqual(classifyPageEvents([asset]).errors, [`console error (${NB}/files/assets/plotly.min.js): ${asset.text}`]);
  });

  it("a font or script our page fails to load is an error; only about:blank and /nbextensions/ are the front end's", () => {
    const events: PageEvent[] = [
      { kind: "request-failed", text: "net::ERR_FAILED (font)", url: "file:///book/assets/katex/fonts/KaTeX_Main-Regular.woff2" },
      { kind: "request-failed", text: "net::ERR_ABORTED (script)", url: "file:///book/assets/vega-embed.min.js" },
      { kind: "console-error", text: "Failed to load resource: net::ERR_FAILED", url: "https://cdn.plot.ly/plotly-2.0.0.min.js" },
    ];
    assert.equal(classifyPageEvents(events).errors.length, 3);
  });

  it("the book's script reporting a figure that failed to draw is an error", () => {
    const figure: PageEvent = {
      kind: "console-error",
      text: 'depthlab book: a vega-lite figure failed to draw: Error: Invalid mark type "no-such-mark"',
      url: "file:///tmp/book/assets/book.js",
    };
    assert.deepEqual(classifyPageEvents([figure]).errors, [describePageEvent(figure)]);
  });

  it("an allow-list entry must match kind, text and URL: a custom list shows each one is needed", () => {
    const list = [{ frontEnd: "Notebook 0", why: "test", kind: "console-error" as const, text: /^noise$/, url: /^about:blank$/ }];
    const event = (kind: PageEvent["kind"], text: string, url: string): PageEvent => ({ kind, text, url });
    assert.equal(classifyPageEvents([event("console-error", "noise", "about:blank")], list).errors.length, 0);
    assert.equal(classifyPageEvents([event("page-error", "noise", "about:blank")], list).errors.length, 1);
    assert.equal(classifyPageEvents([event("console-error", "noise!", "about:blank")], list).errors.length, 1);
    assert.equal(classifyPageEvents([event("console-error", "noise", "file:///x.js")], list).errors.length, 1);
  });

  it("every allow-list entry names its front end with a version and says why it is harmless", () => {
    for (const entry of CONSOLE_ALLOW_LIST) {
      assert.match(entry.frontEnd, /\d+\.\d+/, `${entry.text}: no version in ${JSON.stringify(entry.frontEnd)}`);
      assert.ok(entry.why.length > 40, `${entry.text}: say why it is harmless`);
    }
  });
});

describe("topFrameUrl: where an uncaught exception comes from", () => {
  it("reads the URL of the first frame, named or anonymous, without line and column", () => {
    assert.equal(
      topFrameUrl("Error: x\n    at draw (file:///book/assets/book.js:12:7)\n    at file:///b.js:1:1"),
      "file:///book/assets/book.js",
    );
    assert.equal(
      topFrameUrl("Error: x\n    at http://127.0.0.1:8888/static/main.min.js?v=1:39333:66"),
      "http://127.0.0.1:8888/static/main.min.js?v=1",
    );
    assert.equal(topFrameUrl("Error: x"), "");
  });
});
