/**
 * Time namespaces (X1.*, I8.*): creation as time_for_children, entry at fork,
 * /proc/PID/timens_offsets (parse, permission, ranges, freezing), setns,
 * clock_gettime with offsets, references and snapshots.
 */
import { describe, expect, it } from 'vitest';
import {
  CAP_FULL_SET, CAP_SYS_ADMIN, CAP_SYS_TIME, CLONE_NEWTIME, CLONE_NEWUSER, CLONE_SIGHAND, CLONE_THREAD, CLONE_VM, Kernel, capBit, kernelProblems, utf8Encode,
} from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import {
  CLOCK, CLOCK_START, KTIME_SEC_MAX, NSEC_PER_SEC, TIME_INIT_INO, activeTimeNs, advanceClocks, clockGettime, kernelClock, parseTimensOffsets,
  readTimensOffsets, timeNamespaceType, timeNsForChildren, timespecAdd, writeTimensOffsets,
} from './index.ts';
import { boot, errno, toyUserType, user, withMaps } from '../test/helpers.ts';

const bytes = (s: string): Uint8Array => utf8Encode(s);

/** The seconds of a clock as `task` reads it, minus the kernel's own. */
function offsetSeen(kernel: Kernel, task: Task, clock: number): bigint {
  const t = clockGettime(kernel, task, clock);
  const k = kernelClock(kernel, clock);
  return t.sec * NSEC_PER_SEC + t.nsec - (k.sec * NSEC_PER_SEC + k.nsec);
}

function balanced(kernel: Kernel): void {
  expect(kernelProblems(kernel)).toEqual([]);
}

describe('the initial time namespace', () => {
  it('has the fixed inode, zero offsets, is frozen, and is the boot task\'s time and time_for_children', () => {
    const { kernel, init } = boot();
    const ns = activeTimeNs(init);
    expect(ns?.inum).toBe(TIME_INIT_INO);
    expect(ns?.frozen).toBe(true);
    expect(timeNsForChildren(init)).toBe(ns);
    expect(kernel.readlink(init, '/proc/self/ns/time_for_children')).toBe(`time:[${TIME_INIT_INO}]`);
    expect(readTimensOffsets(kernel, init, init)).toBe('monotonic           0         0\nboottime            0         0\n');
    expect(errno(() => writeTimensOffsets(kernel, init, init, 'monotonic 1 0'))).toBe('EACCES');
  });
});

describe('unshare and clone with CLONE_NEWTIME (X1.2, X1.3)', () => {
  it('unshare makes a new time_for_children with the old one\'s offsets; the caller stays; a second unshare is allowed', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, 0);
    const before = activeTimeNs(a);
    kernel.unshare(a, CLONE_NEWTIME);
    const first = timeNsForChildren(a);
    expect(activeTimeNs(a)).toBe(before);
    expect(first).not.toBe(before);
    expect(first?.frozen).toBe(false);
    writeTimensOffsets(kernel, a, a, 'monotonic 3600 5\nboottime 7 0');
    kernel.unshare(a, CLONE_NEWTIME);
    const second = timeNsForChildren(a);
    expect(second).not.toBe(first);
    expect(second?.monotonic).toEqual({ sec: 3600n, nsec: 5n });
    expect(second?.boottime).toEqual({ sec: 7n, nsec: 0n });
    expect(first?.freed).toBe(true); // nobody holds the first one any more
    balanced(kernel);
  });

  it('a child without CLONE_VM enters time_for_children and freezes it; a thread stays in the parent\'s namespace', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, 0);
    kernel.unshare(a, CLONE_NEWTIME);
    const ns = timeNsForChildren(a);
    const thread = kernel.clone(a, CLONE_VM | CLONE_SIGHAND | CLONE_THREAD);
    expect(activeTimeNs(thread)).toBe(activeTimeNs(a));
    expect(ns?.frozen).toBe(false); // a thread entered nothing
    const vforked = kernel.clone(a, CLONE_VM);
    expect(activeTimeNs(vforked)).toBe(activeTimeNs(a));
    const child = kernel.clone(a, 0);
    expect(activeTimeNs(child)).toBe(ns);
    expect(ns?.frozen).toBe(true);
    balanced(kernel);
  });

  it('clone with CLONE_NEWTIME puts the child in a new namespace, its time and time_for_children, copied from the parent\'s time_for_children', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, 0);
    kernel.unshare(a, CLONE_NEWTIME);
    writeTimensOffsets(kernel, a, a, 'boottime 50 0');
    const c = kernel.clone(a, CLONE_NEWTIME);
    const ns = activeTimeNs(c);
    expect(ns).toBe(timeNsForChildren(c));
    expect(ns).not.toBe(timeNsForChildren(a));
    expect(ns?.boottime.sec).toBe(50n);
    expect(ns?.frozen).toBe(true);
    expect(timeNsForChildren(a)?.frozen).toBe(false);
    balanced(kernel);
  });

  it('an exiting task drops its reference on its active namespace, which is freed with the last holder', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWTIME);
    const ns = activeTimeNs(a);
    kernel.unshare(a, CLONE_NEWTIME); // the slot no longer holds it: only a's active reference does
    expect(ns?.freed).toBe(false);
    kernel.exit(a);
    expect(ns?.freed).toBe(true);
    expect(activeTimeNs(a)).toBeUndefined();
    balanced(kernel);
  });
});

