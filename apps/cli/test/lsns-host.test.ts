/**
 * Issue 18: `nsproxy lsns --host`, the built command as a subprocess,
 * against util-linux's lsns on this machine. A live system changes between
 * two reads, so the two are compared inside a fresh set of namespaces
 * (`unshare -mpuinf --mount-proc`) whose processes do not change while both
 * run: there the outputs must be equal byte for byte, for each set of
 * options. On the host itself, only what is stable is compared: the
 * namespaces of one process the test starts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

const bin = fileURLToPath(new URL('../bin/nsproxy.js', import.meta.url));
const ENV = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: '/root' };

/** Why the comparison with the real lsns cannot run here, or undefined. */
function cannotCompare(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (spawnSync('sh', ['-c', 'command -v lsns && command -v unshare'], { encoding: 'utf8' }).status !== 0) return 'no lsns or unshare';
  const r = spawnSync('unshare', ['-mpuinf', '--mount-proc', 'true'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `unshare -mpuinf fails: ${r.stderr.trim()}`;
}
const skip = cannotCompare();
const SEP = '=====';

/** Single-quoted for sh; `$NS` stays the variable (the inode of the uts namespace of `unshare -u sh -c "sleep 200"`). */
const q = (s: string): string => (s === '$NS' ? '"$NS"' : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * Runs, inside fresh namespaces where a few processes wait (two sleeps, one
 * in a uts and one in a net namespace of its own, pinned by a bind mount on
 * a tmpfs), `lsns ARGS` and `nsproxy lsns --host ARGS` for each ARGS; returns
 * [real, ours] for each, stdout + stderr + status.
 */
function bothInSandbox(argsList: readonly (readonly string[])[]): [string, string][] {
  const runs = argsList.map((args) => {
    const a = args.map(q).join(' ');
    return `lsns ${a} 2>&1; echo "status $?"; echo ${SEP}; ${q(process.execPath)} ${q(bin)} lsns --host ${a} 2>&1; echo "status $?"; echo ${SEP}`;
  });
  const script = [
    'mount -t tmpfs tmpfs /mnt && touch /mnt/netns',
    'sleep 100 &',
    'unshare -u sh -c "sleep 200" & U=$!',
    'unshare --net=/mnt/netns sleep 300 &',
    'sleep 0.3',
    'NS=$(readlink /proc/$U/ns/uts | tr -dc 0-9)',
    ...runs,
    'kill %1 %2 %3 2>/dev/null',
  ].join('\n');
  const r = spawnSync('unshare', ['-mpuinf', '--mount-proc', 'sh', '-c', script], { encoding: 'utf8', env: ENV, timeout: 120_000 });
  const parts = r.stdout.split(`${SEP}\n`);
  return argsList.map((_, i) => [parts[2 * i] ?? '', parts[2 * i + 1] ?? '']);
}

describe.skipIf(skip !== undefined)(`nsproxy lsns --host against util-linux's lsns${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cases: (readonly string[])[] = [
    [],
    ['-l'],
    ['-n'],
    ['-o', 'NS,TYPE,NPROCS,PID'],
    ['-n', '-o', 'NS,TYPE,NPROCS,PID'],
    ['-J'],
    ['-J', '-l', '-o', 'NS,TYPE,PID,USER'],
    ['-r'],
    ['-t', 'uts'],
    ['-t', 'uts', '-t', 'net', '-o', 'NS,TYPE,NPROCS,PID,USER,COMMAND'],
    ['-t', 'net', '-o', 'NS,TYPE,NSFS,PID'],
    ['-t', 'net', '-r', '-o', 'NS,NSFS'],
    ['-p', '1', '-l'],
    ['-o', '+PPID,UID,PATH'],
    ['-u', '-t', 'mnt'],
    ['-t', 'foo'],
    ['-o', 'NS,FOO'],
    ['-p', 'x'],
    ['-J', '-r'],
  ];
  const results = skip === undefined ? bothInSandbox(cases) : [];

  test.each(cases.map((args, i) => ({ args: args.join(' ') || '(no options)', i })))('lsns $args', ({ i }) => {
    const [real, ours] = results[i] ?? ['', ''];
    expect(real).toMatch(/status \d+\n$/);
    expect(ours).toBe(real);
  });

  test('the lsns <namespace> form: the processes of one namespace (a shell and its child), as a tree', () => {
    const [[real, ours] = ['', ''], [realJson, oursJson] = ['', '']] = bothInSandbox([['$NS'], ['-J', '$NS']]);
    expect(real).toContain('PID PPID USER COMMAND');
    expect(ours).toBe(real);
    expect(realJson).toContain('"children": [');
    expect(oursJson).toBe(realJson);
  });

  test('NETNSID, which lsns asks rtnetlink for, is left empty', () => {
    const [[real, ours] = ['', '']] = bothInSandbox([['-t', 'net', '-n', '-o', 'NETNSID,NS']]);
    expect(real).toMatch(/unassigned \d+/);
    expect(ours).toMatch(/^ +\d+\n/);
  });
});

describe.skipIf(skip !== undefined)('nsproxy lsns --host on the live host: what does not change between two reads', () => {
  const sleeper = skip === undefined ? spawn('unshare', ['-u', 'sleep', '300'], { stdio: 'ignore' }) : undefined;
  afterAll(() => void sleeper?.kill());

  test('the namespaces of one process (lsns -p PID), and the one namespace it alone is in', async () => {
    await new Promise((r) => setTimeout(r, 300));
    const pid = String(sleeper?.pid ?? 0);
    const run = (cmd: string, args: readonly string[]): string => spawnSync(cmd, args, { encoding: 'utf8', env: ENV }).stdout;
    const set = (text: string): string[] => text.trim().split('\n').map((l) => l.trim().split(/\s+/).join(' ')).sort();
    const real = run('lsns', ['-p', pid, '-l', '-n', '-o', 'NS,TYPE']);
    const ours = run(process.execPath, [bin, 'lsns', '--host', '-p', pid, '-l', '-n', '-o', 'NS,TYPE']);
    expect(set(real)).toHaveLength(8);
    expect(set(ours)).toEqual(set(real));
    // Its uts namespace of its own holds one process, the sleeper: the same line in both, and the same lsns <namespace>.
    const uts = set(real).find((l) => l.endsWith(' uts'))?.split(' ')[0] ?? '';
    const line = (text: string): string | undefined => text.split('\n').find((l) => l.startsWith(`${uts} `));
    const rawArgs = ['-r', '-n', '-t', 'uts', '-o', 'NS,NPROCS,PID,COMMAND'];
    expect(line(run(process.execPath, [bin, 'lsns', '--host', ...rawArgs]))).toBe(`${uts} 1 ${pid} sleep\\x20300`);
    expect(line(run('lsns', rawArgs))).toBe(`${uts} 1 ${pid} sleep\\x20300`);
    expect(run(process.execPath, [bin, 'lsns', '--host', uts])).toBe(run('lsns', [uts]));
  });
});

describe('nsproxy lsns without --host', () => {
  test('is one line pointing to --host and to nsproxy shell, status 2', () => {
    const r = spawnSync(process.execPath, [bin, 'lsns'], { encoding: 'utf8', env: ENV });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('nsproxy: lsns: lists the real machine\'s namespaces with --host (nsproxy lsns --host [options]); the simulated lsns runs in nsproxy shell\n');
  });
});
