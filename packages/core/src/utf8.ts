/**
 * UTF-8 without platform APIs (the library packages use neither DOM nor Node
 * types): the bytes a write(2) of a string passes (a uid_map line, a message
 * text), and the text of bytes read back. Encoding turns a lone surrogate into
 * U+FFFD, as Node's Buffer does; decoding replaces each invalid byte sequence
 * with U+FFFD, as TextDecoder does.
 */

/** The UTF-8 bytes of a string (a lone surrogate becomes U+FFFD). */
export function utf8Encode(s: string): Uint8Array {
  // ASCII (a map line, most message texts): one byte per character, no intermediate array.
  const ascii = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return utf8EncodeAny(s);
    ascii[i] = c;
  }
  return ascii;
}

function utf8EncodeAny(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    let c = ch.codePointAt(0) ?? 0;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

/** The string of UTF-8 bytes. */
export function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) {
      out += '\uFFFD';
      i++;
      continue;
    }
    let c = n === 0 ? b : b & (0x3f >> n);
    // The second byte's range excludes overlong forms, surrogates and values above U+10FFFF.
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    let j = 1;
    for (; j <= n; j++) {
      const cont = bytes[i + j];
      if (cont === undefined || cont < (j === 1 ? lo : 0x80) || cont > (j === 1 ? hi : 0xbf)) break;
      c = (c << 6) | (cont & 0x3f);
    }
    if (j <= n) {
      out += '\uFFFD';
      i += j;
      continue;
    }
    out += String.fromCodePoint(c);
    i += n + 1;
  }
  return out;
}
