import { activate } from "./activation.js";
import type { MlpLayout, Node } from "./layout.js";

/**
 * The forward pass in training mode over the batch in `layout.batchX` (`size` rows): each op's input address,
 * pre-activation and output are kept for {@link backward}; batch norm uses the batch's statistics and updates its
 * running averages. Returns a view of the logits: [size, outputs].
 *
 * @example
 * const logits = forward(layout, 32, plan.outputs);
 */
export function forward(layout: MlpLayout, size: number, outputs: number): Float32Array {
  let current = layout.batchX.ptr;
  for (const node of layout.nodes) {
    const { op } = node;
    node.input = current;
    if (op.kind === "dense") {
      layout.k.gemm({
        M: size,
        N: op.units,
        K: op.inputs,
        A: current,
        B: node.kernel!.value.ptr,
        C: node.z.ptr,
        bias: node.bias?.value.ptr,
        acc: 0,
      });
      activate(layout.k, op.act, size * op.units, node.z, node.y);
    } else if (op.kind === "activation") {
      activate(layout.k, op.act, size * op.width, { ptr: current, length: size * op.width }, node.y);
    } else {
      const bn = node.bn!;
      layout.k.bnForward({
        M: size,
        N: op.width,
        z: current,
        gamma: node.gamma?.value.ptr,
        beta: node.beta?.value.ptr,
        eps: op.layer.epsilon,
        momentum: op.layer.momentum,
        xhat: bn.xhat.ptr,
        y: node.y.ptr,
        mean: bn.mean.ptr,
        var: bn.variance.ptr,
        invstd: bn.invstd.ptr,
        running_mean: bn.runningMean.ptr,
        running_var: bn.runningVar.ptr,
      });
    }
    current = node.y.ptr;
  }
  const last = layout.nodes[layout.nodes.length - 1] as Node;
  return layout.f32(last.y).subarray(0, size * outputs);
}
