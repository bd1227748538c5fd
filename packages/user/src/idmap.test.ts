import { describe, expect, it } from 'vitest';
import { extentsOverlap, formatIdMapLine, kernelIsSpace, mapIdRangeDown, parseIdMap, storedOrder, utf8Bytes } from './idmap.ts';

const parse = (s: string): ReturnType<typeof parseIdMap> => parseIdMap(utf8Bytes(s));
const ok = (s: string): unknown => {
  const r = parse(s);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(s)} to parse, got ${r.error} at line ${r.line}`);
  return r.extents.map((e) => [e.first, e.lowerFirst, e.count]);
};
const error = (s: string): string => {
  const r = parse(s);
  return r.ok ? 'ok' : r.error;
};

describe('parseIdMap (map_write parsing)', () => {
  it('reads lines of three decimals with any blanks around them (U2.8)', () => {
    expect(ok('0 0 1')).toEqual([[0, 0, 1]]);
    expect(ok('  0\t 1000 \v 1 \r')).toEqual([[0, 1000, 1]]);
    expect(ok('0 0 1\n')).toEqual([[0, 0, 1]]);
    expect(ok('0 0 1\n5 5 5')).toEqual([[0, 0, 1], [5, 5, 5]]);
    expect(ok('007 08 09')).toEqual([[7, 8, 9]]);
  });

  it('rejects a missing field, junk, signs, hex, and empty lines (syntax)', () => {
    for (const s of ['0 0', '0', '0 0 1 2', '0 0 1x', 'x 0 1', '-1 0 1', '+1 0 1', '0x10 0 1', '0 0 1\n\n1 1 1', '0 0 1\n\n', '0,0,1', '0 0 1\n0']) {
      expect(error(s), JSON.stringify(s)).toBe('syntax');
    }
  });

  it('the first line decides: a later bad line still fails the whole write', () => {
    expect(parse('0 0 1\nbad')).toEqual({ ok: false, error: 'syntax', line: 2 });
  });

  it('an empty text, or one newline, has no extent: EINVAL (U2.13)', () => {
    expect(error('')).toBe('syntax');
    expect(error('\n')).toBe('syntax');
  });

  it('stops at the first NUL, like a C string (gVisor TrailingNewlineAndNULIgnored)', () => {
    expect(ok('0 0 1\n\0 4 3')).toEqual([[0, 0, 1]]);
    expect(ok('0 0 1\0junk')).toEqual([[0, 0, 1]]);
    expect(error('\0 0 0 1')).toBe('syntax');
  });

  it('rejects 4294967295 as a first or lower id (U2.9)', () => {
    expect(error('4294967295 0 1')).toBe('invalid-id');
    expect(error('0 4294967295 1')).toBe('invalid-id');
    expect(ok('0 0 4294967295')).toEqual([[0, 0, 4294967295]]);
  });

  it('keeps only the low 32 bits of a longer number (simple_strtoul into a u32)', () => {
    expect(ok('4294967296 1 1')).toEqual([[0, 1, 1]]);
    expect(ok('4294967297 0 1')).toEqual([[1, 0, 1]]);
    expect(ok('18446744073709551617 0 1')).toEqual([[1, 0, 1]]); // 2^64 + 1 wraps in 64 bits too
    expect(error('8589934591 0 1')).toBe('invalid-id'); // 2^33 - 1 keeps 0xffffffff
  });

  it('rejects a zero count, or one that wraps either range (U2.10)', () => {
    expect(error('0 0 0')).toBe('bad-count');
    expect(error('1 0 4294967295')).toBe('bad-count');
    expect(error('0 1 4294967295')).toBe('bad-count');
    expect(error('4294967294 0 2')).toBe('bad-count');
    expect(ok('4294967294 0 1')).toEqual([[4294967294, 0, 1]]);
  });

  it('rejects an extent that overlaps an earlier one in its upper or lower range (U2.11)', () => {
    expect(error('0 0 1\n0 1 1')).toBe('overlap');
    expect(error('0 0 1\n1 0 1')).toBe('overlap');
    expect(error('0 100 10\n9 200 1')).toBe('overlap');
    expect(error('0 100 10\n10 109 1')).toBe('overlap');
    expect(error('10 10 10\n0 0 11')).toBe('overlap');
    expect(ok('0 100 10\n10 110 1')).toEqual([[0, 100, 10], [10, 110, 1]]);
  });

  it('accepts 340 extents, rejects a 341st line whatever it holds (U2.12)', () => {
    const lines = (n: number): string[] => Array.from({ length: n }, (_, i) => `${i} ${i} 1`);
    const r340 = parse(lines(340).join('\n'));
    expect(r340.ok && r340.extents.length).toBe(340);
    expect(parse(`${lines(340).join('\n')}\n`).ok).toBe(true);
    expect(error(lines(341).join('\n'))).toBe('too-many');
    expect(error(`${lines(340).join('\n')}\ngarbage`)).toBe('too-many'); // refused before line 341 is read
  });

  it('treats the kernel\'s blanks as blanks, 0xa0 included, and nothing else', () => {
    for (const b of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]) expect(kernelIsSpace(b)).toBe(true);
    for (const b of [0x00, 0x08, 0x0e, 0x1f, 0x21, 0x85, 0xff]) expect(kernelIsSpace(b)).toBe(false);
    expect(parseIdMap(Uint8Array.from([0x30, 0xa0, 0x30, 0x20, 0x31])).ok).toBe(true);
  });

  it('UTF-8 text outside ASCII is junk', () => {
    expect(error('0 0 1é')).toBe('syntax');
    expect(utf8Bytes('é€😀').length).toBe(2 + 3 + 4);
  });
});

describe('parseIdMap over part of a buffer (the page a write is copied into)', () => {
  it('reads only the first `length` bytes, whatever follows them', () => {
    const page = utf8Bytes('0 0 1\n5 5 1\n');
    expect(parseIdMap(page, 6)).toEqual({ ok: true, extents: [{ first: 0, lowerFirst: 0, count: 1 }] });
    expect(parseIdMap(page, 5)).toEqual({ ok: true, extents: [{ first: 0, lowerFirst: 0, count: 1 }] });
    expect(parseIdMap(page, 3)).toMatchObject({ ok: false, error: 'syntax', line: 1 });
    expect(parseIdMap(page, 0)).toMatchObject({ ok: false, error: 'syntax', line: 1 });
    expect(parseIdMap(page)).toEqual(parseIdMap(utf8Bytes('0 0 1\n5 5 1\n')));
    expect(parseIdMap(page, 1000)).toEqual(parseIdMap(page));
  });

  it('makes one extent per line, no more (a final newline ends the text)', () => {
    for (const text of ['0 0 1', '0 0 1\n', '0 0 1\n1 1 1', '0 0 1\n1 1 1\n', '0 0 1\n1 1 1\n2 2 1\n']) {
      const r = parse(text);
      expect(r.ok ? r.extents.length : -1, text).toBe(text.split('\n').filter((l) => l !== '').length);
      if (r.ok) expect(Object.keys(r.extents), text).toEqual(r.extents.map((_, i) => String(i)));
    }
  });
});

describe('map helpers', () => {
  it('extentsOverlap looks at both ranges', () => {
    expect(extentsOverlap({ first: 0, lowerFirst: 0, count: 5 }, { first: 5, lowerFirst: 5, count: 5 })).toBe(false);
    expect(extentsOverlap({ first: 0, lowerFirst: 0, count: 5 }, { first: 4, lowerFirst: 50, count: 5 })).toBe(true);
    expect(extentsOverlap({ first: 0, lowerFirst: 0, count: 5 }, { first: 50, lowerFirst: 4, count: 5 })).toBe(true);
  });

  it('mapIdRangeDown needs the whole range inside one extent (map_id_range_down)', () => {
    const map = [{ first: 0, lowerFirst: 1000, count: 10 }, { first: 10, lowerFirst: 5000, count: 10 }];
    expect(mapIdRangeDown(map, 0, 10)).toBe(1000);
    expect(mapIdRangeDown(map, 3, 2)).toBe(1003);
    expect(mapIdRangeDown(map, 5, 10)).toBe(-1);
    expect(mapIdRangeDown(map, 10, 10)).toBe(5000);
    expect(mapIdRangeDown(map, 19, 2)).toBe(-1);
    expect(mapIdRangeDown(map, 20, 1)).toBe(-1);
    expect(mapIdRangeDown([{ first: 0, lowerFirst: 0, count: 4294967295 }], 0, 4294967295)).toBe(0);
  });

  it('storedOrder keeps five extents as written and sorts six or more by first id', () => {
    const five = [4, 3, 2, 1, 0].map((i) => ({ first: i * 10, lowerFirst: i, count: 1 }));
    expect(storedOrder(five)).toEqual(five);
    const six = [5, 4, 3, 2, 1, 0].map((i) => ({ first: i * 10, lowerFirst: i, count: 1 }));
    expect(storedOrder(six).map((e) => e.first)).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('formatIdMapLine prints %10u %10u %10u', () => {
    expect(formatIdMapLine(0, 1000, 1)).toBe('         0       1000          1\n');
    expect(formatIdMapLine(0, 0, 4294967295)).toBe('         0          0 4294967295\n');
  });
});
