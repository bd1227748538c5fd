/**
 * The text of /proc/PID/{uid,gid,projid}_map: parsing a write exactly as
 * map_write does (kernel/user_namespace.c: simple_strtoul, skip_spaces,
 * mappings_overlap, UID_GID_MAP_MAX_EXTENTS) and printing a read as
 * uid_m_show does ("%10u %10u %10u\n"), plus map_id_range_down.
 */
import type { IdExtent } from '@nsproxy/core';

/** UID_GID_MAP_MAX_EXTENTS: at most 340 lines in one map. */
export const UID_GID_MAP_MAX_EXTENTS = 340;
/** UID_GID_MAP_MAX_BASE_EXTENTS: up to 5 extents are kept in write order, more are sorted by first id. */
export const UID_GID_MAP_MAX_BASE_EXTENTS = 5;
/** PAGE_SIZE: a map write must be shorter than this (count >= PAGE_SIZE is EINVAL). */
export const PAGE_SIZE = 4096;
/** (u32)-1, never a valid first or lower id. */
const U32_MAX = 4294967295;
const TWO32 = 4294967296;

/** Why a map text is rejected (every reason is EINVAL). */
export type IdMapSyntaxError =
  | 'syntax'
  | 'invalid-id'
  | 'bad-count'
  | 'overlap'
  | 'too-many'
  | 'empty';

/** The result of parsing: the extents (lower ids still as the parent namespace numbers them), or why not. */
export type ParsedIdMap =
  | { readonly ok: true; readonly extents: readonly IdExtent[] }
  | { readonly ok: false; readonly error: IdMapSyntaxError; readonly line: number };

/** UTF-8 bytes of a string (what write(2) would pass for it): core's utf8Encode. */
export { utf8Encode as utf8Bytes } from '@nsproxy/core';

/** isspace of the kernel's ctype table (lib/ctype.c): \t \n \v \f \r, space, and 0xa0. */
export function kernelIsSpace(b: number): boolean {
  return b === 0x20 || (b >= 0x09 && b <= 0x0d) || b === 0xa0;
}

/**
 * Parses the bytes of a map write the way map_write does: the buffer is a C
 * string (it ends at the first NUL), lines end at '\n' (a final '\n' ends the
 * text), each line is `first lower count` as unsigned decimals separated by
 * blanks, with optional leading and trailing blanks. Numbers are read with
 * simple_strtoul and stored in 32 bits, so `4294967296` reads as 0.
 *
 * `length`: how many bytes of `data` the write has (all of them by default).
 */
export function parseIdMap(data: Uint8Array, length: number = data.length): ParsedIdMap {
  const end = byteIndex(data, 0, 0, Math.min(length, data.length));
  // new_map: one extent per line (each line is one or a rejection), made at that size; an empty array
  // grown by push reserves 17 slots, which a stored map would keep.
  const extents: IdExtent[] = new Array<IdExtent>(countLines(data, end));
  let n = 0;
  // The position in the line being read (one cursor for the whole text, not closures per line).
  const cur: Cursor = { data, p: 0, lineEnd: 0 };
  let line = 0;
  let pos: number | null = 0;
  while (pos !== null) {
    line++;
    // strchr(pos, '\n'): the line ends there; a '\n' right before the end of the text ends the loop.
    const lineEnd = byteIndex(data, 0x0a, pos, end);
    let next: number | null = null;
    if (lineEnd < end) {
      next = lineEnd + 1;
      if (next >= end) next = null;
    }
    cur.p = pos;
    cur.lineEnd = lineEnd;
    skipSpaces(cur);
    const first = readNumber(cur);
    if (!kernelIsSpace(at(cur))) return reject('syntax', line);
    skipSpaces(cur);
    const lowerFirst = readNumber(cur);
    if (!kernelIsSpace(at(cur))) return reject('syntax', line);
    skipSpaces(cur);
    const count = readNumber(cur);
    if (at(cur) !== 0 && !kernelIsSpace(at(cur))) return reject('syntax', line);
    skipSpaces(cur);
    if (at(cur) !== 0) return reject('syntax', line);
    if (first === U32_MAX || lowerFirst === U32_MAX) return reject('invalid-id', line);
    // (first + count) <= first in u32: a zero count, or an extent that wraps past 2^32.
    if (u32Sum(first, count) <= first) return reject('bad-count', line);
    if (u32Sum(lowerFirst, count) <= lowerFirst) return reject('bad-count', line);
    const extent: IdExtent = { first, lowerFirst, count };
    for (let i = 0; i < n; i++) if (extentsOverlap(extents[i] as IdExtent, extent)) return reject('overlap', line);
    if (n + 1 === UID_GID_MAP_MAX_EXTENTS && next !== null) return reject('too-many', line);
    extents[n++] = extent;
    pos = next;
  }
  if (n === 0) return reject('empty', line);
  return { ok: true, extents };
}

