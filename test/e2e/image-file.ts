/**
 * Just enough of the context-file format (native/include/blcr/image.h) for the e2e tests
 * to corrupt images on purpose: the header fields, the section table, and a port of
 * blcr_hash64 so a rewritten header still carries a valid hdr_csum.
 */
const M64 = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

export const HEADER_STRUCT_SIZE = 240;
export const HDR = { magic: 0, version: 8, arch: 16, nrSections: 188, sectabOff: 192, fileSize: 200, hdrCsum: 232 } as const;
export const SEC_PAGES = 8;
export const SEC_VMAS = 6;
export const SEC_TASK = 1;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M64;
const mul = (a: bigint, b: bigint): bigint => (a * b) & M64;
const round = (acc: bigint, input: bigint): bigint => mul(rotl((acc + mul(input, P2)) & M64, 31n), P1);
const merge = (acc: bigint, v: bigint): bigint => (mul(acc ^ round(0n, v), P1) + P4) & M64;

/** blcr_hash64(data, len, seed) from image.h, bit for bit. */
export function blcrHash64(data: Uint8Array, seed: bigint = 0n): bigint {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const len = data.byteLength;
  let p = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (seed + P1 + P2) & M64;
    let v2 = (seed + P2) & M64;
    let v3 = seed & M64;
    let v4 = (seed - P1) & M64;
    do {
      v1 = round(v1, view.getBigUint64(p, true));
      v2 = round(v2, view.getBigUint64(p + 8, true));
      v3 = round(v3, view.getBigUint64(p + 16, true));
      v4 = round(v4, view.getBigUint64(p + 24, true));
      p += 32;
    } while (p <= len - 32);
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M64;
    h = merge(merge(merge(merge(h, v1), v2), v3), v4);
  } else {
    h = (seed + P5) & M64;
  }
  h = (h + BigInt(len)) & M64;
  for (; p + 8 <= len; p += 8) {
    h ^= round(0n, view.getBigUint64(p, true));
    h = (mul(rotl(h, 27n), P1) + P4) & M64;
  }
  for (; p < len; p++) {
    h ^= mul(BigInt(data[p] ?? 0), P5);
    h = mul(rotl(h, 11n), P1);
  }
  h ^= h >> 33n;
  h = mul(h, P2);
  h ^= h >> 29n;
  h = mul(h, P3);
  h ^= h >> 32n;
  return h;
}

/** hdr_csum as the engine computes it: over the header struct with the field zeroed. */
export function headerChecksum(image: Buffer): bigint {
  const hdr = Buffer.from(image.subarray(0, HEADER_STRUCT_SIZE));
  hdr.writeBigUInt64LE(0n, HDR.hdrCsum);
  return blcrHash64(hdr);
}

/** Set a u32 header field and recompute hdr_csum, so only the field's meaning is wrong. */
export function rewriteHeaderU32(image: Buffer, offset: number, value: number): void {
  image.writeUInt32LE(value, offset);
  image.writeBigUInt64LE(headerChecksum(image), HDR.hdrCsum);
}

export interface Section {
  type: number;
  task: number;
  off: number;
  size: number;
}

export function sections(image: Buffer): Section[] {
  const n = image.readUInt32LE(HDR.nrSections);
  const tab = Number(image.readBigUInt64LE(HDR.sectabOff));
  const out: Section[] = [];
  for (let i = 0; i < n; i++) {
    const at = tab + i * 32;
    out.push({
      type: image.readUInt32LE(at),
      task: image.readUInt32LE(at + 4),
      off: Number(image.readBigUInt64LE(at + 8)),
      size: Number(image.readBigUInt64LE(at + 16)),
    });
  }
  return out;
}

export function section(image: Buffer, type: number): Section {
  const s = sections(image).find((x) => x.type === type && x.size > 0);
  if (!s) throw new Error(`the image has no section of type ${type}`);
  return s;
}
