/** The process's own stdout/stderr writers, kept for the kernel's log before capture replaces them. */
export interface OriginalStdio {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * Sends everything written to process.stdout / process.stderr (console.log included) to `sink`
 * instead of the kernel process's own streams, which nobody sees. Returns the original writers.
 */
export function captureStdio(sink: (name: "stdout" | "stderr", text: string) => void): OriginalStdio {
  const original: OriginalStdio = {
    stdout: process.stdout.write.bind(process.stdout) as (t: string) => void,
    stderr: process.stderr.write.bind(process.stderr) as (t: string) => void,
  };
  for (const name of ["stdout", "stderr"] as const) {
    const stream = process[name];
    stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      const text =
        typeof chunk === "string"
          ? chunk
          : Buffer.from(chunk as Uint8Array).toString(typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
      sink(name, text);
      const cb = typeof encoding === "function" ? encoding : callback;
      if (typeof cb === "function") queueMicrotask(() => (cb as () => void)());
      return true;
    }) as typeof stream.write;
  }
  return original;
}
