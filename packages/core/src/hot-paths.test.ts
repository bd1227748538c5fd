/**
 * What the fast paths found with `npm run bench` must keep: the 32-bit flag
 * shortcuts, the capability-bit cache, the cached ucount charges, event
 * filters, the `unshared` step of a type, and fd tables and signal handlers
 * that make their maps only when used.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  CAP_FULL_SET, CLONE_NEWIPC, CLONE_NEWUSER, Cred, FdTable, Kernel, KernelError, NsCommon, Pid, PidIdr, SIGCHLD, SigHand, SmallMap,
  UserNamespace, chargeUcount, checkInstallAdmin, defineNamespaceType, flagsAnd, flagsOr, flagsWithout, hasFlag, unchargeUcount,
} from './index.ts';
import type { KernelEvent, NamespaceOperations, Task, UcountCharge } from './index.ts';
import { CLONE_NEWBLUE, blueType, toyType } from '../test/toy-types.ts';

describe('clone flags', () => {
  const flag = fc.oneof(fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(0, 2 ** 31, 2 ** 32 - 1, 2 ** 32, CLONE_NEWBLUE));
  test.prop([flag, flag])('agree with 64-bit arithmetic, 32-bit or not', (a, b) => {
    const A = BigInt(a);
    const B = BigInt(b);
    expect(BigInt(flagsAnd(a, b))).toBe(A & B);
    expect(BigInt(flagsWithout(a, b))).toBe(A & ~B & ((1n << 64n) - 1n));
    expect(hasFlag(a, b)).toBe((A & B) !== 0n);
  });
});

describe('Cred.hasEffectiveCap', () => {
  test.prop([fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: -2, max: 70 })])('agrees with the BigInt test', (caps, cap) => {
    const k = new Kernel();
    const cred = Cred.root(k.initUserNs, CAP_FULL_SET).with({ capEffective: caps });
    expect(cred.hasEffectiveCap(cap)).toBe(cap >= 0 ? (caps & (1n << BigInt(cap))) !== 0n : false);
  });
});

describe('ucount charges', () => {
  it('shares one charge object per (namespace, type, euid) and counts every charge', () => {
    const k = new Kernel({ maxNamespaces: 3 });
    const ns = k.initUserNs;
    const a = chargeUcount(ns, 0, 'toy', 'unshare');
    const b = chargeUcount(ns, 0, 'toy', 'unshare');
    const c = chargeUcount(ns, 1000, 'toy', 'unshare');
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(c.levels.map((l) => l.key)).toEqual(['toy:1000']);
    expect(ns.ucounts.get('toy:0')).toBe(2);
    expect(ns.ucounts.get('toy:1000')).toBe(1);
    // The limit (3 for this kernel's initial namespace) is per uid: a third toy:0 fits, a fourth does not.
    chargeUcount(ns, 0, 'toy', 'unshare');
    expect(() => chargeUcount(ns, 0, 'toy', 'unshare')).toThrow(KernelError);
    expect(ns.ucounts.get('toy:0')).toBe(3);
    unchargeUcount(a);
    unchargeUcount(b);
    unchargeUcount(a);
    unchargeUcount(c);
    expect(ns.ucounts.size).toBe(0);
  });

  it('charges every level of a nested user namespace to its owner, and ENOSPC at one level charges none', () => {
    const k = new Kernel();
    const init = k.initUserNs;
    const child = new UserNamespace(k.userType, { parent: init, owner: 1000, group: 1000, parentCouldSetfcap: true, setgroupsAllowed: true, ucount: null });
    const charge: UcountCharge = chargeUcount(child, 0, 'toy', 'unshare');
    expect(charge.levels.map((l) => [l.ns === child ? 'child' : 'init', l.key])).toEqual([['child', 'toy:0'], ['init', 'toy:1000']]);
    expect(child.ucounts.get('toy:0')).toBe(1);
    expect(init.ucounts.get('toy:1000')).toBe(1);
    init.ucountMax.set('toy', 1);
    expect(() => chargeUcount(child, 5, 'toy', 'unshare')).toThrow(KernelError);
    expect(child.ucounts.get('toy:5')).toBeUndefined();
    expect(init.ucounts.get('toy:1000')).toBe(1);
    unchargeUcount(charge);
    expect(child.ucounts.size + init.ucounts.size).toBe(0);
  });
});

describe('kernel events', () => {
  it('gives a filtered listener only its types, and an unfiltered one all', () => {
    const k = new Kernel({ namespaces: [toyType] });
    const some: string[] = [];
    const all: string[] = [];
    const offSome = k.on((e) => some.push(e.type), { types: ['unshare', 'task-exited'] });
    k.on((e) => all.push(e.type));
    const t = k.clone(k.initTask, 0);
    k.unshare(t, CLONE_NEWIPC);
    k.exit(t);
    expect(some).toEqual(['unshare', 'task-exited']);
    expect(all).toEqual(['task-created', 'ns-created', 'unshare', 'ns-freed', 'task-exited']);
    offSome();
    k.unshare(k.clone(k.initTask, 0), CLONE_NEWIPC);
    expect(some).toHaveLength(2);
  });

  it('keeps one subscription per listener, and does not call one removed during the event', () => {
    const k = new Kernel({ namespaces: [toyType] });
    const calls: string[] = [];
    const second = (): void => void calls.push('second');
    const first = (e: KernelEvent): void => {
      calls.push(`first ${e.type}`);
      off();
    };
    k.on(first, { types: ['task-created'] });
    k.on(first, { types: ['task-created'] });
    const off = k.on(second);
    k.clone(k.initTask, 0);
    expect(calls).toEqual(['first task-created']);
    k.clone(k.initTask, 0);
    expect(calls).toEqual(['first task-created', 'first task-created']);
  });
});

/** A flat type with an `unshared` step that records what it saw. */
class Marked extends NsCommon {}
const seen: { task: Task; ns: NsCommon; current: NsCommon | undefined }[] = [];
const markedType: NamespaceOperations<Marked> = defineNamespaceType<Marked>({
  name: 'marked',
  type: CLONE_NEWBLUE,
  order: 100,
  createInitial: (_k, owner) => new Marked(markedType, owner, null),
  copy: (ctx) => new Marked(markedType, ctx.userNs, ctx.chargeUcount()),
  install(nsset, ns) {
    checkInstallAdmin(nsset, ns);
    nsset.set(markedType, ns);
  },
  owner: (ns) => ns.ownerNs,
  unshared(task, ns) {
    seen.push({ task, ns, current: task.kernel.peekNs(task, markedType) });
  },
});

