/**
 * The widest a figure of the library is drawn, in px, axes, headers and legends included: it fits JupyterLab's
 * output area, measured at 968 px (JupyterLab 4.6.4, window 1400 × 900, file browser open), and the book's output
 * column, 832 px (book/assets/book.css: main is 58rem less 1.5rem of padding a side, and .outputs is indented 3rem),
 * where vega-embed also puts its 38 px actions menu beside a vega-lite figure. What is left (34 px) absorbs the
 * difference between vega's text estimates in Node and the fonts of a browser. vega-lite grids wrap to fit it
 * (vega/fit-grid.ts); plotly figures take the output's width (autosize) and only fixed-size ones use it.
 *
 * @example
 * const columns = Math.floor(FIGURE_WIDTH / 120); // 6 images of 120 px a row
 */
export const FIGURE_WIDTH = 760;
