/**
 * Road nsproxy-ids (nsproxy-ids.ts): unshare_ns and bind_ns as proposed, on a
 * kernel that opened the road, and ENOSYS without it; then fast-check over
 * random sequences of clone, unshare_ns, bind_ns (bind and switch) and exit,
 * checking after every step that an id names at most one nsproxy and an
 * nsproxy has at most one id, that a bound id names a live nsproxy (a freed
 * nsproxy frees its id, as free_nsproxy did), that every task's nsproxyId
 * agrees with the table, that the kernel's reference counts hold
 * (kernelProblems), and that a failed call changes nothing.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { CAP_SYS_ADMIN, CLONE_NEWIPC, CLONE_NEWUSER, Kernel, KernelError, kernelProblems } from './index.ts';
import type { KernelSnapshot, Task } from './index.ts';
import { bindNs, boundNsproxies, nsproxyId, unshareNs } from './nsproxy-ids.ts';
import { CLONE_NEWBLUE, blueType, toyType } from '../test/toy-types.ts';
import { errnoRule as code } from '../test/nested-types.ts';
import { propertyRuns } from '../test/runs.ts';

const TYPES = [toyType, blueType];
const BOTH = CLONE_NEWIPC + CLONE_NEWBLUE;

function road(): Kernel {
  return new Kernel({ namespaces: TYPES, roads: ['nsproxy-ids'] });
}


function id(k: Kernel, t: Task): number {
  if (!t.nsproxy) throw new Error('no nsproxy');
  return nsproxyId(k, t.nsproxy);
}

describe('road nsproxy-ids: unshare_ns and bind_ns', () => {
  it('are ENOSYS on Linux 6.18 (no road), and change nothing', () => {
    const k = new Kernel({ namespaces: TYPES });
    const t = k.initTask;
    const before = JSON.stringify(k.snapshot());
    expect(code(() => bindNs(k, t, 1, 0))).toBe('ENOSYS R1.1');
    expect(code(() => bindNs(k, t, 1, CLONE_NEWIPC))).toBe('ENOSYS R1.1');
    expect(code(() => unshareNs(k, t, CLONE_NEWIPC))).toBe('ENOSYS R1.1');
    expect(JSON.stringify(k.snapshot())).toBe(before);
  });

  it('init_nsproxy is nsproxy 0; a plain clone shares it and its id, an unshare leaves it (-1)', () => {
    const k = road();
    const a = k.clone(k.initTask, 0);
    expect([id(k, k.initTask), id(k, a)]).toEqual([0, 0]);
    unshareNs(k, a, CLONE_NEWIPC);
    expect(id(k, a)).toBe(-1);
    expect(a.nsproxy).not.toBe(k.initTask.nsproxy);
  });

  it('binds an unbound nsproxy once, an id once, ids positive', () => {
    const k = road();
    const a = k.clone(k.initTask, CLONE_NEWIPC);
    const b = k.clone(k.initTask, CLONE_NEWBLUE);
    expect(code(() => bindNs(k, a, 0, 0))).toBe('EINVAL R1.3');
    expect(code(() => bindNs(k, a, -1, 0))).toBe('EINVAL R1.3');
    expect(code(() => bindNs(k, a, 3, 0))).toBe('ok');
    expect(id(k, a)).toBe(3);
    expect(code(() => bindNs(k, a, 4, 0))).toBe('EACCES R1.4');
    expect(code(() => bindNs(k, k.initTask, 4, 0))).toBe('EACCES R1.4');
    expect(code(() => bindNs(k, b, 3, 0))).toBe('EBUSY R1.5');
    expect(boundNsproxies(k).map(([n]) => n)).toEqual([0, 3]);
  });

  it('switches from nsproxy 0 only, with CAP_SYS_ADMIN, to an id or a negative pid', () => {
    const k = road();
    const a = k.clone(k.initTask, BOTH);
    bindNs(k, a, 7, 0);
    const c = k.clone(k.initTask, 0);
    expect(code(() => bindNs(k, a, 7, CLONE_NEWIPC))).toBe('EPERM R1.7');
    expect(code(() => bindNs(k, c, 8, CLONE_NEWIPC))).toBe('ENOENT R1.8');
    expect(code(() => bindNs(k, c, -999, CLONE_NEWIPC))).toBe('ESRCH R1.9');
    expect(code(() => bindNs(k, c, 7, CLONE_NEWUSER))).toBe('EINVAL R1.6');
    expect(code(() => bindNs(k, c, 0, CLONE_NEWIPC))).toBe('EINVAL R1.6');
    // A part of the target's namespaces: a new, unbound nsproxy.
    expect(code(() => bindNs(k, c, 7, CLONE_NEWIPC))).toBe('ok');
    expect(k.peekNs(c, toyType)).toBe(k.peekNs(a, toyType));
    expect(k.peekNs(c, blueType)).toBe(k.peekNs(k.initTask, blueType));
    expect(id(k, c)).toBe(-1);
    // All of them, by negative pid: the target's nsproxy itself, and its id.
    const d = k.clone(k.initTask, 0);
    expect(code(() => bindNs(k, d, -k.pidOf(a, d), BOTH))).toBe('ok');
    expect(d.nsproxy).toBe(a.nsproxy);
    expect(id(k, d)).toBe(7);
    expect(kernelProblems(k)).toEqual([]);
  });

  it('refuses a switch without CAP_SYS_ADMIN in the initial user namespace', () => {
    const k = road();
    const a = k.clone(k.initTask, CLONE_NEWIPC);
    bindNs(k, a, 2, 0);
    const c = k.clone(k.initTask, 0);
    const cred = c.cred;
    k.capset(c, { effective: cred.capEffective & ~(1n << BigInt(CAP_SYS_ADMIN)), permitted: cred.capPermitted });
    expect(code(() => bindNs(k, c, 2, CLONE_NEWIPC))).toBe('EPERM R1.7');
  });

  it('frees the id with its nsproxy (the id does not pin it)', () => {
    const k = road();
    const a = k.clone(k.initTask, CLONE_NEWIPC);
    bindNs(k, a, 5, 0);
    const c = k.clone(k.initTask, 0);
    k.exit(a);
    expect(code(() => bindNs(k, c, 5, CLONE_NEWIPC))).toBe('ENOENT R1.8');
    const b = k.clone(k.initTask, CLONE_NEWBLUE);
    expect(code(() => bindNs(k, b, 5, 0))).toBe('ok');
  });

  it('unshare_ns takes the nsproxy\'s namespace flags only', () => {
    const k = road();
    const a = k.clone(k.initTask, 0);
    expect(code(() => unshareNs(k, a, 0))).toBe('EINVAL R1.2');
    expect(code(() => unshareNs(k, a, CLONE_NEWUSER))).toBe('EINVAL R1.2');
    expect(code(() => unshareNs(k, a, CLONE_NEWIPC | 0x200))).toBe('EINVAL R1.2'); // CLONE_FS
    expect(code(() => unshareNs(k, a, BOTH))).toBe('ok');
    expect(k.peekNs(a, toyType)).not.toBe(k.peekNs(k.initTask, toyType));
  });
});

// ---------------------------------------------------------------------------
// Invariants over random sequences (fast-check).
// ---------------------------------------------------------------------------

type Op =
  | { readonly op: 'clone'; readonly by: number; readonly flags: number }
  | { readonly op: 'unshare_ns'; readonly by: number; readonly flags: number }
  | { readonly op: 'bind'; readonly by: number; readonly id: number }
  | { readonly op: 'switch'; readonly by: number; readonly id: number; readonly flags: number }
  | { readonly op: 'switch-pid'; readonly by: number; readonly target: number; readonly flags: number }
  | { readonly op: 'exit'; readonly by: number };

const FLAGS = fc.constantFrom(0, CLONE_NEWIPC, CLONE_NEWBLUE, BOTH);
const WHO = fc.nat(7);
const ID = fc.integer({ min: -1, max: 4 });
const OP: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('clone' as const), by: WHO, flags: FLAGS }),
  fc.record({ op: fc.constant('unshare_ns' as const), by: WHO, flags: FLAGS }),
  fc.record({ op: fc.constant('bind' as const), by: WHO, id: ID }),
  fc.record({ op: fc.constant('switch' as const), by: WHO, id: ID, flags: FLAGS }),
  fc.record({ op: fc.constant('switch-pid' as const), by: WHO, target: WHO, flags: FLAGS }),
  fc.record({ op: fc.constant('exit' as const), by: WHO }),
);

/** The road's invariants, as messages (empty when they hold). */
function idProblems(k: Kernel, tasks: readonly Task[]): string[] {
  const out: string[] = [];
  const bound = boundNsproxies(k);
  const seen = new Set<unknown>();
  for (const [n, p] of bound) {
    if (seen.has(p)) out.push(`an nsproxy has two ids (${n})`);
    seen.add(p);
    if (n !== 0 && p.count <= 0) out.push(`id ${n} names a freed nsproxy`);
    const holders = tasks.filter((t) => t.alive && t.nsproxy === p).length;
    if (n !== 0 && holders !== p.count) out.push(`id ${n}: ${p.count} references, ${holders} tasks`);
  }
  if (new Set(bound.map(([n]) => n)).size !== bound.length) out.push('an id names two nsproxies');
  for (const t of tasks) {
    if (!t.alive || !t.nsproxy) continue;
    const n = nsproxyId(k, t.nsproxy);
    if (n > 0 && !bound.some(([m, p]) => m === n && p === t.nsproxy)) out.push(`task ${t.comm} reports id ${n}, the table disagrees`);
  }
  return out;
}

