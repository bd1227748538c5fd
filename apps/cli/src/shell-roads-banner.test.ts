/**
 * Issue 22: at a prompt (standard input a terminal), `nsproxy shell --road
 * NAME` says in its banner which roads not taken are open; without a road, or
 * with a script, there is no banner (a script prints only what it prints).
 */
import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { runCli } from './cli.ts';

async function atPrompt(args: readonly string[], typed: string): Promise<{ out: string; status: number }> {
  let out = '';
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  const running = runCli(['shell', ...args], {
    env: {}, platform: 'linux', stdin, stdinIsTTY: true, stdout, write: (t) => (out += t), writeErr: (t) => (out += t),
  });
  stdin.end(typed);
  const status = await running;
  return { out, status };
}

test('the banner at a prompt names the open roads; none without a road', async () => {
  const road = await atPrompt(['--road', 'nsproxy-ids', '--road', 'socketat'], 'exit 3\n');
  expect(road.status).toBe(3);
  expect(road.out.split('\n')[0]).toBe('roads not taken open: nsproxy-ids, socketat (not Linux 6.18; `roads -a` lists them)');
  const plain = await atPrompt([], 'exit 4\n');
  expect(plain.status).toBe(4);
  expect(plain.out).not.toContain('roads not taken');
});