describe('a type\'s unshared step', () => {
  it('runs after the task switched to its new namespace, on unshare only', () => {
    seen.length = 0;
    const k = new Kernel({ namespaces: [markedType, toyType] });
    const t = k.clone(k.initTask, 0);
    k.clone(t, CLONE_NEWBLUE);
    expect(seen).toEqual([]);
    k.unshare(t, CLONE_NEWIPC);
    expect(seen).toEqual([]);
    k.unshare(t, flagsOr(CLONE_NEWBLUE, CLONE_NEWIPC));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.task).toBe(t);
    expect(seen[0]?.current).toBe(seen[0]?.ns);
    expect(seen[0]?.ns).not.toBe(k.initialNamespace(markedType));
  });

  it('does not run when the unshare fails', () => {
    seen.length = 0;
    const k = new Kernel({ namespaces: [markedType], maxNamespaces: 0 });
    const t = k.clone(k.initTask, 0);
    expect(() => k.unshare(t, CLONE_NEWBLUE)).toThrow(KernelError);
    expect(seen).toEqual([]);
    expect(() => k.unshare(t, CLONE_NEWUSER)).toThrow(KernelError);
    expect(seen).toEqual([]);
  });
});

describe('fd tables and signal handlers', () => {
  it('answer size and lookups without an entry, and behave as maps once used', () => {
    const f = new FdTable();
    expect(f.size).toBe(0);
    expect(f.get(3)).toBeUndefined();
    const s = new SigHand();
    expect(s.size).toBe(0);
    expect(s.action(SIGCHLD)).toBeUndefined();
    s.actions.set(SIGCHLD, 'ignore');
    expect(s.size).toBe(1);
    expect(s.action(SIGCHLD)).toBe('ignore');
  });

  it('keep a task\'s files and dispositions through clone, exit and lsns', () => {
    const k = new Kernel({ namespaces: [toyType] });
    const a = k.clone(k.initTask, 0);
    const fd = k.open(a, '/proc/self/ns/toy');
    k.sigaction(a, SIGCHLD, 'ignore');
    const b = k.clone(a, 0);
    expect(b.files?.size).toBe(1);
    expect(b.files?.get(fd)).toBe(a.files?.get(fd));
    expect(b.sighand.action(SIGCHLD)).toBe('ignore');
    const plain = k.clone(k.initTask, 0);
    expect(plain.files?.size).toBe(0);
    expect(k.listNamespaces().length).toBeGreaterThan(0);
    expect(plain.files?.size).toBe(0);
    k.exit(b);
    // a ignores SIGCHLD: its child is reaped at once.
    expect(b.state).toBe('dead');
    for (const [ns, n] of k.countHolders()) expect(ns.count, ns.type).toBe(n);
  });
});

