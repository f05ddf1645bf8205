import * as tf from "@tensorflow/tfjs";
import * as dl from "../../../lib/index.js";

/** One call per public display function that takes options, with `extra` spread into its options. */
export const PROBES: Record<string, (extra: Record<string, unknown>) => unknown> = {
  display: (extra) => dl.display({ "text/plain": "probe" }, { raw: true, ...extra }),
  formatTensor: (extra) => dl.formatTensor([1, 2], [2], "float32", { ...extra }),
  tensorBundle: (extra) => dl.tensorBundle(tf.tensor1d([1, 2]), { ...extra }),
  tableBundle: (extra) => dl.tableBundle(dl.aq.table({ x: [1, 2] }), { ...extra }),
};
