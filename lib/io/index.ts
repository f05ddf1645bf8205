export { save, load } from "./save-load.js";
export type { SavedModelInfo } from "./save-load.js";
