import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as aq from "arquero";
import { DISPLAY, normalizeBundle, tableBundle, toMimeBundle } from "../../lib/display/index.js";

describe("MIME bundles", () => {
  it("shows what a promise resolves to (a cell may end with an async call), and a rejection's message", async () => {
    const card = { [DISPLAY]: () => ({ "text/plain": "card", "text/html": "<b>card</b>" }) };
    assert.deepEqual(await toMimeBundle(Promise.resolve(card)), { "text/plain": "card", "text/html": "<b>card</b>" });
    assert.deepEqual(await toMimeBundle(Promise.reject(new Error("no data"))), { "text/plain": "Promise rejected: no data" });
  });

  it("parses JSON MIME strings into objects and keeps objects as they are", () => {
    const b = normalizeBundle({ "application/vnd.plotly.v1+json": '{"data":[]}', "application/json": { a: 1 } });
    assert.deepEqual(b["application/vnd.plotly.v1+json"], { data: [] });
    assert.deepEqual(b["application/json"], { a: 1 });
    assert.equal(typeof b["text/plain"], "string");
  });

  it("names the MIME type when its JSON text does not parse", () => {
    assert.throws(() => normalizeBundle({ "application/vnd.vegalite.v5+json": "{oops" }), /application\/vnd\.vegalite\.v5\+json/);
  });

  it("base64-encodes binary data", () => {
    assert.equal(normalizeBundle({ "image/png": new Uint8Array([1, 2, 3]), "text/plain": "png" })["image/png"], "AQID");
  });

  it("uses an object's Jupyter.display method and adds text/plain when it has none", async () => {
    const card = { [DISPLAY]: () => ({ "text/html": "<b>x</b>" }) };
    const b = await toMimeBundle(card);
    assert.equal(b["text/html"], "<b>x</b>");
    assert.match(String(b["text/plain"]), /Symbol\(Jupyter\.display\)/);
  });

  it("shows plain values without ANSI colour codes", async () => {
    const b = await toMimeBundle({ a: { b: [1, 2] }, s: "str" });
    assert.equal(b["text/plain"], "{ a: { b: [ 1, 2 ] }, s: 'str' }");
    assert.doesNotMatch(String(b["text/plain"]), /\x1b\[/);
  });

  it("shows an arquero table with its row count, cut at the limit", () => {
    const t = aq.table({ x: [1, 2, 3], y: ["a", "b", "c"] });
    const b = tableBundle(t, { limit: 2 });
    assert.equal(b["text/plain"], "x  y\n1  a\n2  b\n… 1 more row\n3 rows × 2 columns");
    assert.equal(String(b["text/html"]).match(/<tr>/g)?.length, 3); // header + 2 rows
  });
});
