import { describe, expect, test } from 'vitest';
import { runCli } from './cli.ts';
import { demoSession } from './commands/demo.ts';

/** Runs the CLI and collects what it prints. */
async function cli(argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await runCli(argv, { write: (t) => (out += t), writeErr: (t) => (err += t), env: {}, platform: 'linux' });
  return { status, out, err };
}

/** The result column of the first step line whose call starts with `prefix`. */
function resultOf(lines: readonly string[], prefix: string): string | undefined {
  const line = lines.find((l) => l.startsWith(prefix));
  return line?.split(' => ')[1]?.split(/\s+#/)[0]?.trim();
}

describe('nsproxy demo', () => {
  test('prints the session and ends in an lsns listing, exit 0', async () => {
    const { status, out, err } = await cli(['demo']);
    expect(status).toBe(0);
    expect(err).toBe('');
    const lines = out.trimEnd().split('\n');
    const header = lines.findIndex((l) => /^\s+NS TYPE\s+NPROCS PID USER COMMAND$/.test(l));
    expect(header).toBeGreaterThan(0);
    // Four initial namespaces and the four alice made, each on one row.
    const rows = lines.slice(header + 1);
    expect(rows.map((r) => r.trim().split(/\s+/)[1])).toEqual(['pid', 'user', 'uts', 'ipc', 'user', 'uts', 'ipc', 'pid']);
    expect(rows.at(-1)).toMatch(/ pid\s+1\s+3 1000 sh$/);
  });

  test('the rules it shows come out of the model', () => {
    const lines = demoSession();
    expect(resultOf(lines, 'bash[2]: unshare(')).toBe('ok');
    expect(resultOf(lines, 'bash[2]: getuid()')).toBe('0');
    expect(resultOf(lines, 'sh[3]: getpid()')).toBe('1');
    expect(resultOf(lines, 'sh[3]: getppid()')).toBe('0');
    expect(resultOf(lines, 'sh[3]: uname().nodename')).toBe('box');
    expect(resultOf(lines, 'init[1]: uname().nodename')).toBe('nsproxy');
    expect(resultOf(lines, 'sh[3]: ipcs -m')).toBe('1');
    expect(resultOf(lines, 'init[1]: ipcs -m')).toBe('0');
    expect(resultOf(lines, 'bash[2]: open("/proc/1/ns/uts")')).toBe('EACCES');
    expect(resultOf(lines, 'bash[2]: setns(3, CLONE_NEWUTS)')).toBe('EPERM');
    expect(resultOf(lines, 'sh[3]: sethostname(65 bytes)')).toBe('EINVAL');
    // Deterministic: the same session twice prints the same lines.
    expect(demoSession()).toEqual(lines);
  });

  test('extra arguments are one line of usage error, exit 2', async () => {
    const { status, out, err } = await cli(['demo', 'extra']);
    expect(status).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/^nsproxy: /);
  });
});
