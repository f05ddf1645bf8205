import { readdirSync } from "node:fs";
import type * as tfTypes from "@tensorflow/tfjs";
import type { BackendCandidate, LoadContext, LoadedBackend } from "./candidates.js";

/** What a WebGPU adapter says about itself (the fields of GPUAdapterInfo depthlab reads). */
interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/** The part of the npm `webgpu` package (Dawn for Node) this file uses. */
interface DawnModule {
  create(flags: string[]): { requestAdapter(options?: unknown): Promise<{ info?: AdapterInfo; isFallbackAdapter?: boolean } | null> };
  globals: Record<string, unknown>;
}

/** Software renderers: WebGPU on them works (useful to test numerics) but is far slower than wasm on the same CPU. */
const SOFTWARE = /llvmpipe|lavapipe|swiftshader|softpipe|software/i;

/**
 * A name for an adapter, e.g. "NVIDIA H100 80GB HBM3 (nvidia, hopper)" or "llvmpipe (LLVM 19.1.7, 256 bits) (mesa)".
 *
 * @example
 * adapterName({ vendor: "mesa", description: "llvmpipe (LLVM 19.1.7, 256 bits)" }) // "llvmpipe (LLVM 19.1.7, 256 bits) (mesa)"
 */
export function adapterName(info: AdapterInfo): string {
  const name = info.description || info.device || "an unnamed adapter";
  const traits = [info.vendor, info.architecture].filter((t): t is string => !!t);
  return traits.length > 0 ? `${name} (${traits.join(", ")})` : name;
}

/** Whether Linux shows a GPU a Vulkan driver could use: an NVIDIA device node or a DRM render node. */
function hasGpuDevice(): boolean {
  const list = (dir: string) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  return list("/dev").some((f) => /^nvidia\d+$/.test(f)) || list("/dev/dri").some((f) => f.startsWith("renderD"));
}

/**
 * Whether an adapter is a software renderer (Mesa's lavapipe, SwiftShader) rather than a GPU.
 *
 * @example
 * isSoftwareAdapter({ vendor: "mesa", description: "llvmpipe (LLVM 19.1.7, 256 bits)" }) // true
 */
export function isSoftwareAdapter(info: AdapterInfo): boolean {
  return info.isFallbackAdapter === true || SOFTWARE.test(`${info.description ?? ""} ${info.device ?? ""} ${info.architecture ?? ""}`);
}

/**
 * The WebGPU candidate: TensorFlow.js's `webgpu` backend in Node through the npm `webgpu` package (Google's Dawn over
 * Vulkan). It loads only where Dawn finds a hardware adapter; a software one (lavapipe) is skipped, with the reason,
 * unless the backend is forced (DEPTHLAB_BACKEND=webgpu: that is how the tests check its numerics on a CPU).
 * Setting it up puts Dawn's `navigator.gpu` and the WebGPU constants (`GPUBufferUsage`, …) on `globalThis`, which
 * tfjs-backend-webgpu reads. Read tensors with `await t.data()` on it: `dataSync()` blocks on the GPU.
 *
 * @example
 * const info = await selectBackend(tf, { force: "webgpu" }); // uses the software adapter if that is all there is
 */
export const webgpuCandidate: BackendCandidate = {
  name: "webgpu",
  backend: "webgpu",
  async load(tf: typeof tfTypes, context: LoadContext = { forced: false }): Promise<LoadedBackend> {
    // Dawn takes about 0.4 s to start and enumerate adapters: without a GPU device node there is nothing to find
    // but a software renderer, so a default (not forced) start does not pay for it.
    if (!context.forced && process.platform === "linux" && !hasGpuDevice())
      throw new Error("no GPU device (/dev/nvidia*, /dev/dri/renderD*): WebGPU would only find a software renderer");
    let dawn: DawnModule;
    try {
      dawn = require("webgpu") as DawnModule;
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new Error(
        code === "MODULE_NOT_FOUND"
          ? "the webgpu package (Dawn for Node) is not installed"
          : `the webgpu package failed to load: ${(error as Error).message.split("\n")[0]}`,
      );
    }
    const gpu = dawn.create([]);
    const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
    if (!adapter) throw new Error("Dawn found no WebGPU adapter (no GPU with a Vulkan driver it can use)");
    // GPUAdapterInfo's fields are getters on its prototype: read them one by one (a spread copies none)
    const raw = adapter.info;
    const info: AdapterInfo = {
      vendor: raw?.vendor ?? "",
      architecture: raw?.architecture ?? "",
      device: raw?.device ?? "",
      description: raw?.description ?? "",
      isFallbackAdapter: raw?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
    };
    const name = adapterName(info);
    if (isSoftwareAdapter(info) && !context.forced)
      throw new Error(`the only WebGPU adapter is a software renderer, ${name}: slower than wasm on this CPU`);
    try {
      require.resolve("@tensorflow/tfjs-backend-webgpu");
    } catch {
      throw new Error("@tensorflow/tfjs-backend-webgpu is not installed");
    }
    Object.assign(globalThis, dawn.globals);
    const holder = globalThis as unknown as { navigator?: { gpu?: unknown } };
    if (holder.navigator === undefined) Object.defineProperty(globalThis, "navigator", { value: {}, configurable: true, writable: true });
    holder.navigator!.gpu = gpu;
    require("@tensorflow/tfjs-backend-webgpu");
    if (!(await tf.setBackend("webgpu"))) throw new Error(`the webgpu backend failed to initialise on ${name}`);
    return {
      backend: "webgpu",
      provider: "@tensorflow/tfjs-backend-webgpu on the webgpu package (Dawn, Vulkan)",
      device: isSoftwareAdapter(info) && !/software/i.test(name) ? `${name}, software` : name,
      simd: null,
      threads: null,
    };
  },
};