test.prop([fc.array(OP, { maxLength: 40 })], { numRuns: propertyRuns(150) })(
  'an id names at most one live nsproxy, a freed nsproxy frees its id, and a failed call changes nothing',
  (ops) => {
    const k = road();
    const tasks: Task[] = [k.initTask];
    const pick = (i: number): Task | undefined => {
      const live = tasks.filter((t) => t.alive);
      return live[i % live.length];
    };
    for (const o of ops) {
      const by = pick(o.by);
      if (!by) break;
      if (o.op === 'exit' && by === k.initTask) continue; // the first task stays, as init does
      const before = JSON.stringify(k.snapshot());
      const idsBefore = JSON.stringify(boundNsproxies(k).map(([n]) => n));
      try {
        switch (o.op) {
          case 'clone':
            tasks.push(k.clone(by, o.flags));
            break;
          case 'unshare_ns':
            unshareNs(k, by, o.flags);
            break;
          case 'bind':
            bindNs(k, by, o.id, 0);
            break;
          case 'switch':
            bindNs(k, by, o.id, o.flags);
            break;
          case 'switch-pid': {
            const target = pick(o.target);
            bindNs(k, by, target ? -k.pidOf(target, by) || -9999 : -9999, o.flags);
            break;
          }
          case 'exit':
            k.exit(by);
            break;
        }
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        expect(JSON.stringify(k.snapshot()), `${o.op} failed with ${e.code} and changed the kernel`).toBe(before);
        expect(JSON.stringify(boundNsproxies(k).map(([n]) => n)), `${o.op} failed with ${e.code} and changed the ids`).toBe(idsBefore);
      }
      expect(idProblems(k, tasks)).toEqual([]);
      expect(kernelProblems(k)).toEqual([]);
    }
    // A snapshot keeps the ids: every task of the restored kernel has the id it had.
    const back = Kernel.restore(JSON.parse(JSON.stringify(k.snapshot())) as KernelSnapshot, { namespaces: TYPES });
    expect(idsBySerial(back)).toEqual(idsBySerial(k));
    expect(idProblems(back, back.tasks())).toEqual([]);
  },
);

