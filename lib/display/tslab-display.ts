import type { MimeBundle } from "./protocol.js";

/**
 * tslab's display API (`tslab.display`, and the object `tslab.newDisplay()` returns), with tslab's names
 * and signatures, so notebooks written for tslab run unchanged. Binary data (`png`, `jpeg`, `gif`, `pdf`)
 * is sent base64-encoded, as tslab does.
 */
export interface TslabDisplay {
  javascript(s: string): void;
  html(s: string): void;
  markdown(s: string): void;
  latex(s: string): void;
  svg(s: string): void;
  png(b: Uint8Array): void;
  jpeg(b: Uint8Array): void;
  gif(b: Uint8Array): void;
  pdf(b: Uint8Array): void;
  text(s: string): void;
  raw(contentType: string, b: string | Uint8Array): void;
}

/** Shows a raw MIME bundle, optionally named (`displayId`) and replacing an earlier output (`update`). */
export type ShowBundle = (bundle: MimeBundle, options: { displayId?: string; update?: boolean }) => void;

/**
 * A tslab display writing through `show`. With an id, the first call adds an output and every later one
 * replaces it in place (tslab's `newDisplay()`); without one, every call adds an output.
 *
 * @example
 * const d = tslabDisplay((bundle, o) => display(bundle, { raw: true, ...o }), "progress");
 * d.html("<b>epoch 1</b>"); d.html("<b>epoch 2</b>"); // one output, updated
 */
export function tslabDisplay(show: ShowBundle, id?: string): TslabDisplay {
  let shown = false;
  const raw = (contentType: string, b: string | Uint8Array) => {
    if (typeof contentType !== "string" || contentType === "") {
      throw new Error(`display.raw: contentType must be a MIME type such as "text/html", got ${String(contentType)}`);
    }
    if (typeof b !== "string" && !(b instanceof Uint8Array)) {
      throw new Error(`display.raw: the data for ${contentType} must be a string or a Uint8Array, got ${typeof b}`);
    }
    show({ [contentType]: b }, id === undefined ? {} : { displayId: id, update: shown });
    shown = id !== undefined;
  };
  return {
    javascript: (s) => raw("text/javascript", s),
    html: (s) => raw("text/html", s),
    markdown: (s) => raw("text/markdown", s),
    latex: (s) => raw("text/latex", s),
    svg: (s) => raw("image/svg+xml", s),
    png: (b) => raw("image/png", b),
    jpeg: (b) => raw("image/jpeg", b),
    gif: (b) => raw("image/gif", b),
    pdf: (b) => raw("application/pdf", b),
    text: (s) => raw("text/plain", s),
    raw,
  };
}
