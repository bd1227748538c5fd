/**
 * Issue 22: `nsproxy shell --road NAME` (repeatable) and `--roads`, the built
 * command as a subprocess: the roads the machine knows listed, the roads
 * opened shown by the `roads` builtin, a saved machine
 * keeping its roads, and bad input (an unknown road, --road without a name,
 * --road with --load, --roads with a FILE) as one line on stderr and status 2.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runShell } from './shell-run.ts';
import type { Ran } from './shell-run.ts';

const work = mkdtempSync(join(tmpdir(), 'nsproxy-shell-roads-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function nsproxy(args: readonly string[], input = ''): Ran {
  return runShell(args, input, work);
}

/** The names of a road listing (each road's first line starts with its name). */
function names(listing: string): string[] {
  return listing.split('\n').filter((l) => /^[a-z]/.test(l)).map((l) => l.split(/\s+/)[0] ?? '');
}

describe('nsproxy shell --roads and --road', () => {
  test('--roads lists every road the machine knows, each with what Linux has instead', () => {
    const r = nsproxy(['--roads']);
    expect([r.stderr, r.status]).toEqual(['', 0]);
    const listed = names(r.stdout);
    expect(listed).toEqual(expect.arrayContaining(['nsproxy-ids', 'setns-nstype-fd', 'socketat']));
    expect(new Set(listed).size).toBe(listed.length);
    expect(r.stdout.match(/^ +Linux: /gm)?.length).toBe(listed.length);
  });

  test('--road opens roads: the roads builtin names them, -a marks them among all', () => {
    expect(nsproxy([], 'roads\n')).toEqual({ stdout: 'no road open: Linux 6.18\n', stderr: '', status: 0 });
    const r = nsproxy(['--road', 'nsproxy-ids', '--road', 'socketat', '--road', 'nsproxy-ids'], 'roads; echo ==; roads -a\n');
    expect([r.stderr, r.status]).toEqual(['', 0]);
    const [open = '', all = ''] = r.stdout.split('==\n');
    expect(names(open)).toEqual(['nsproxy-ids', 'socketat']);
    expect(all).toMatch(/^nsproxy-ids +open /m);
    expect(all).toMatch(/^socketat +open /m);
    expect(all).toMatch(/^setns-nstype-fd +- /m);
  });

  test('a machine saved with roads is loaded with them', () => {
    expect(nsproxy(['--road', 'setns-nstype-fd', '--save', 'r.json'], 'true\n')).toEqual({ stdout: '', stderr: '', status: 0 });
    const r = nsproxy(['--load', 'r.json'], 'roads\n');
    expect([r.stderr, r.status]).toEqual(['', 0]);
    expect(names(r.stdout)).toEqual(['setns-nstype-fd']);
  });

  test.each([
    [['--road', 'nope'], /^nsproxy: shell: unknown road 'nope' \(roads: nsproxy-ids, setns-nstype-fd, .*socketat.*\)\n$/],
    [['--road'], /^nsproxy: .*--road.*\n$/],
    [['--road', 'socketat', '--load', 'r.json'], /^nsproxy: shell: --road and --load: a loaded machine keeps the roads it was saved with\n$/],
    [['--roads', 'script.sh'], /^nsproxy: shell: --roads takes no FILE\n$/],
  ])('bad input %j: one line, status 2', (args, message) => {
    const r = nsproxy(args, 'echo ran\n');
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
  });
});
