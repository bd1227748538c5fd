/**
 * A machine saved and loaded (state.ts): a session on a loaded machine
 * prints what it prints on the machine that was saved (namespaces, pinned
 * files, mounts, file contents, links, ipc objects, processes, the clock);
 * background processes come back (a sleep with its remaining time, an
 * `unshare --fork` parent waiting for its child, anything else waiting until
 * killed); the same script gives the same state; a state that cannot be
 * loaded is a MachineStateError with one line; and a fast-check property:
 * random sessions from a small set of commands, split at a random point
 * with a save and a load between, print what they print straight through.
 */
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { timeNamespaceType } from '@nsproxy/time';
import { MachineStateError, SHELL_TYPES, TextReader, createMachine, loadMachine, runSession, saveMachine, settleMachine } from './index.ts';
import type { Machine, MachineOptions, MachineState } from './index.ts';

/** The CLI's machines have a time type too; these tests use it, so that the clocks are saved. */
const OPTIONS: MachineOptions = { types: [...SHELL_TYPES, timeNamespaceType] };

/** Runs a session of `script` on `machine` (what it printed on stdout and stderr, and its status), then lets it settle. */
async function session(machine: Machine, script: string): Promise<string> {
  let out = '';
  const write = { write: (t: string): void => void (out += t) };
  const status = await runSession(machine, { stdout: write, stderr: write }, { input: new TextReader(script) });
  await settleMachine(machine);
  return `${out}[${String(status)}]\n`;
}

/** The machine after a trip through JSON text, as --save and --load make it. */
function reload(machine: Machine, options: MachineOptions = OPTIONS): Machine {
  return loadMachine(JSON.parse(JSON.stringify(saveMachine(machine))) as unknown, options);
}

/** The sessions run on one machine, and run with a save and a load before session `cut` (what each printed). */
async function straightAndSplit(sessions: readonly string[], cut: number): Promise<{ straight: string; split: string }> {
  const one = createMachine(OPTIONS);
  let straight = '';
  for (const s of sessions) straight += await session(one, s);
  let two = createMachine(OPTIONS);
  let split = '';
  for (const [i, s] of sessions.entries()) {
    if (i === cut) two = reload(two);
    split += await session(two, s);
  }
  return { straight, split };
}

