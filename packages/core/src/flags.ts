/**
 * Clone-flag arithmetic that works beyond 32 bits. The kernel's clone3 flags
 * are a u64; JavaScript's bitwise operators stop at 32 bits, so the flags of a
 * third-party namespace type (a bit above 2^32) are combined with these.
 */

const HI = 0x1_0000_0000;

function split(f: number): [number, number] {
  return [Math.floor(f / HI) >>> 0, f >>> 0];
}

/** `a | b`, for flags up to 2^53. */
export function flagsOr(...flags: readonly number[]): number {
  let hi = 0;
  let lo = 0;
  for (const f of flags) {
    const [h, l] = split(f);
    hi = (hi | h) >>> 0;
    lo = (lo | l) >>> 0;
  }
  return hi * HI + lo;
}

/** `a & b`. */
export function flagsAnd(a: number, b: number): number {
  // Fast path (plain 32-bit operators give the same answer); written out: the hot syscalls call these a dozen times.
  if (a >= 0 && a < HI && b >= 0 && b < HI) return (a & b) >>> 0;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return ((ah & bh) >>> 0) * HI + ((al & bl) >>> 0);
}

/** `a & ~b`. */
export function flagsWithout(a: number, b: number): number {
  if (a >= 0 && a < HI && b >= 0 && b < HI) return (a & ~b) >>> 0;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return ((ah & ~bh) >>> 0) * HI + ((al & ~bl) >>> 0);
}

/** Whether `flags` has any bit of `mask`. */
export function hasFlag(flags: number, mask: number): boolean {
  if (flags >= 0 && flags < HI && mask >= 0 && mask < HI) return (flags & mask) !== 0;
  return flagsAnd(flags, mask) !== 0;
}

/** Whether `flags` is a single bit. */
export function isSingleBit(flags: number): boolean {
  if (flags <= 0 || !Number.isSafeInteger(flags)) return false;
  const [h, l] = split(flags);
  const one = (x: number): boolean => x !== 0 && (x & (x - 1)) === 0;
  return (h === 0 && one(l)) || (l === 0 && one(h));
}

/** The length of a string in UTF-8 bytes (what the kernel's length limits count). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
