/**
 * listNamespaces keeps its rows by each namespace's place in the registry of
 * live namespaces (an array index), and in a Map when the registry is a plain
 * Set (a restored kernel's): both must list the same rows, also after the
 * registry compacted and its indexes moved.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWUSER, Kernel, SIGCHLD } from './index.ts';
import type { NamespaceRow, Task } from './index.ts';
import { CLONE_NEWBLUE, blueType, toyType } from '../test/toy-types.ts';

const TYPES = [toyType, blueType];
const FLAGS = [0, CLONE_NEWIPC, CLONE_NEWBLUE, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWIPC | CLONE_NEWBLUE | CLONE_NEWUSER];

type Step =
  | { readonly op: 'clone'; readonly from: number; readonly flags: number }
  | { readonly op: 'unshare'; readonly t: number; readonly flags: number }
  | { readonly op: 'exit'; readonly t: number }
  | { readonly op: 'open'; readonly t: number; readonly file: 'ipc' | 'blue' | 'user' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('clone' as const), from: fc.nat(40), flags: fc.constantFrom(...FLAGS) }),
  fc.record({ op: fc.constant('unshare' as const), t: fc.nat(40), flags: fc.constantFrom(...FLAGS.filter((f) => (f & CLONE_NEWPID) === 0)) }),
  fc.record({ op: fc.constant('exit' as const), t: fc.nat(40) }),
  fc.record({ op: fc.constant('open' as const), t: fc.nat(40), file: fc.constantFrom('ipc' as const, 'blue' as const, 'user' as const) }),
);

describe('listNamespaces by registry index', () => {
  test.prop([fc.array(step, { maxLength: 120 })])('lists what a restored kernel (plain Sets) lists, and what the tasks hold', (steps) => {
    const k = new Kernel({ namespaces: TYPES });
    k.sigaction(k.initTask, SIGCHLD, 'ignore');
    const live: Task[] = [k.initTask];
    const pick = (i: number): Task => live[i % live.length] as Task;
    for (const s of steps) {
      try {
        if (s.op === 'clone') live.push(k.clone(pick(s.from), s.flags));
        else if (s.op === 'unshare') k.unshare(pick(s.t), s.flags);
        else if (s.op === 'open') k.open(pick(s.t), `/proc/self/ns/${s.file}`);
        else {
          const t = pick(s.t);
          if (t !== k.initTask) {
            k.exit(t);
            live.splice(live.indexOf(t), 1);
          }
        }
      } catch {
        // A refused call (EPERM, EINVAL...) changes nothing; the listing is what matters here.
      }
    }
    const rows = k.listNamespaces();
    // In inode order, also where an inode number freed by an exit was used again.
    for (let i = 1; i < rows.length; i++) expect((rows[i - 1] as NamespaceRow).ns).toBeLessThan((rows[i] as NamespaceRow).ns);
    const listing = k.namespaceListing();
    expect([...listing]).toEqual(rows);
    expect(Array.from({ length: listing.length }, (_, i) => listing.type(i))).toEqual(rows.map((r) => r.type));
    const restored = Kernel.restore(k.snapshot(), { namespaces: TYPES });
    expect(restored.listNamespaces()).toEqual(rows);
    // Every namespace a listed task is in is listed once, with that many processes.
    const seen = new Set(rows.map((r) => `${r.type}:${r.ns}`));
    expect(seen.size).toBe(rows.length);
    const nprocs = new Map<string, number>();
    for (const t of k.tasks()) {
      if (!t.isLeader || t.state === 'dead') continue;
      for (const ns of [t.cred.userNs, t.nsproxy?.slots ?? []].flat()) {
        const key = `${ns.type}:${ns.inum}`;
        nprocs.set(key, (nprocs.get(key) ?? 0) + 1);
      }
    }
    // (Only the types lsns lists: the registered ones, here toy and blue.)
    const listedTypes = new Set(TYPES.map((t) => t.name));
    expect(rows.some((r) => r.type === 'toy') && rows.some((r) => r.type === 'blue')).toBe(true);
    for (const [key, n] of nprocs) {
      if (listedTypes.has(key.split(':')[0] as string)) expect(rows.find((r) => `${r.type}:${r.ns}` === key)?.nprocs, key).toBe(n);
    }
  });
});

describe('namespaceListing', () => {
  const k = new Kernel({ namespaces: TYPES });
  const a = k.clone(k.initTask, CLONE_NEWIPC | CLONE_NEWBLUE);

  test('row(i) is a row for 0 <= i < length only', () => {
    const listing = k.namespaceListing();
    expect(listing.length).toBe(k.listNamespaces().length);
    expect(listing.row(listing.length - 1)).toEqual(k.listNamespaces().at(-1));
    for (const i of [-1, listing.length, 0.5, Number.NaN]) expect(() => listing.row(i)).toThrow(RangeError);
    expect(() => listing.type(listing.length)).toThrow(RangeError);
  });

  test('keeps the values of when it was made', () => {
    const listing = k.namespaceListing();
    const rows = listing.rows();
    const toy = rows.find((r) => r.type === 'toy' && r.pid === 2);
    expect(toy).toMatchObject({ nprocs: 1, command: a.comm });
    k.clone(a, 0);
    a.comm = 'renamed';
    expect(listing.rows()).toEqual(rows);
    expect(k.listNamespaces().find((r) => r.ns === toy?.ns)).toMatchObject({ nprocs: 2, command: 'renamed' });
  });

  test('an id past 2^32 comes back whole', () => {
    const big = new Kernel({ namespaces: TYPES });
    big.nextNsId = 2 ** 40 + 5;
    big.clone(big.initTask, CLONE_NEWIPC);
    expect(big.namespaceListing().rows().map((r) => r.id)).toContain(2 ** 40 + 5);
  });
});
