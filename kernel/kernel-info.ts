import { version } from "../lib/version.js";
import { PROTOCOL_VERSION } from "./wire.js";

/** The TypeScript that type-checks cells: tslab's own copy. */
const TS_VERSION: string = (require("@tslab/typescript-for-tslab/package.json") as { version: string }).version;

/**
 * The content of a kernel_info_reply. `backendLine` names the tfjs backend in the banner.
 *
 * @example
 * kernelInfo("wasm (SIMD, 1 thread) on CPU; tfjs 4.22.0").language_info.file_extension // ".ts"
 */
export function kernelInfo(backendLine: string) {
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "depthlab",
    implementation_version: version,
    language_info: {
      name: "typescript",
      version: TS_VERSION,
      mimetype: "text/typescript",
      file_extension: ".ts",
      codemirror_mode: { name: "javascript", typescript: true },
      pygments_lexer: "typescript",
      nbconvert_exporter: "script",
    },
    banner: [
      `depthlab ${version}: TypeScript deep learning (TypeScript ${TS_VERSION}, Node ${process.versions.node})`,
      `TensorFlow.js backend: ${backendLine}`,
      "Preloaded: dl (the course library), tf, aq (arquero), display",
    ].join("\n"),
    help_links: [
      { text: "TensorFlow.js API", url: "https://js.tensorflow.org/api/latest/" },
      { text: "arquero API", url: "https://idl.uw.edu/arquero/api/" },
      { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/" },
    ],
    // the debugger panel's variables, not stepping: see debug-adapter.ts
    debugger: true,
  };
}