describe('unshare of namespace flags only (the fast path)', () => {
  // CLONE_SYSVSEM changes nothing in the model, but it sends the call down the general path.
  const CLONE_SYSVSEM = 0x40000;
  type Step = { t: number; flags: number } | { t: number; setuid: number } | { t: number; clone: true };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ t: fc.nat({ max: 5 }), flags: fc.constantFrom(CLONE_NEWIPC, CLONE_NEWBLUE, flagsOr(CLONE_NEWIPC, CLONE_NEWBLUE), 0x10 /* no such flag */) }),
    fc.record({ t: fc.nat({ max: 5 }), setuid: fc.constantFrom(0, 1000) }),
    fc.record({ t: fc.nat({ max: 5 }), clone: fc.constant(true as const) }),
  );

  test.prop([fc.array(step, { maxLength: 30 })])('does what the general path does, errors included', (steps) => {
    const fast = new Kernel({ namespaces: [toyType, blueType], maxNamespaces: 6 });
    const slow = new Kernel({ namespaces: [toyType, blueType], maxNamespaces: 6 });
    const tasks: [Task[], Task[]] = [[fast.initTask], [slow.initTask]];
    const outcome = (f: () => void): string => {
      try {
        f();
        return 'ok';
      } catch (e) {
        if (e instanceof KernelError) return e.code;
        throw e;
      }
    };
    for (const s of steps) {
      const results = ([fast, slow] as const).map((k, side) => {
        const list = tasks[side] as Task[];
        const t = list[s.t % list.length] as Task;
        if ('clone' in s) return outcome(() => list.push(k.clone(t, 0)));
        if ('setuid' in s) return outcome(() => k.setresuid(t, s.setuid, s.setuid, s.setuid));
        return outcome(() => k.unshare(t, side === 0 ? s.flags : flagsOr(s.flags, CLONE_SYSVSEM)));
      });
      expect(results[0]).toBe(results[1]);
      expect(fast.snapshot()).toEqual(slow.snapshot());
    }
  });
});

describe('PidIdr', () => {
  const op = fc.oneof(
    fc.record({ set: fc.oneof(fc.nat({ max: 40 }), fc.nat({ max: 5_000_000 })) }),
    fc.record({ del: fc.oneof(fc.nat({ max: 40 }), fc.nat({ max: 5_000_000 })) }),
  );
  test.prop([fc.array(op, { maxLength: 200 })])('answers as a Map of the same numbers, iterated in ascending order', (ops) => {
    const k = new Kernel();
    const idr = new PidIdr();
    const model = new Map<number, Pid>();
    for (const o of ops) {
      if ('set' in o) {
        const pid = new Pid(k.initPidNs, [o.set]);
        idr.set(o.set, pid);
        model.set(o.set, pid);
      } else expect(idr.delete(o.del)).toBe(model.delete(o.del));
      expect(idr.size).toBe(model.size);
    }
    const sorted = [...model].sort((a, b) => a[0] - b[0]);
    expect([...idr]).toEqual(sorted);
    expect([...idr.keys()]).toEqual(sorted.map(([nr]) => nr));
    for (const [nr, pid] of sorted) expect([idr.has(nr), idr.get(nr)]).toEqual([true, pid]);
    expect(idr.has(-1) || idr.get(-1) !== undefined || idr.has(41) !== model.has(41)).toBe(false);
  });
});

describe('SmallMap', () => {
  const key = fc.oneof(fc.constantFrom('lo', 'eth0', 'veth0', 'a'), fc.integer({ min: -2, max: 3 }), fc.constant(Number.NaN), fc.constantFrom(0, -0));
  const op = fc.oneof(
    fc.record({ set: key, value: fc.nat() }),
    fc.record({ del: key }),
    fc.record({ clear: fc.constant(true) }),
  );
  test.prop([fc.array(op, { maxLength: 60 })])('answers as a Map, entries in insertion order', (ops) => {
    const small = new SmallMap<unknown, number>();
    const model = new Map<unknown, number>();
    for (const o of ops) {
      if ('set' in o) {
        small.set(o.set, o.value);
        model.set(o.set, o.value);
      } else if ('del' in o) expect(small.delete(o.del)).toBe(model.delete(o.del));
      else {
        small.clear();
        model.clear();
      }
      expect(small.size).toBe(model.size);
      expect([...small]).toEqual([...model]);
      expect(small.valueArray()).toEqual([...model.values()]);
    }
    expect([...small.keys()]).toEqual([...model.keys()]);
    expect([...small.values()]).toEqual([...model.values()]);
    for (const k of ['lo', 0, -1, 3, Number.NaN, 'x']) expect([small.has(k), small.get(k)]).toEqual([model.has(k), model.get(k)]);
    const seen: [unknown, number][] = [];
    small.forEach((v, k) => seen.push([k, v]));
    expect(seen).toEqual([...model]);
  });
});
