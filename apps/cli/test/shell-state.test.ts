/**
 * Issue 18: `nsproxy shell --save FILE` and `--load FILE`, the built command
 * as a subprocess: a machine kept between two runs (a named network
 * namespace, a uts namespace bound to a file, a background sleep still
 * there), load and save of the same file, the same script giving the same
 * file, and a state file that cannot be loaded (missing, not JSON, another
 * version, from other namespace types) as one line on stderr and status 2.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ENV, bin, runShell } from './shell-run.ts';
import type { Ran } from './shell-run.ts';

const work = mkdtempSync(join(tmpdir(), 'nsproxy-shell-state-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `nsproxy shell ARGS` with `input` on stdin, in the work directory. */
function nsproxy(args: readonly string[], input = ''): Ran {
  return runShell(args, input, work);
}

describe('nsproxy shell --save and --load', () => {
  test('keeps a machine between runs: a named netns, a uts namespace bound to a file, a background sleep', () => {
    const saved = nsproxy(['--save', 'm.json'], 'ip netns add blue; touch /run/uts1; unshare -u --uts=/run/uts1 hostname box; sleep 100 &\n');
    expect(saved).toEqual({ stdout: '', stderr: '', status: 0 });
    const r = nsproxy(['--load', 'm.json'], 'ip netns list; nsenter --uts=/run/uts1 hostname; hostname; ps -o pid,args\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^blue\nbox\nnsproxy\n {4}PID COMMAND\n {6}1 \/sbin\/init\n +\d+ sleep 100\n +\d+ sh\n +\d+ ps -o pid,args\n$/);
  });

  test('keeps what the CLI\'s other types hold: a cgroup2 mount and a cgroup, a time namespace\'s offsets, a user namespace\'s maps', () => {
    const setup = [
      'mkdir -p /sys/fs/cgroup; mount -t cgroup2 none /sys/fs/cgroup; mkdir /sys/fs/cgroup/a',
      'touch /run/t1; unshare -T --boottime 3600 --time=/run/t1 true; unshare -Ur sleep 100 &',
    ].join('\n');
    expect(nsproxy(['--save', 't.json'], `${setup}\n`)).toEqual({ stdout: '', stderr: '', status: 0 });
    const r = nsproxy(['--load', 't.json'], 'ls -d /sys/fs/cgroup/a; findmnt -n -o FSTYPE /sys/fs/cgroup; nsenter --time=/run/t1 uptime | cut -c1-25; cat /proc/$(pidof sleep)/uid_map\n');
    expect(r).toEqual({ stdout: '/sys/fs/cgroup/a\ncgroup2\n 00:00:00 up 1 day,  1:00\n         0          0          1\n', stderr: '', status: 0 });
  });

  test('--load and --save of one file: load, run, save; the clock goes on and the sleep ends at its time', () => {
    expect(nsproxy(['--save', 'c.json'], 'sleep 100 &\nsleep 30\n').status).toBe(0);
    expect(nsproxy(['--load', 'c.json', '--save', 'c.json'], 'sleep 60; pidof sleep\n')).toEqual({ stdout: '3\n', stderr: '', status: 0 });
    expect(nsproxy(['--load', 'c.json', '--save', 'c.json'], 'uptime | cut -c1-9; pidof sleep; sleep 10; pidof sleep || echo gone\n'))
      .toEqual({ stdout: ' 00:01:30\n3\ngone\n', stderr: '', status: 0 });
    expect(nsproxy(['--load', 'c.json'], 'uptime | cut -c1-9; pidof sleep || echo gone\n').stdout).toBe(' 00:01:40\ngone\n');
  });

  test('the same script gives the same file, byte for byte; a script\'s exit status is kept and the state saved', () => {
    const script = 'ip netns add a; mkdir -p /tmp/x; echo x > /tmp/x/y; ipcmk -Q >/dev/null; unshare -fp sleep 9 &\nsleep 1\nexit 3\n';
    expect(nsproxy(['--save', 'd1.json'], script).status).toBe(3);
    expect(nsproxy(['--save', 'd2.json'], script).status).toBe(3);
    expect(readFileSync(join(work, 'd2.json'), 'utf8')).toBe(readFileSync(join(work, 'd1.json'), 'utf8'));
    expect(nsproxy(['--load', 'd1.json'], 'cat /tmp/x/y; ipcs -q | grep -c 0x\n').stdout).toBe('x\n1\n');
  });

  test('a state that cannot be loaded is one line on stderr and status 2, and nothing runs', () => {
    const good = JSON.parse(readFileSync(join(work, 'm.json'), 'utf8')) as { kernel: { types: string[] } };
    writeFileSync(join(work, 'notjson.json'), '{"format": "nsproxy-machine", ');
    writeFileSync(join(work, 'version.json'), JSON.stringify({ ...good, version: 99 }));
    writeFileSync(join(work, 'types.json'), JSON.stringify({ ...good, kernel: { ...good.kernel, types: good.kernel.types.filter((t) => t !== 'cgroup') } }));
    writeFileSync(join(work, 'other.json'), '[1, 2, 3]\n');
    const cases: [string, RegExp][] = [
      ['nosuch.json', /^nsproxy: shell: cannot load nosuch\.json: No such file\n$/],
      ['notjson.json', /^nsproxy: shell: cannot load notjson\.json: not a machine state \(not JSON\)\n$/],
      ['version.json', /^nsproxy: shell: cannot load version\.json: a machine state of version 99; this nsproxy reads version 1\n$/],
      ['types.json', /^nsproxy: shell: cannot load types\.json: its kernel cannot be restored: .*types \[user, mnt, uts, ipc, pid, net, time\], not \[user, mnt, uts, ipc, pid, cgroup, net, time\]\n$/],
      ['other.json', /^nsproxy: shell: cannot load other\.json: not an nsproxy machine state\n$/],
    ];
    for (const [name, line] of cases) {
      const r = nsproxy(['--load', name, '--save', 'never.json'], 'echo ran\n');
      expect(r.stdout, name).toBe('');
      expect(r.stderr, name).toMatch(line);
      expect(r.status, name).toBe(2);
    }
    expect(() => readFileSync(join(work, 'never.json'))).toThrow();
  });

  test('the flags are in --help', () => {
    const r = spawnSync(process.execPath, [bin, 'shell', '--help'], { encoding: 'utf8', env: ENV });
    expect(r.stdout).toMatch(/--load <file>/);
    expect(r.stdout).toMatch(/--save <file>/);
  });
});
