// Writes the frozen Fashion-MNIST sample that ships with depthlab: the first 1,000 training images and the first
// 1,000 test images, with their labels, as valid gzipped IDX files (gzip level 9) in datasets/fashion-mnist-sample/.
//
//   node datasets/make-fashion-mnist-sample.mjs [source-dir]
//
// source-dir holds the four original files, gzipped or not; default /usr/share/datasets/fashion-mnist
// (Debian's dataset-fashion-mnist). Plain Node, no dependencies. The output is the same on every run.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";

const COUNT = 1000;
const source = process.argv[2] ?? "/usr/share/datasets/fashion-mnist";
const target = join(dirname(fileURLToPath(import.meta.url)), "fashion-mnist-sample");

function read(name) {
  const path = [join(source, name), join(source, `${name}.gz`)].find((p) => existsSync(p));
  if (!path) throw new Error(`${name}(.gz) not found in ${source}`);
  const bytes = readFileSync(path);
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

// An IDX file: big-endian magic 0x0000080R (unsigned bytes, rank R), R sizes, then the bytes.
function firstItems(bytes, magic, count) {
  if (bytes.readUInt32BE(0) !== magic) throw new Error(`bad magic number 0x${bytes.readUInt32BE(0).toString(16)}`);
  const rank = magic & 0xff;
  const header = Buffer.from(bytes.subarray(0, 4 + 4 * rank));
  const itemSize = Array.from({ length: rank - 1 }, (_, j) => bytes.readUInt32BE(8 + 4 * j)).reduce((a, b) => a * b, 1);
  header.writeUInt32BE(count, 4);
  return Buffer.concat([header, bytes.subarray(header.length, header.length + count * itemSize)]);
}

mkdirSync(target, { recursive: true });
let total = 0;
for (const prefix of ["train", "t10k"]) {
  for (const [kind, magic] of [
    ["images-idx3-ubyte", 0x803],
    ["labels-idx1-ubyte", 0x801],
  ]) {
    const name = `${prefix}-${kind}`;
    const gz = gzipSync(firstItems(read(name), magic, COUNT), { level: 9 });
    writeFileSync(join(target, `${name}.gz`), gz);
    total += gz.length;
    console.log(`${name}.gz: ${gz.length} bytes`);
  }
}
console.log(`total ${total} bytes in ${target}`);
