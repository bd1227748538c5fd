/** The UTF-8 check of scenario input, against the WHATWG decoder (`TextDecoder` with `fatal`). */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeScenario, invalidUtf8At } from './scenario-input.ts';

const decodes = (bytes: Uint8Array): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** Bytes that are mostly UTF-8: encoded strings with stray bytes spliced in. */
const nearlyUtf8 = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme' }).map((s) => [...Buffer.from(s, 'utf8')]), fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 3 })), { maxLength: 8 })
  .map((parts) => Uint8Array.from(parts.flat()));

describe('invalidUtf8At', () => {
  test('-1 exactly when the WHATWG decoder accepts the bytes; else the bytes before it decode', () => {
    fc.assert(
      fc.property(fc.oneof(nearlyUtf8, fc.uint8Array({ maxLength: 12 })), (bytes) => {
        const at = invalidUtf8At(bytes);
        expect(at === -1).toBe(decodes(bytes));
        if (at >= 0) {
          expect(decodes(bytes.subarray(0, at))).toBe(true);
          // Nor does any longer prefix that ends after the bad byte's sequence would: the byte at `at` starts no valid sequence.
          expect([1, 2, 3, 4].some((n) => at + n <= bytes.length && decodes(bytes.subarray(at, at + n)))).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('the text of valid bytes is the bytes, a BOM included', () => {
    expect(decodeScenario(Buffer.from('\ufeffinit: hostname # é\n'), 'x')).toBe('\ufeffinit: hostname # é\n');
  });
});
