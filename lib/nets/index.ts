export { fromWeights } from "./from-weights.js";
export { toWeights } from "./to-weights.js";
export { AbsLayer } from "./abs-layer.js";
export type { AbsLayerOptions } from "./abs-layer.js";
export { PIECEWISE_LINEAR } from "./layer-weights.js";
export type { LayerWeights, Activation } from "./layer-weights.js";
export type { NetLike } from "./resolve-net.js";
