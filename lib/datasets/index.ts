export { makeDataset, datasetSummary } from "./dataset.js";
export type { Dataset, DatasetParts } from "./dataset.js";
export * from "./fractal/index.js";
