import type * as tf from "@tensorflow/tfjs";

/** A tensor as kernels see it: its data id on a backend, shape and dtype. */
export interface Info {
  dataId: object;
  shape: number[];
  dtype: tf.DataType;
}

/** The part of tfjs's KernelBackend that the hand-written kernels use to read and write data. */
export interface DataBackend {
  readSync(dataId: object): tf.backend_util.BackendValues;
  write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): object;
  disposeData(dataId: object, force?: boolean): boolean;
}