describe('saveMachine and loadMachine', () => {
  it('keeps the example of the issue: a named netns, a uts namespace bound to a file, a background sleep', async () => {
    const m = createMachine(OPTIONS);
    await session(m, 'ip netns add blue; touch /run/uts1; unshare -u --uts=/run/uts1 hostname box; sleep 100 &\n');
    const script = 'ip netns list; nsenter --uts=/run/uts1 hostname; ps -o pid,args\n';
    const loaded = reload(m);
    const out = await session(loaded, script);
    expect(out).toMatch(/^blue\nbox\n {4}PID COMMAND\n {6}1 \/sbin\/init\n +\d+ sleep 100\n +\d+ sh\n +\d+ ps -o pid,args\n\[0\]\n$/);
    expect(out).toBe(await session(m, script));
  });

  it('a session on the loaded machine prints what it prints on the saved one', async () => {
    const first = [
      'ip netns add red; ip link add v0 type veth peer name v1; ip link set v1 netns red',
      'ip addr add 10.1.0.1/24 dev v0; ip link set v0 up; ip -n red addr add 10.1.0.2/24 dev v1; ip -n red link set v1 up',
      'mkdir -p /tmp/m /srv; mount -t tmpfs none /tmp/m; echo hello > /tmp/m/f; mount --bind /tmp/m /srv; mount --make-shared /srv',
      'echo persisted > /root/notes; echo more >> /root/notes',
      'unshare -m --propagation unchanged sh -c "mount -t tmpfs none /mnt; exec sleep 50" &',
      'ipcmk -Q; ipcmk -M 4096; unshare -i --ipc=/run/ipc1 true 2>/dev/null || (touch /run/ipc1; unshare -i --ipc=/run/ipc1 ipcmk -S 2)',
      'touch /run/pid1; unshare -fp --pid=/run/pid1 --mount-proc sleep 30 &',
      'sleep 10 & sleep 1000 & sleep 2',
      'uptime',
    ].join('\n');
    const second = [
      'ip netns list; ip -n red addr show v1 | grep inet; ip addr show v0 | grep inet; ping -c 1 10.1.0.2 | head -2',
      'cat /srv/f /root/notes; findmnt -n -o TARGET,PROPAGATION /srv; ls /tmp/m',
      'ipcs -q | grep -c 0x; nsenter --ipc=/run/ipc1 ipcs -s | grep -c 0x',
      'ps -eo pid,ppid,stat,args; uptime; lsns -t pid -o NS,NPROCS | tail -n +2 | wc -l',
      'sleep 20; ps -eo pid,args; sleep 100; ps -eo pid,args; kill $(pidof sleep); sleep 1; ps -eo pid,args',
      'ipcmk -Q; uptime',
    ].join('\n');
    const m = createMachine(OPTIONS);
    await session(m, first);
    const loaded = reload(m);
    const expected = await session(m, second);
    expect(await session(loaded, second)).toBe(expected);
    expect(expected).toContain('red\n');
    expect(expected).toContain('hello\npersisted\nmore\n');
  });

  it('gives the same state, byte for byte, for the same script, and the same state again after a load', async () => {
    const script = 'ip netns add a; mkdir /tmp/x; echo x > /tmp/x/y; ipcmk -Q; sleep 7 & sleep 3 &\nunshare -fp sleep 9 &\nsleep 1\n';
    const texts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const m = createMachine(OPTIONS);
      await session(m, script);
      texts.push(JSON.stringify(saveMachine(m)));
    }
    expect(texts[1]).toBe(texts[0]);
    const again = loadMachine(JSON.parse(texts[0] as string) as unknown, OPTIONS);
    expect(JSON.stringify(saveMachine(again))).toBe(texts[0]);
  });

  it('brings background processes back: a sleep with the time it had left, a --fork parent waiting for its child, anything else until killed', async () => {
    const m = createMachine(OPTIONS);
    await session(m, 'sleep 100 &\nunshare -fp sleep 40 &\n(sleep 30; echo never) &\nsleep 10\n');
    const state = saveMachine(m);
    expect(state.processes.map(([, kind, at]) => `${kind} ${String(at)}`).sort()).toEqual(['parent null', 'sleep 100000', 'sleep 30000', 'sleep 40000', 'wait null']);
    const loaded = loadMachine(JSON.parse(JSON.stringify(state)) as unknown, OPTIONS);
    const out = await session(loaded, [
      'wait; ps -eo pid,ppid,args',
      // At 40 s the subshell's sleep is over (reaped by the subshell, which prints nothing and stays); at 50 s unshare's child and then unshare.
      'sleep 35; ps -eo pid,ppid,args',
      'sleep 60; ps -eo pid,ppid,args',
      'kill 5; sleep 1; ps -eo pid,ppid,args',
    ].join('\n'));
    expect(out).toBe([
      '    PID    PPID COMMAND', '      1       0 /sbin/init', '      3       1 sleep 100', '      4       1 unshare -fp sleep 40', '      5       1 sh',
      '      6       5 sleep 30', '      7       4 sleep 40', '      9       1 sh', '     10       9 ps -eo pid,ppid,args',
      '    PID    PPID COMMAND', '      1       0 /sbin/init', '      3       1 sleep 100', '      5       1 sh', '      9       1 sh', '     12       9 ps -eo pid,ppid,args',
      '    PID    PPID COMMAND', '      1       0 /sbin/init', '      5       1 sh', '      9       1 sh', '     14       9 ps -eo pid,ppid,args',
      '    PID    PPID COMMAND', '      1       0 /sbin/init', '      9       1 sh', '     16       9 ps -eo pid,ppid,args',
      '[0]', '',
    ].join('\n'));
  });

  it('refuses what is not a state, another version, other types and an inconsistent one, with one line', () => {
    const m = createMachine(OPTIONS);
    const good = JSON.parse(JSON.stringify(saveMachine(m))) as MachineState;
    const bad: [unknown, RegExp][] = [
      [null, /^not an nsproxy machine state$/],
      [{ format: 'nsproxy-kernel' }, /^not an nsproxy machine state$/],
      [{ ...good, version: 2 }, /^a machine state of version 2; this nsproxy reads version 1$/],
      [{ ...good, now: -1 }, /clock/],
      [{ ...good, files: [[0, 5]] }, /files/],
      [{ ...good, files: [[0, 'x']] }, /^its file 0 is not a regular file/],
      [{ ...good, processes: [[1, 'sleep', 5]] }, /process 1 is not a running process/],
      [{ ...good, argv: [[999, ['x']]] }, /task 999/],
      [{ ...good, kernel: { ...good.kernel, tasks: [] } }, /^its kernel cannot be restored: not a valid nsproxy kernel snapshot/],
    ];
    for (const [state, why] of bad) {
      let error: unknown;
      try {
        loadMachine(state, OPTIONS);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(state)?.slice(0, 80)).toBeInstanceOf(MachineStateError);
      expect((error as Error).message).toMatch(why);
      expect((error as Error).message).not.toContain('\n');
    }
    // Saved with the time type, loaded without it.
    expect(() => loadMachine(good, {})).toThrow(/^its kernel cannot be restored: .*types \[user, mnt, uts, ipc, pid, net, time\]/);
  });
});

