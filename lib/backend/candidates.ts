import { forwardMissingKernels } from "./wasm-fallback.js";
import { registerHostKernels } from "../kernels/register-host-kernels.js";
import { registerConvFilterGrad } from "./conv-filter-grad.js";
import { registerConvKernels } from "./conv-kernels.js";
import { transposeBeforeMatMul } from "./wasm-matmul.js";
import { webgpuCandidate } from "./webgpu.js";
import { kernelThreads } from "../threads/default-pool.js";
import * as os from "node:os";
import { execFileSync } from "node:child_process";
import type * as tfTypes from "@tensorflow/tfjs";
import type { BackendName } from "./backend-info.js";

/** What a successful backend load reports. */
export interface LoadedBackend {
  backend: BackendName;
  provider: string;
  device: string;
  simd: boolean | null;
  threads: number | null;
  /** Threads of depthlab's own WebAssembly kernels, where they run (wasm, cpu). */
  kernelThreads?: number;
}

/** What a loader is told: whether the user forced this backend (a forced one may accept what a default would not). */
export interface LoadContext {
  forced: boolean;
}

/** One way of getting a backend: a name for messages and a loader that throws when it cannot. */
export interface BackendCandidate {
  /** Short name used in `skipped` reasons, e.g. `tfjs-node-gpu`. */
  name: string;
  /** The backend this candidate provides. */
  backend: BackendName;
  load(tf: typeof tfTypes, context?: LoadContext): Promise<LoadedBackend>;
}

/**
 * Turns a failed `require` of an optional package into a sentence.
 *
 * @example
 * explainLoadError("@tensorflow/tfjs-node", err) // "tfjs-node is not installed"
 */
export function explainLoadError(pkg: string, error: unknown): string {
  const short = pkg.replace("@tensorflow/", "");
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  if (code === "MODULE_NOT_FOUND" && message.includes(`'${pkg}'`)) {
    return `${short} is not installed`;
  }
  const firstLine = message.split("\n")[0] ?? message;
  return `${short} is installed but failed to load: ${firstLine}`;
}

function gpuName(): string | null {
  try {
    const out = execFileSync("nvidia-smi", ["--query-gpu=name", "--format=csv,noheader"], {
      encoding: "utf8",
      timeout: 5000,
      stdio: ["ignore", "pipe", "ignore"],
    });
    const first = out.split("\n")[0]?.trim();
    return first ? first : null;
  } catch {
    return null;
  }
}

function nativeCandidate(pkg: string, gpu: boolean): BackendCandidate {
  const short = pkg.replace("@tensorflow/", "");
  return {
    name: short,
    backend: "tensorflow",
    async load(tf) {
      try {
        require(pkg);
      } catch (error) {
        throw new Error(explainLoadError(pkg, error));
      }
      if (!(await tf.setBackend("tensorflow"))) {
        throw new Error(`${short} loaded but the "tensorflow" backend failed to initialise`);
      }
      const name = gpu ? gpuName() : null;
      // tfjs-node-gpu runs on the CPU when CUDA finds no device; say so rather than pretend.
      const device = name ?? (gpu ? "CPU (libtensorflow-gpu found no GPU)" : "CPU (libtensorflow)");
      return {
        backend: "tensorflow",
        provider: pkg,
        device,
        simd: null,
        threads: gpu ? null : os.availableParallelism(),
      };
    },
  };
}

const wasmCandidate: BackendCandidate = {
  name: "wasm",
  backend: "wasm",
  async load(tf) {
    require("@tensorflow/tfjs-backend-wasm");
    if (!(await tf.setBackend("wasm"))) {
      throw new Error("the wasm backend failed to initialise");
    }
    // depthlab's WebAssembly convolution gradients; the JavaScript filter gradient where its module cannot load
    if (!registerConvKernels("wasm")) registerConvFilterGrad("wasm");
    transposeBeforeMatMul("wasm");
    // one-kernel batch norm, ReLU gradient and cross-entropy, and an Identity that shares (also on cpu, for a later
    // tf.setBackend("cpu")); before forwarding, so these are not sent to cpu
    registerHostKernels("wasm");
    registerHostKernels("cpu");
    forwardMissingKernels("wasm");
    const env = tf.env();
    const threaded = env.getBool("WASM_HAS_MULTITHREAD_SUPPORT");
    return {
      backend: "wasm",
      provider: "@tensorflow/tfjs-backend-wasm",
      device: "CPU",
      simd: env.getBool("WASM_HAS_SIMD_SUPPORT"),
      threads: threaded ? os.availableParallelism() : 1,
      kernelThreads: kernelThreads(),
    };
  },
};

const cpuCandidate: BackendCandidate = {
  name: "cpu",
  backend: "cpu",
  async load(tf) {
    if (!(await tf.setBackend("cpu"))) {
      throw new Error("the cpu backend failed to initialise");
    }
    // convolutions in depthlab's WebAssembly kernels where WebAssembly runs: a conv net trains ~100× faster
    registerConvKernels("cpu", { forward: true });
    registerHostKernels("cpu");
    return {
      backend: "cpu",
      provider: "@tensorflow/tfjs-backend-cpu",
      device: "CPU (JavaScript)",
      simd: null,
      threads: 1,
      kernelThreads: kernelThreads(),
    };
  },
};

/** The candidates in the order depthlab tries them: CUDA, a GPU through WebGPU, native CPU, wasm, pure JS. */
export const DEFAULT_CANDIDATES: readonly BackendCandidate[] = [
  nativeCandidate("@tensorflow/tfjs-node-gpu", true),
  webgpuCandidate,
  nativeCandidate("@tensorflow/tfjs-node", false),
  wasmCandidate,
  cpuCandidate,
];
