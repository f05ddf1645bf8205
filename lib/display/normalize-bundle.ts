import type { MimeBundle } from "./protocol.js";

const JSON_MIME = /^application\/(.+\+)?json$/;

/** True for MIME types whose data travels as a JSON object (`application/json`, `application/vnd.plotly.v1+json`, …). */
export function isJsonMime(mime: string): boolean {
  return JSON_MIME.test(mime);
}

/**
 * Makes a bundle ready for the wire: JSON MIME data as objects (strings are parsed), binary data
 * (`image/png` as bytes) as base64, other text as strings, and a `text/plain` entry always present.
 * Throws, naming the MIME type, when JSON text does not parse.
 *
 * @example
 * normalizeBundle({ "application/json": '{"a":1}' }) // { "application/json": { a: 1 }, "text/plain": "{\"a\":1}" }
 */
export function normalizeBundle(bundle: MimeBundle, fallbackText?: () => string): MimeBundle {
  const out: MimeBundle = {};
  for (const [mime, data] of Object.entries(bundle)) {
    if (data === undefined) continue;
    if (isJsonMime(mime)) {
      out[mime] = typeof data === "string" ? parseJson(mime, data) : data;
    } else if (data instanceof Uint8Array) {
      out[mime] = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
    } else {
      out[mime] = typeof data === "string" ? data : String(data);
    }
  }
  if (typeof out["text/plain"] !== "string") {
    const json = Object.keys(out).find(isJsonMime);
    out["text/plain"] = fallbackText
      ? fallbackText()
      : json !== undefined
        ? JSON.stringify(out[json]).slice(0, 200)
        : `<${Object.keys(out).join(", ") || "empty bundle"}>`;
  }
  return out;
}

function parseJson(mime: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`display: the data for ${mime} is a string that is not valid JSON (${(error as Error).message})`);
  }
}