/** The commands of the property: each keeps some state the next session may see. */
const COMMANDS = [
  'ip netns add n1', 'ip netns add n2', 'ip netns del n1', 'ip netns list',
  'touch /run/u1; unshare -u --uts=/run/u1 hostname h1', 'nsenter --uts=/run/u1 hostname', 'umount /run/u1', 'hostname x1', 'hostname',
  'echo a >> /tmp/f', 'cat /tmp/f', 'mkdir -p /tmp/m; mount -t tmpfs none /tmp/m', 'umount /tmp/m', 'findmnt -n -o TARGET,FSTYPE | tail -n 3',
  'sleep 3 &', 'sleep 7 &', 'sleep 5', 'ps -eo pid,ppid,stat,args', 'kill $(pidof sleep)', 'uptime', 'wait',
  'ipcmk -Q', 'ipcs -q | tail -n +4',
  'ip link add v0 type veth peer name v1', 'ip link set v1 netns n2', 'ip -n n2 link show | grep -c UP', 'ip addr show | grep inet', 'ip addr add 10.9.0.1/24 dev v0',
  'lsns -o NS,TYPE,NPROCS', 'unshare -fp --mount-proc sleep 4 &',
] as const;

describe('saveMachine and loadMachine, property', () => {
  fcTest.prop([fc.array(fc.array(fc.constantFrom(...COMMANDS), { maxLength: 6 }), { minLength: 2, maxLength: 4 }), fc.nat()], { numRuns: 40 })(
    'sessions split by a save and a load print what they print on one machine',
    async (sessions, cut) => {
      const scripts = sessions.map((cmds) => `${cmds.join('\n')}\n`);
      const { straight, split } = await straightAndSplit(scripts, 1 + (cut % (scripts.length - 1)));
      expect(split).toBe(straight);
    },
  );
});

describe('saveMachine and loadMachine without the time type', () => {
  it('keeps the kernel\'s clocks itself: uptime and date go on from where they were', async () => {
    const m = createMachine();
    await session(m, 'sleep 3600\n');
    const script = 'uptime; date; sleep 60; uptime\n';
    const state = saveMachine(m);
    expect(state.clocks).toBeDefined();
    const loaded = loadMachine(JSON.parse(JSON.stringify(state)) as unknown);
    expect(await session(loaded, script)).toBe(await session(m, script));
  });
});
