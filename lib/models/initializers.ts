import { checkNumber, fail } from "../options/check.js";
import { he, normal, orthogonal, torchDefault, torchDefaultBias, xavier, type TfInitializer } from "../init/index.js";

/** How a builder initialises its weights: a scheme name, a standard deviation (normal, zero bias), or an initializer. */
export type InitSpec = "torch" | "he" | "xavier" | "orthogonal" | number | TfInitializer;

/**
 * The kernel and bias initializers of one layer. "torch" (the default of every builder) is PyTorch's nn.Linear /
 * nn.Conv2d default: U(±1/√fan_in) for weights and biases. The other schemes use zero biases.
 */
export function layerInitializers(
  fn: string,
  init: InitSpec,
  fanIn: number,
  seed: number,
): { kernelInitializer: TfInitializer; biasInitializer: TfInitializer | "zeros" } {
  if (init === "torch")
    return { kernelInitializer: torchDefault({ seed }), biasInitializer: torchDefaultBias(fanIn, { seed: seed + 7919 }) };
  if (init === "he") return { kernelInitializer: he({ seed }), biasInitializer: "zeros" };
  if (init === "xavier") return { kernelInitializer: xavier({ seed }), biasInitializer: "zeros" };
  if (init === "orthogonal") return { kernelInitializer: orthogonal({ seed }), biasInitializer: "zeros" };
  if (typeof init === "number")
    return {
      kernelInitializer: normal({ std: checkNumber(fn, "init", init, 0, Infinity, { min: true }), seed }),
      biasInitializer: "zeros",
    };
  if (typeof init === "object" && init !== null && typeof (init as { apply?: unknown }).apply === "function")
    return { kernelInitializer: init, biasInitializer: "zeros" };
  return fail(fn, "init", '"torch", "he", "xavier", "orthogonal", a standard deviation > 0, or an initializer', init);
}