describe('timens_offsets: the parse (X1.5, X1.12)', () => {
  it('takes monotonic, boottime, 1 and 7; at most two records; text after the numbers is ignored', () => {
    expect(parseTimensOffsets(bytes('1 10 0\n7 20 5\ngarbage'))).toEqual([
      { clockid: CLOCK.MONOTONIC, offset: { sec: 10n, nsec: 0n } },
      { clockid: CLOCK.BOOTTIME, offset: { sec: 20n, nsec: 5n } },
    ]);
    expect(parseTimensOffsets(bytes('  boottime\t5  7 words'))).toEqual([{ clockid: CLOCK.BOOTTIME, offset: { sec: 5n, nsec: 7n } }]);
    expect(parseTimensOffsets(bytes('monotonic1 2 3'))).toEqual([{ clockid: CLOCK.MONOTONIC, offset: { sec: 1n, nsec: 2n } }]);
    expect(parseTimensOffsets(bytes('7 -0 0\n'))).toEqual([{ clockid: CLOCK.BOOTTIME, offset: { sec: 0n, nsec: 0n } }]);
  });

  it('reads the numbers as sscanf does: wrapping modulo 2^64, the %lu landing in a signed long', () => {
    expect(parseTimensOffsets(bytes('boottime 2 18446744073709551615'))[0]?.offset).toEqual({ sec: 2n, nsec: -1n });
    expect(parseTimensOffsets(bytes('boottime 18446744073709551615 0'))[0]?.offset).toEqual({ sec: -1n, nsec: 0n });
    expect(parseTimensOffsets(bytes('boottime 99999999999999999999 0'))[0]?.offset.sec).toBe(BigInt.asIntN(64, 99999999999999999999n));
  });

  it.each([
    'not an offset', '1 10', '1 10 -10', '1 10 1000000001', '1 10 1000000000', '0 10 0', 'realtime 10 0', 'tai 1 0', '1 10 0\na', 'x\n1 10 0',
    '', '7 +5 0', 'monotonicX 1 0', '\n7 1 0', '7 1 0\n\n', '-', 'boottime - 0', 'boottime -x 0',
  ])('refuses %j with EINVAL', (text) => {
    expect(errno(() => parseTimensOffsets(bytes(text)))).toBe('EINVAL');
  });

  it('stops at a NUL byte, and a write of a page or more is EINVAL before the parse', () => {
    expect(parseTimensOffsets(new Uint8Array([...bytes('1 5 0'), 0, ...bytes('junk')]))).toHaveLength(1);
    const { kernel, init } = boot();
    const a = kernel.clone(init, 0);
    kernel.unshare(a, CLONE_NEWTIME);
    const line = 'monotonic 5 0 ';
    expect(errno(() => writeTimensOffsets(kernel, a, a, line + 'x'.repeat(4096 - line.length)))).toBe('EINVAL');
    writeTimensOffsets(kernel, a, a, line + 'x'.repeat(4095 - line.length));
    expect(timeNsForChildren(a)?.monotonic.sec).toBe(5n);
  });
});

