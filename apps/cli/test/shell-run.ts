/**
 * The built `nsproxy shell` as a subprocess, the way the shell's tests run it
 * (shell.test.ts, shell-state.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built command's entry. */
export const bin = fileURLToPath(new URL('../bin/nsproxy.js', import.meta.url));

/** The environment both shells run with: no locale, no inherited SHELL. */
export const ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C', HOME: '/root' };

/** What a run printed, and its exit status. */
export interface Ran {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number | null;
}

/** `nsproxy shell ARGS` with `input` on stdin, in `cwd`. */
export function runShell(args: readonly string[], input: string, cwd: string): Ran {
  const r = spawnSync(process.execPath, [bin, 'shell', ...args], { input, cwd, encoding: 'utf8', env: ENV, timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}
