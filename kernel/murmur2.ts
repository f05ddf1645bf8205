const M = 0x5bd1e995;
const encoder = new TextEncoder();

/**
 * MurmurHash2 (32-bit, x86) of a string's UTF-8 bytes: the hash Jupyter front-ends name cells' source files by
 * in the debugger ("hashMethod": "Murmur2"), the same as ipykernel's `murmur2_x86`.
 *
 * @example
 * murmur2("a", 0xbadc0ffe) // 948939698
 */
export function murmur2(text: string, seed: number): number {
  const bytes = encoder.encode(text);
  let length = bytes.length;
  let h = (seed ^ length) >>> 0;
  let i = 0;
  while (length >= 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
    i += 4;
    length -= 4;
  }
  if (length > 0) {
    if (length === 3) h ^= bytes[i + 2]! << 16;
    if (length >= 2) h ^= bytes[i + 1]! << 8;
    h ^= bytes[i]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h >>> 0;
}
