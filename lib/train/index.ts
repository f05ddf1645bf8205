export * from "./optimizers/index.js";
