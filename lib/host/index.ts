export { attachHost, currentHost, checkInterrupt } from "./host.js";
export type { Host, DisplaySink } from "./host.js";