/** Each live task's nsproxy id, by serial. */
function idsBySerial(k: Kernel): [number, number][] {
  return k.tasks().filter((t) => t.alive && t.nsproxy).map((t): [number, number] => [t.serial, id(k, t)]).sort((a, b) => a[0] - b[0]);
}

it('a snapshot keeps the ids, init_nsproxy\'s 0 included; bound ids stay taken after a restore', () => {
  const k = road();
  const a = k.clone(k.initTask, CLONE_NEWIPC);
  bindNs(k, a, 4, 0);
  const back = Kernel.restore(JSON.parse(JSON.stringify(k.snapshot())) as KernelSnapshot, { namespaces: TYPES });
  expect(idsBySerial(back)).toEqual(idsBySerial(k));
  expect(idsBySerial(back).map(([, n]) => n).sort()).toEqual([0, 4]);
  const b = back.clone(back.initTask, CLONE_NEWBLUE);
  expect(code(() => bindNs(back, b, 4, 0))).toBe('EBUSY R1.5');
  expect(code(() => bindNs(back, back.clone(back.initTask, 0), 4, CLONE_NEWIPC))).toBe('ok');
});

test('the invariant check can fail: an id that names a freed nsproxy is caught', () => {
  const k = road();
  const a = k.clone(k.initTask, CLONE_NEWIPC);
  bindNs(k, a, 1, 0);
  const p = a.nsproxy;
  if (!p) throw new Error('no nsproxy');
  // Hand-made corruption: a second reference that no task holds.
  p.count++;
  expect(idProblems(k, [k.initTask, a])).toEqual(['id 1: 2 references, 1 tasks']);
  p.count--;
  expect(idProblems(k, [k.initTask, a])).toEqual([]);
});
