/**
 * The display protocol shared with Deno's Jupyter kernel: an object with a method under this symbol
 * returns a MIME bundle (or a promise of one) and the kernel shows the richest form a front end supports.
 *
 * @example
 * const card = { [DISPLAY]: () => ({ "text/plain": "card", "text/html": "<b>card</b>" }) };
 * display(card);
 */
export const DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** MIME type → data. JSON types (`application/*+json`) hold objects; text types hold strings. */
export type MimeBundle = Record<string, unknown>;

/** Anything that can show itself through the display protocol. */
export interface Displayable {
  [DISPLAY](): MimeBundle | Promise<MimeBundle>;
}

/** True when `value` implements the display protocol. */
export function isDisplayable(value: unknown): value is Displayable {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as Partial<Displayable>)[DISPLAY] === "function"
  );
}
