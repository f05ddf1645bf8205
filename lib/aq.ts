/**
 * arquero, the table library depthlab displays and returns results in.
 *
 * @example
 * const { aq } = dl;
 * aq.table({ depth: [1, 2, 3], pieces: [2, 4, 8] })
 */
export * as aq from "arquero";
