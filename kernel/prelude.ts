/**
 * The cell run before the first user cell: it makes `dl`, `tf`, `aq` and `display` visible to every
 * cell, with their types, and without an import. tslab keeps imports in its declarations, so later
 * cells are type-checked against the real declaration files.
 */
export const PRELUDE = ['import * as dl from "depthlab";', 'import { tf, aq, display } from "depthlab";'].join("\n");
