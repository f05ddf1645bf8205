/**
 * The vega-lite schema our specs declare. We compile with vega-lite 6 in Node, but JupyterLab renders
 * `application/vnd.vegalite.v5+json` with vega-lite 5, so every spec names v5 and uses only v5 features
 * (marks, encodings, facet, layer, resolve, transforms that both versions share).
 */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/**
 * A top-level vega-lite spec: `$schema` first, then the body.
 *
 * @example
 * vegaLite({ mark: "bar", data: { values: rows }, encoding: { x: { field: "a", type: "nominal" } } })
 */
export function vegaLite<T extends object>(body: T): { $schema: string } & T {
  return { $schema: VEGA_LITE_SCHEMA, ...body };
}
