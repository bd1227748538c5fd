/** The playground's share URL: a session's lines to a `#s=` hash and back (Node 20 has CompressionStream). */
import { describe, expect, it } from 'vitest';
import { decodeSession, encodeSession } from '../.vitepress/theme/playground.ts';

describe('session URLs', () => {
  it('round-trips the lines typed, non-ASCII and quotes included, in a URL-safe hash', async () => {
    const lines = ['unshare -u sh', 'hostname box', `echo "it's" 'a "box"' \\ \`x\``, 'echo héllo — 箱 🐧', '', 'exit'];
    const encoded = await encodeSession(lines);
    expect(encoded).toMatch(/^z[A-Za-z0-9_-]+$/);
    expect(await decodeSession(`#s=${encoded}`)).toEqual(lines);
    expect(await decodeSession(`s=${encoded}`)).toEqual(lines);
  });

  it('reads an undeflated session (`t`, from a browser without CompressionStream)', async () => {
    expect(await decodeSession(`#s=t${Buffer.from('hostname box\necho "é"').toString('base64url')}`)).toEqual(['hostname box', 'echo "é"']);
  });

  it('is compact: a repetitive session deflates', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `ip netns add blue${i}`);
    expect((await encodeSession(lines)).length).toBeLessThan(lines.join('\n').length / 2);
  });

  it('gives a clean start, without an exception, for no session or a bad one', async () => {
    for (const hash of ['', '#', '#intro', '#s=', '#s=z', '#s=z!!!', '#s=zAAAA', '#s=t_w', '#s=q' + 'a'.repeat(8), '#s=z' + 'x'.repeat(40)]) {
      expect(await decodeSession(hash), hash).toEqual([]);
    }
  });
});
