import { readFileSync } from "node:fs";

/** The connection file Jupyter writes for a kernel: where to listen and how to sign. */
export interface ConnectionInfo {
  transport: "tcp" | "ipc";
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
}

const PORTS = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"] as const;

/**
 * Reads and checks a connection file; the error names the file and the bad field.
 *
 * @example
 * readConnectionFile("/run/user/1000/jupyter/kernel-1.json").shell_port // 53794
 */
export function readConnectionFile(file: string): ConnectionInfo {
  let raw: Partial<ConnectionInfo>;
  try {
    raw = JSON.parse(readFileSync(file, "utf8")) as Partial<ConnectionInfo>;
  } catch (error) {
    throw new Error(`cannot read the connection file ${file}: ${(error as Error).message}`);
  }
  const transport = raw.transport ?? "tcp";
  if (transport !== "tcp" && transport !== "ipc") {
    throw new Error(`connection file ${file}: transport must be tcp or ipc, got ${JSON.stringify(raw.transport)}`);
  }
  for (const port of PORTS) {
    const p = raw[port];
    if (!Number.isInteger(p) || (p as number) < 0 || (p as number) > 65535) {
      throw new Error(`connection file ${file}: ${port} must be an integer in [0, 65535], got ${JSON.stringify(p)}`);
    }
  }
  return {
    transport,
    ip: raw.ip ?? "127.0.0.1",
    shell_port: raw.shell_port!,
    iopub_port: raw.iopub_port!,
    stdin_port: raw.stdin_port!,
    control_port: raw.control_port!,
    hb_port: raw.hb_port!,
    key: raw.key ?? "",
    signature_scheme: raw.signature_scheme ?? "hmac-sha256",
  };
}

/** The ZMQ address of one channel: `tcp://127.0.0.1:5555` or `ipc://kernel-ipc-5555`. */
export function channelAddress(info: ConnectionInfo, port: number): string {
  return info.transport === "tcp" ? `tcp://${info.ip}:${port}` : `ipc://${info.ip}-${port}`;
}