describe('timens_offsets: who may write, ranges, freezing (X1.6, X1.7, X1.8, X1.14)', () => {
  it('EPERM without CAP_SYS_TIME over the owner, after the parse; EACCES at open for another user', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, 0);
    kernel.unshare(a, CLONE_NEWTIME);
    const noTime = kernel.clone(init, 0);
    const caps = CAP_FULL_SET & ~capBit(CAP_SYS_TIME);
    kernel.capset(noTime, { effective: caps, permitted: caps });
    expect(errno(() => writeTimensOffsets(kernel, noTime, a, 'monotonic 1 0'))).toBe('EPERM');
    expect(errno(() => writeTimensOffsets(kernel, noTime, a, 'realtime 1 0'))).toBe('EINVAL');
    const u = user(kernel, init, 1000);
    expect(errno(() => writeTimensOffsets(kernel, u, a, 'monotonic 1 0'))).toBe('EACCES');
    expect(readTimensOffsets(kernel, u, a)).toContain('monotonic');
    expect(timeNsForChildren(a)?.monotonic.sec).toBe(0n);
  });

  it('a namespace owned by a child user namespace is writable by its root, not by root of another one', () => {
    const { kernel, init } = boot();
    withMaps([{ first: 0, lowerFirst: 0, count: 1 }], [{ first: 0, lowerFirst: 0, count: 1 }]);
    const c = kernel.clone(init, CLONE_NEWUSER | CLONE_NEWTIME);
    kernel.unshare(c, CLONE_NEWTIME);
    writeTimensOffsets(kernel, c, c, 'monotonic 3 0');
    const other = kernel.clone(init, CLONE_NEWUSER);
    expect(errno(() => writeTimensOffsets(kernel, other, c, 'monotonic 4 0'))).toBe('EPERM');
    writeTimensOffsets(kernel, init, c, 'boottime 4 0'); // an ancestor's capability covers it
    expect(timeNsForChildren(c)?.boottime.sec).toBe(4n);
  });

  it('ERANGE beyond KTIME_SEC_MAX or for a clock out of [0, KTIME_SEC_MAX/2], checked against the kernel\'s clock, before the frozen check', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, 0);
    kernel.unshare(a, CLONE_NEWTIME);
    const uptime = CLOCK_START.monotonic / NSEC_PER_SEC;
    for (const text of [`1 ${KTIME_SEC_MAX + 1n} 0`, '1 -1000000000000 0', `7 -${uptime + 1n} 0`, `1 ${KTIME_SEC_MAX / 2n - uptime + 1n} 0`, '1 10 0\n7 9223372037 0']) {
      expect(errno(() => writeTimensOffsets(kernel, a, a, text)), text).toBe('ERANGE');
    }
    expect(timeNsForChildren(a)?.monotonic.sec).toBe(0n); // the good first record was not set either
    writeTimensOffsets(kernel, a, a, `7 -${uptime} 0`); // exactly 0 is fine
    writeTimensOffsets(kernel, a, a, `1 ${KTIME_SEC_MAX / 2n - uptime} 0`);
    advanceClocks(kernel, NSEC_PER_SEC);
    expect(errno(() => writeTimensOffsets(kernel, a, a, `1 ${KTIME_SEC_MAX / 2n - uptime} 0`))).toBe('ERANGE'); // the clock moved on
    kernel.clone(a, 0);
    expect(errno(() => writeTimensOffsets(kernel, a, a, '1 9223372037 0'))).toBe('ERANGE');
    expect(errno(() => writeTimensOffsets(kernel, a, a, '1 1 0'))).toBe('EACCES');
  });

  it('ENOENT for a task that is gone; ESRCH for one that dropped its namespaces but is not reaped', () => {
    const { kernel, init } = boot();
    kernel.sigaction(init, 17, 'default');
    const a = kernel.clone(init, 0);
    kernel.exit(a); // a zombie: init does not reap it yet
    expect(readTimensOffsets(kernel, init, a)).toBe('');
    expect(errno(() => writeTimensOffsets(kernel, init, a, '1 1 0'))).toBe('ESRCH');
    kernel.wait(init);
    expect(errno(() => readTimensOffsets(kernel, init, a))).toBe('ENOENT');
    expect(errno(() => writeTimensOffsets(kernel, init, a, '1 1 0'))).toBe('ENOENT');
  });
});

