export { sawtooth, sawtoothWeights } from "./sawtooth.js";
export { montufar, montufarWeights } from "./montufar.js";
export type { MontufarOptions } from "./montufar.js";
export { shallowArrangement, shallowArrangementWeights } from "./shallow-arrangement.js";
