import { activateBackward } from "./activation.js";
import type { MlpLayout, Node } from "./layout.js";

/**
 * The backward pass from the gradient with respect to the logits in `layout.grad[0]`: every parameter's gradient,
 * written into its `grad` buffer, from the buffers the last {@link forward} kept. The first layer's input gradient is
 * not computed.
 *
 * @example
 * backward(layout, 32);
 */
export function backward(layout: MlpLayout, size: number): void {
  const { fn } = layout.k;
  let [dy, dnext] = layout.grad;
  for (let i = layout.nodes.length - 1; i >= 0; i--) {
    const node = layout.nodes[i] as Node;
    const { op } = node;
    if (op.kind === "dense") {
      let dz = dy;
      if (op.act.name !== "linear") {
        activateBackward(layout.k, op.act, size * op.units, node.z, node.y, dy, layout.scratch);
        dz = layout.scratch;
      }
      if (node.bias) fn.colsum({ M: size, N: op.units, A: dz.ptr, out: node.bias.grad.ptr });
      layout.k.gemmTN({ M: op.inputs, N: op.units, K: size, A: node.input, B: dz.ptr, C: node.kernel!.grad.ptr, acc: 0 }); // xᵀ·dz
      if (i === 0) break;
      layout.k.transpose({ M: op.inputs, N: op.units, A: node.kernel!.value.ptr, AT: layout.transposed.ptr }); // Wᵀ: [units, inputs]
      layout.k.gemm({ M: size, N: op.inputs, K: op.units, A: dz.ptr, B: layout.transposed.ptr, C: dnext.ptr, acc: 0 });
    } else if (op.kind === "activation") {
      if (i === 0) break;
      activateBackward(layout.k, op.act, size * op.width, { ptr: node.input, length: size * op.width }, node.y, dy, dnext);
    } else {
      const bn = node.bn!;
      const [sum, sumx] = layout.sums;
      layout.k.bnBackward({
        M: size,
        N: op.width,
        xhat: bn.xhat.ptr,
        dy: dy.ptr,
        gamma: node.gamma?.value.ptr,
        invstd: bn.invstd.ptr,
        dz: dnext.ptr,
        dgamma: node.gamma?.grad.ptr,
        dbeta: node.beta?.grad.ptr,
        sum: sum.ptr,
        sumx: sumx.ptr,
      });
    }
    [dy, dnext] = [dnext, dy];
  }
}
