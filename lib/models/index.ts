export { mlp } from "./mlp.js";
export type { MlpOptions } from "./mlp.js";
export { activationLayer, ACTIVATIONS } from "./activation-layer.js";
export type { ActivationName, ActivationOptions } from "./activation-layer.js";
export type { InitSpec } from "./initializers.js";
