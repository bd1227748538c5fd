import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { COMMANDS, helpText, shellReference } from '@nsproxy/shell';
import { runCli } from './cli.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('docs/shell.md', () => {
  test('is what `nsproxy shell --markdown` prints (regenerate it with that command)', async () => {
    let out = '';
    const status = await runCli(['shell', '--markdown'], { write: (t) => (out += t), writeErr: () => undefined, env: {} });
    expect(status).toBe(0);
    expect(out).toBe(`${shellReference()}\n`);
    expect(readFileSync(join(root, 'docs/shell.md'), 'utf8')).toBe(out);
  });

  test('holds the --help of every command, so the page and the commands cannot drift', () => {
    const page = readFileSync(join(root, 'docs/shell.md'), 'utf8');
    for (const c of COMMANDS) expect(page).toContain(helpText(c).trim());
  });

  test('is linked from docs/index.md', () => {
    expect(readFileSync(join(root, 'docs/index.md'), 'utf8')).toContain('(shell.md)');
  });
});