/**
 * The first `byte` in data[from, end), or `end`: memchr/strchr over a C
 * string. A loop rather than TypedArray.prototype.indexOf, whose call costs
 * more than the search in a map line of a few bytes.
 */
function byteIndex(data: Uint8Array, byte: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (data[i] === byte) return i;
  return end;
}

/** The lines of map text ending at `end`: one more than its '\n's, but for a '\n' that ends the text. */
function countLines(data: Uint8Array, end: number): number {
  let lines = 1;
  for (let i = 0; i < end - 1; i++) if (data[i] === 0x0a) lines++;
  return lines;
}

/** a + b in u32 arithmetic, for a and b below 2^32 (a subtraction where `%` is a floating-point remainder). */
function u32Sum(a: number, b: number): number {
  const s = a + b;
  return s >= TWO32 ? s - TWO32 : s;
}

/** parseIdMap's place in the text: the bytes, the position, the end of the current line. */
interface Cursor {
  readonly data: Uint8Array;
  p: number;
  lineEnd: number;
}

/** The byte at the cursor; 0 at the end of the line (the kernel reads the line as a C string). */
function at(cur: Cursor): number {
  return cur.p < cur.lineEnd ? (cur.data[cur.p] ?? 0) : 0;
}

/** skip_spaces. */
function skipSpaces(cur: Cursor): void {
  while (cur.p < cur.lineEnd && kernelIsSpace(at(cur))) cur.p++;
}

/** simple_strtoul(pos, &pos, 10), kept in 32 bits. */
function readNumber(cur: Cursor): number {
  let v = 0;
  while (cur.p < cur.lineEnd) {
    const c = at(cur);
    if (c < 0x30 || c > 0x39) break;
    // Below 2^32 before, below 2^36 after (exact in a double): reduce only when it overflowed.
    v = v * 10 + (c - 0x30);
    if (v >= TWO32) v %= TWO32;
    cur.p++;
  }
  return v;
}

function reject(error: IdMapSyntaxError, line: number): ParsedIdMap {
  return { ok: false, error, line };
}

/** mappings_overlap for one pair: the upper ranges or the lower ranges intersect. */
export function extentsOverlap(a: IdExtent, b: IdExtent): boolean {
  const aUpperLast = a.first + a.count - 1;
  const bUpperLast = b.first + b.count - 1;
  const aLowerLast = a.lowerFirst + a.count - 1;
  const bLowerLast = b.lowerFirst + b.count - 1;
  if (a.first <= bUpperLast && aUpperLast >= b.first) return true;
  return a.lowerFirst <= bLowerLast && aLowerLast >= b.lowerFirst;
}

/**
 * map_id_range_down: the kernel id of `id` for a whole range of `count` ids,
 * which must lie inside one extent of `map`; -1 otherwise.
 */
export function mapIdRangeDown(map: readonly IdExtent[], id: number, count: number): number {
  const last = id + count - 1;
  for (const e of map) {
    const eLast = e.first + e.count - 1;
    if (id >= e.first && id <= eLast && last >= e.first && last <= eLast) return e.lowerFirst + (id - e.first);
  }
  return -1;
}

/**
 * The order in which a map is stored and printed: up to 5 extents in write
 * order, more sorted by first id (sort_idmaps sorts the forward array).
 */
export function storedOrder(extents: readonly IdExtent[]): IdExtent[] {
  if (extents.length <= UID_GID_MAP_MAX_BASE_EXTENTS) return [...extents];
  return [...extents].sort((a, b) => a.first - b.first);
}

/** One line as uid_m_show prints it: three `%10u` fields and a newline. */
export function formatIdMapLine(first: number, lower: number, count: number): string {
  const f = (n: number): string => String(n).padStart(10, ' ');
  return `${f(first)} ${f(lower)} ${f(count)}\n`;
}
