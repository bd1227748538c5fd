/**
 * The built-in scenario areas, composed: together they define the specs of
 * every op of the format, each op once, and they parse exactly what the parser's
 * reference table (packages/scenario/test/format-ops.ts) parses.
 */
import { describe, expect, test } from 'vitest';
import { composeAreas, parseScenario } from '@nsproxy/scenario';
import { FORMAT_OPS } from '../../../packages/scenario/test/format-ops.ts';
import { BUILTIN_AREAS } from './areas.ts';

const composed = composeAreas(BUILTIN_AREAS);

describe('the built-in areas', () => {
  test('define every op of the reference table, and no other', () => {
    expect([...composed.ops.keys()].sort()).toEqual([...FORMAT_OPS.keys()].sort());
  });

  test('each spec says what the reference says (usage, argument counts and kinds)', () => {
    // (A kind's `samples` are the fuzzer's, not the parser's: left out of the comparison.)
    const kinds = (args: unknown): string => JSON.stringify(args, (key, value: unknown) => (key === 'samples' ? undefined : value));
    for (const [name, spec] of composed.ops) {
      const ref = FORMAT_OPS.get(name);
      expect({ usage: spec.usage, min: spec.min, max: spec.max, args: kinds(spec.args) }, name).toEqual({
        usage: ref?.usage,
        min: ref?.min,
        max: ref?.max,
        args: kinds(ref?.args),
      });
      expect(spec.check === undefined, name).toBe(ref?.check === undefined);
    }
  });

  const steps = [
    'ioctl fa NS_GET_USERNS fu', 'ioctl fa NS_GET_NSTYPE', 'ioctl fa NS_GET_USERNS', 'ioctl fa NS_GET_NSTYPE fx', 'ioctl fa NS_GET_X',
    'shmget 0x10 create', 'shmget IPC_PRIVATE', 'shmget key', 'semop 0 0:-1,1:0', 'semop 0 0:x', 'semop 0 -',
    'msgrcv 0 64 1 copy noerror', 'msgrcv 0 64 1 copy copy', 'msgrcv 0 64 1 nope', 'sysctl kernel.shmmni', 'sysctl shmmni',
    'kill a SIGKILL', 'kill a SIGNOPE', 'kill -1 65', 'kill 0x80000000 0', 'kill A 0', 'sigaction SIGUSR1 catch', 'sigaction 2147483648 ignore',
    'pidfd-open a f 0x100000000', 'pidfd-send f 0 -1', 'wait -1', 'wait a b', 'caught x', 'setgroups a alow', 'read uid_map a', 'read setgroups a', 'clone a uts,usr', 'exit x',
    'pin a net /tmp/nss/n', 'pin a net /etc/n', 'setns-path /tmp/nss/n net', 'nspath rel/p', 'mq_open /q excl', 'ipcs shn',
    'mount tmpfs /tmp/nss/a', 'mount proc /tmp/nss/a /tmp/nss/b', 'mount move /tmp/nss/a', 'mount bind /etc /tmp/nss/a', 'make-runbindable /tmp/nss',
    'remount /tmp/nss ro,nodev', 'remount /tmp/nss rw,ro', 'remount /tmp/nss ro,ro', 'pivot-root . .', 'pivot-root old /x', 'chdir ..', 'mounts /',
    'veth a b', 'veth a/b c', 'veth 0123456789abcdef x', 'bind tcp 80 s', 'bind udp 80 s ::1', 'bind tcp 80 s nope', 'addr-add a 10.0.0.1/24',
    'addr-add a 10.0.0', 'route-add default 10.0.0.1', 'route-add dflt 10.0.0.1', 'connect tcp 10.0.0.2 80 s', 'send s "hi there"',
    // integers: each argument against its C type
    'setuid -1', 'setuid 4294967295', 'setuid 0x100000000', 'setgid -2147483649', 'exit 0xffffffff', 'exit 4294967296',
    'shmget 0xdeadbeef', 'shmget -2147483648', 'shmget 0x100000000', 'ipcrm shm 2147483648', 'ipcstat msg 0x1ffffffff',
    'msgsnd 0 0xffffffffffffffff -1', 'msgsnd 0 1 0x10000000000000000', 'msgrcv 0 18446744073709551615 -9223372036854775808',
    'msgrcv 0 1 -9223372036854775809', 'semop 0 65535:-32768', 'semop 0 65536:0', 'semop 0 0:65535', 'semop 0 0:65536',
  ];
  test.each(steps)('init: %s parses (or fails) exactly as with the reference table', (step) => {
    const outcome = (ops: typeof FORMAT_OPS): string => {
      try {
        return JSON.stringify(parseScenario(`init: ${step}`, 's.nss', { ops }).steps);
      } catch (error) {
        return String(error);
      }
    };
    expect(outcome(composed.ops)).toBe(outcome(FORMAT_OPS));
  });
});
