import * as tf from "@tensorflow/tfjs";
import * as dl from "../../../lib/index.js";

/** A tiny model and data set for the probes of dl.train. */
const small = () => ({ model: dl.models.mlp({ inputs: 2, hidden: [2], outputs: 2 }), data: dl.datasets.disc({ n: 4 }) });

/** One call per public function of dl.train that takes options, with `extra` spread into its options. */
export const PROBES: Record<string, (extra: Record<string, unknown>) => unknown> = {
  "train.fit": (extra) => {
    const { model, data } = small();
    return dl.train.fit(model, data, { steps: 1, ...extra });
  },
  "train.evaluate": (extra) => {
    const { model, data } = small();
    return dl.train.evaluate(model, data, { ...extra });
  },
  "train.predict": (extra) => {
    const { model, data } = small();
    return dl.train.predict(model, data.x, { ...extra });
  },
  "train.predictClasses": (extra) => {
    const { model, data } = small();
    return dl.train.predictClasses(model, data.x, { ...extra });
  },
  "train.distill": (extra) => {
    const { model, data } = small();
    return dl.train.distill(model, dl.models.mlp({ inputs: 2, hidden: [2], outputs: 2 }), data, { steps: 1, ...extra });
  },
  "train.distillationLoss": (extra) =>
    dl.train.distillationLoss(tf.tensor1d([0], "int32"), tf.tensor2d([[0, 1]]), tf.tensor2d([[1, 0]]), { ...extra }),
  "train.fitHints": (extra) => {
    const { model, data } = small();
    const student = dl.models.mlp({ inputs: 2, hidden: [2], outputs: 2 });
    return dl.train.fitHints(model, student, data, {
      teacherLayer: model.layers[0]!.name,
      studentLayer: student.layers[0]!.name,
      steps: 1,
      ...extra,
    });
  },
  "train.sgd": (extra) => dl.train.sgd({ ...extra }),
  "train.momentum": (extra) => dl.train.momentum({ ...extra }),
  "train.nesterov": (extra) => dl.train.nesterov({ ...extra }),
  "train.adagrad": (extra) => dl.train.adagrad({ ...extra }),
  "train.rmsprop": (extra) => dl.train.rmsprop({ ...extra }),
  "train.adam": (extra) => dl.train.adam({ ...extra }),
  "train.adamw": (extra) => dl.train.adamw({ ...extra }),
  "new train.SGD": (extra) => new dl.train.SGD({ ...extra }),
  "new train.Adam": (extra) => new dl.train.Adam({ ...extra }),
  "new train.Adagrad": (extra) => new dl.train.Adagrad({ ...extra }),
  "new train.RMSprop": (extra) => new dl.train.RMSprop({ ...extra }),
  "train.optimizer": (extra) => dl.train.optimizer({ name: "adam", ...extra } as dl.train.OptimizerSpec),
};
