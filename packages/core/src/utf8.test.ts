/** utf8Encode / utf8Decode: what Node's Buffer and TextDecoder do, without them. */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { utf8Decode, utf8Encode, utf8Length } from './index.ts';

describe('utf8', () => {
  it('encodes 1- to 4-byte characters, a lone surrogate as U+FFFD', () => {
    expect([...utf8Encode('aé€😀')]).toEqual([0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
    expect([...utf8Encode('\ud800')]).toEqual([0xef, 0xbf, 0xbd]);
  });

  it('decodes invalid sequences as U+FFFD, overlong forms and surrogates included', () => {
    expect(utf8Decode(Uint8Array.from([0x61, 0xff, 0x62]))).toBe('a\ufffdb');
    expect(utf8Decode(Uint8Array.from([0xc0, 0x80]))).toBe('\ufffd\ufffd');
    expect(utf8Decode(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe('\ufffd\ufffd\ufffd');
    expect(utf8Decode(Uint8Array.from([0xe2, 0x82]))).toBe('\ufffd');
  });

  test.prop([fc.string({ unit: 'grapheme' })])('round-trips well-formed text, with utf8Length bytes', (s) => {
    const bytes = utf8Encode(s);
    expect(bytes.length).toBe(utf8Length(s));
    expect(utf8Decode(bytes)).toBe(s);
  });
});