describe('setns into a time namespace (I8.*, X1.9)', () => {
  it('sets time and time_for_children at commit and freezes the target; either ns file works', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, 0);
    kernel.unshare(a, CLONE_NEWTIME);
    writeTimensOffsets(kernel, a, a, 'monotonic 60 0');
    const target = timeNsForChildren(a);
    const b = kernel.clone(init, 0);
    const fd = kernel.openNs(b, a, 'time_for_children');
    kernel.setns(b, fd, CLONE_NEWTIME);
    expect(activeTimeNs(b)).toBe(target);
    expect(timeNsForChildren(b)).toBe(target);
    expect(target?.frozen).toBe(true);
    expect(offsetSeen(kernel, b, CLOCK.MONOTONIC)).toBe(60n * NSEC_PER_SEC);
    const back = kernel.openNs(b, init, 'time');
    kernel.setns(b, back, 0);
    expect(activeTimeNs(b)).toBe(activeTimeNs(init));
    expect(offsetSeen(kernel, b, CLOCK.MONOTONIC)).toBe(0n);
    balanced(kernel);
  });

  it('EUSERS for a caller with threads, before EPERM; EPERM without CAP_SYS_ADMIN; nothing changes', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWTIME);
    const b = kernel.clone(init, 0);
    const fd = kernel.openNs(b, a, 'time');
    kernel.clone(b, CLONE_VM | CLONE_SIGHAND | CLONE_THREAD);
    expect(errno(() => kernel.setns(b, fd, CLONE_NEWTIME))).toBe('EUSERS');
    const c = kernel.clone(init, 0);
    const fc = kernel.openNs(c, a, 'time');
    const caps = CAP_FULL_SET & ~capBit(CAP_SYS_ADMIN);
    kernel.capset(c, { effective: caps, permitted: caps });
    expect(errno(() => kernel.setns(c, fc, CLONE_NEWTIME))).toBe('EPERM');
    expect(activeTimeNs(c)).toBe(activeTimeNs(init));
    expect(timeNsForChildren(c)).toBe(activeTimeNs(init));
    balanced(kernel);
  });

  it('EUSERS for a caller whose memory another process shares (CLONE_SIGHAND|CLONE_VM, no thread), until that process is gone', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, CLONE_NEWTIME);
    const b = kernel.clone(init, 0);
    const fd = kernel.openNs(b, a, 'time');
    const p = kernel.clone(b, CLONE_VM | CLONE_SIGHAND);
    const fp = kernel.openNs(p, a, 'time');
    expect(errno(() => kernel.setns(b, fd, CLONE_NEWTIME))).toBe('EUSERS');
    expect(errno(() => kernel.setns(p, fp, CLONE_NEWTIME))).toBe('EUSERS');
    expect(activeTimeNs(b)).toBe(activeTimeNs(init));
    kernel.exit(p);
    kernel.setns(b, fd, CLONE_NEWTIME);
    expect(activeTimeNs(b)).toBe(activeTimeNs(a));
    balanced(kernel);
  });

  it('a pidfd enters the target\'s active namespace, not its time_for_children', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, 0);
    kernel.unshare(a, CLONE_NEWTIME);
    const b = kernel.clone(init, 0);
    kernel.unshare(b, CLONE_NEWTIME);
    const pidfd = kernel.pidfdOpen(b, kernel.pidOf(a, b));
    kernel.setns(b, pidfd, CLONE_NEWTIME);
    expect(activeTimeNs(b)).toBe(activeTimeNs(a));
    expect(timeNsForChildren(b)).toBe(activeTimeNs(a));
    balanced(kernel);
  });
});

