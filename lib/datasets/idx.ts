import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/** An array read from an IDX file: its shape and its unsigned bytes, row-major. */
export interface IdxArray {
  /** `[count, rows, cols]` for images, `[count]` for labels. */
  readonly shape: readonly number[];
  /** The values, length = product of the shape. */
  readonly data: Uint8Array;
}

/** Magic numbers of the IDX files we read: unsigned bytes (type 0x08) with 3 dimensions (images) or 1 (labels). */
const MAGIC = { images: 0x00000803, labels: 0x00000801 } as const;

/**
 * Reads an IDX file of unsigned bytes (the format of MNIST and Fashion-MNIST), gzipped or not: a gzip stream is
 * recognised by its first two bytes 1f 8b. The header is a big-endian magic number (0x00000803 for images,
 * 0x00000801 for labels) followed by one 32-bit big-endian size a dimension; the bytes follow.
 * Throws, naming the file, when the magic number or the length is wrong.
 *
 * @example
 * const labels = dl.datasets.readIdx("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz", "labels");
 * labels.shape // [10000]
 */
export function readIdx(path: string, kind: "images" | "labels"): IdxArray {
  let bytes: Buffer = readFileSync(path);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new Error(`readIdx: ${path} starts like a gzip file but does not decompress (${(e as Error).message})`);
    }
  }
  const expected = MAGIC[kind];
  const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : -1;
  if (magic !== expected) {
    const got = magic === -1 ? `a file of ${bytes.length} bytes` : `0x${hex(magic)}`;
    throw new Error(`readIdx: ${path} is not an IDX ${kind} file: magic number must be 0x${hex(expected)}, got ${got}`);
  }
  const rank = expected & 0xff;
  const header = 4 + 4 * rank;
  if (bytes.length < header) throw new Error(`readIdx: ${path} is truncated: ${bytes.length} bytes, shorter than its header`);
  const shape = Array.from({ length: rank }, (_, j) => bytes.readUInt32BE(4 + 4 * j));
  const size = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + size) {
    throw new Error(`readIdx: ${path} has ${bytes.length - header} data bytes, expected ${shape.join("·")} = ${size}`);
  }
  return { shape, data: new Uint8Array(bytes.buffer, bytes.byteOffset + header, size) };
}

function hex(v: number): string {
  return v.toString(16).padStart(8, "0");
}
