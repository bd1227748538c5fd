/**
 * `nsproxy-agent --probe-userns-proc` and `LinuxBackend.userNsProcMount()`:
 * can a user namespace other than the initial one mount a new proc here?
 * Not where the host's /proc is not fully visible (fs/namespace.c
 * mount_too_revealing): shown by masking a directory of /proc with a tmpfs
 * in a private mount namespace, as a container masks /proc/acpi (root only).
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ensureAgent } from './agent-binary.ts';
import { createLinuxBackend } from './index.ts';

const run = promisify(execFile);
const linux = createLinuxBackend();
const unavailable = await linux.unavailable();
const skip = unavailable !== undefined && process.env.CI !== 'true';
if (skip) console.log(`@nsproxy/linux: proc probe tests skipped: ${unavailable}`);
const root = process.geteuid?.() === 0;
const masked = ['acpi', 'driver', 'fs', 'irq', 'tty'].map((d) => `/proc/${d}`).find((d) => existsSync(d) && statSync(d).isDirectory());

async function agent(): Promise<string> {
  const found = await ensureAgent();
  if ('reason' in found) throw new Error(found.reason);
  return found.path;
}

describe.skipIf(skip)('the proc probe', () => {
  it('finds the host\'s /proc fully visible here: undefined', async () => {
    expect(await linux.userNsProcMount()).toBeUndefined();
  });

  it.skipIf(!root || masked === undefined)('with a directory of /proc masked: EPERM, exit status 1', async () => {
    const script = 'mount -t tmpfs -o ro tmpfs "$1" && exec "$2" --probe-userns-proc';
    const result = await run('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', masked ?? '', await agent()]).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(result).toEqual({ code: 1, stdout: 'EPERM\n' });
  });
});