describe('clock_gettime (X1.1, X1.11)', () => {
  it('adds the monotonic offset to the three monotonic clocks, the boottime offset to the two boottime clocks, nothing to realtime and tai', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, 0);
    kernel.unshare(a, CLONE_NEWTIME);
    writeTimensOffsets(kernel, a, a, 'monotonic 36000 0\nboottime 864000 0');
    const b = kernel.clone(a, 0);
    for (const c of [CLOCK.MONOTONIC, CLOCK.MONOTONIC_RAW, CLOCK.MONOTONIC_COARSE]) expect(offsetSeen(kernel, b, c)).toBe(36000n * NSEC_PER_SEC);
    for (const c of [CLOCK.BOOTTIME, CLOCK.BOOTTIME_ALARM]) expect(offsetSeen(kernel, b, c)).toBe(864000n * NSEC_PER_SEC);
    for (const c of [CLOCK.REALTIME, CLOCK.REALTIME_COARSE, CLOCK.REALTIME_ALARM, CLOCK.TAI]) expect(offsetSeen(kernel, b, c)).toBe(0n);
    expect(offsetSeen(kernel, a, CLOCK.MONOTONIC)).toBe(0n);
    expect(errno(() => clockGettime(kernel, b, 2))).toBe('EINVAL'); // CLOCK_PROCESS_CPUTIME_ID: not kept
  });

  it('keeps the nanoseconds as written and reads normalized sums', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, 0);
    kernel.unshare(a, CLONE_NEWTIME);
    writeTimensOffsets(kernel, a, a, 'boottime 2 18446744073709551615');
    expect(readTimensOffsets(kernel, a, a)).toContain('boottime            2        -1\n');
    const b = kernel.clone(a, 0);
    expect(offsetSeen(kernel, b, CLOCK.BOOTTIME)).toBe(2n * NSEC_PER_SEC - 1n);
    expect(timespecAdd({ sec: 5n, nsec: 999_999_999n }, { sec: -1n, nsec: 2n })).toEqual({ sec: 5n, nsec: 1n });
    expect(timespecAdd({ sec: 0n, nsec: 0n }, { sec: 0n, nsec: -1n })).toEqual({ sec: -1n, nsec: 999_999_999n });
  });

  it('moves only when advanced; a suspend moves boottime and realtime but not monotonic', () => {
    const { kernel, init } = boot();
    expect(kernelClock(kernel, CLOCK.MONOTONIC).sec).toBe(CLOCK_START.monotonic / NSEC_PER_SEC);
    advanceClocks(kernel, 10n * NSEC_PER_SEC);
    advanceClocks(kernel, 5_000_000_000, { suspended: true });
    expect(clockGettime(kernel, init, CLOCK.MONOTONIC).sec).toBe(CLOCK_START.monotonic / NSEC_PER_SEC + 10n);
    expect(clockGettime(kernel, init, CLOCK.BOOTTIME).sec).toBe(CLOCK_START.boottime / NSEC_PER_SEC + 15n);
    expect(() => advanceClocks(kernel, -1)).toThrow(TypeError);
    expect(() => advanceClocks(kernel, 0.5)).toThrow(TypeError);
  });
});

describe('snapshots', () => {
  it('round-trips offsets, frozen flags and each task\'s active namespace', () => {
    const { kernel, init } = boot();
    const a = kernel.clone(init, 0);
    kernel.unshare(a, CLONE_NEWTIME);
    writeTimensOffsets(kernel, a, a, 'monotonic 9 1');
    const b = kernel.clone(a, 0);
    kernel.unshare(b, CLONE_NEWTIME);
    const snap = kernel.snapshot();
    const again = Kernel.restore(JSON.parse(JSON.stringify(snap)) as typeof snap, { namespaces: [timeNamespaceType, toyUserType] });
    expect(JSON.stringify(again.snapshot())).toBe(JSON.stringify(snap));
    const b2 = again.tasks().find((t) => t.serial === b.serial) as Task;
    expect(activeTimeNs(b2)?.monotonic).toEqual({ sec: 9n, nsec: 1n });
    expect(activeTimeNs(b2)).not.toBe(timeNsForChildren(b2));
    const init2 = again.tasks().find((t) => t.serial === init.serial) as Task;
    expect(activeTimeNs(init2)?.inum).toBe(TIME_INIT_INO);
    expect(kernelProblems(again)).toEqual([]);
  });
});

describe('the example of docs/writing-a-namespace-type.md, section 9', () => {
  it('gives a child entering a new time namespace the offset written before it entered', () => {
    const kernel = new Kernel({ namespaces: [timeNamespaceType] });
    const init = kernel.initTask;
    kernel.unshare(init, CLONE_NEWTIME);
    writeTimensOffsets(kernel, init, init, 'monotonic 86400 0');
    const child = kernel.clone(init, 0);
    expect(clockGettime(kernel, child, CLOCK.MONOTONIC).sec - clockGettime(kernel, init, CLOCK.MONOTONIC).sec).toBe(86400n);
    expect(() => writeTimensOffsets(kernel, init, init, 'monotonic 1 0')).toThrow(expect.objectContaining({ code: 'EACCES' }));
  });
});
