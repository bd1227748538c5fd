/**
 * The cgroup2 hierarchy on the shell's machine, as on Debian 12: mounted at
 * /sys/fs/cgroup at boot (when @nsproxy/cgroup is one of the machine's
 * types), cgroups made with mkdir, a process moved by writing cgroup.procs,
 * /proc/PID/cgroup relative to the reader's cgroup namespace root.
 */
import { cgroupNamespaceType } from '@nsproxy/cgroup';
import { describe, expect, test } from 'vitest';
import { COMMANDS, Machine, SHELL_TYPES, TextReader, runSession } from './index.ts';

async function run(script: string, types = [...SHELL_TYPES, cgroupNamespaceType]): Promise<{ stdout: string; stderr: string; status: number }> {
  const machine = new Machine({ types, commands: COMMANDS });
  let stdout = '';
  let stderr = '';
  const status = await runSession(machine, { stdout: { write: (t) => void (stdout += t) }, stderr: { write: (t) => void (stderr += t) } }, { input: new TextReader(script) });
  return { stdout, stderr, status };
}

describe('cgroup2 at /sys/fs/cgroup', () => {
  test('is mounted at boot, and a write of cgroup.procs moves the writer (its children follow it)', async () => {
    const r = await run('findmnt -n -o TARGET,FSTYPE /sys/fs/cgroup\nmkdir /sys/fs/cgroup/x\necho $$ > /sys/fs/cgroup/x/cgroup.procs\ncat /proc/self/cgroup\ncat /sys/fs/cgroup/x/cgroup.procs\n');
    expect(r).toEqual({ stdout: '/sys/fs/cgroup cgroup2\n0::/x\n2\n6\n', stderr: '', status: 0 });
  });

  test('a cgroup namespace sees its creator\'s cgroup as / and init\'s as /..', async () => {
    const r = await run('mkdir /sys/fs/cgroup/x\necho $$ > /sys/fs/cgroup/x/cgroup.procs\nunshare -C sh -c "cat /proc/self/cgroup /proc/1/cgroup"\n');
    expect(r.stdout).toBe('0::/\n0::/..\n');
  });

  test('a pid that does not exist is ESRCH: dash\'s echo fails with its own line, status 1', async () => {
    const r = await run('echo 99 > /sys/fs/cgroup/cgroup.procs\necho $?\n');
    expect(r).toEqual({ stdout: '1\n', stderr: 'sh: 1: echo: echo: I/O error\n', status: 0 });
  });

  test('without the cgroup type there is only the directory', async () => {
    const r = await run('ls /sys/fs/cgroup\nfindmnt -n /sys/fs/cgroup\necho $?\n', [...SHELL_TYPES]);
    expect(r).toEqual({ stdout: '1\n', stderr: '', status: 0 });
  });
});
