/**
 * Properties of @nsproxy/uts over random sequences of calls by tasks in three
 * uts namespaces (Q2.3): a name change is never visible outside its namespace
 * (non-interference: what one namespace's tasks read, and the names it ends
 * with, do not depend on the other namespaces' calls), and a call that fails
 * changes nothing.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { CLONE_NEWUSER, CLONE_NEWUTS, KernelError } from '@nsproxy/core';
import type { Kernel, Task } from '@nsproxy/core';
import { setdomainname, sethostname, uname } from './index.ts';
import { boot } from '../test/helpers.ts';
import { propertyRuns } from '@nsproxy/testkit';

type Op =
  | { readonly t: 'sethostname' | 'setdomainname'; readonly task: number; readonly name: string }
  | { readonly t: 'uname'; readonly task: number };

/**
 * Task i lives in namespace NS_OF[i]: 0, 1 in A (1 is uid 1000), 2 in B, 3 in C
 * (owned by a child user namespace whose root is task 3), 4 in A but in that
 * child user namespace (no capability over A's owner).
 */
const NS_OF = [0, 0, 1, 2, 0] as const;

function world(): { kernel: Kernel; tasks: Task[] } {
  const { kernel, init } = boot();
  const a0 = kernel.clone(init, CLONE_NEWUTS);
  const a1 = kernel.clone(a0, 0);
  kernel.setresuid(a1, 1000, 1000, 1000);
  const b0 = kernel.clone(init, CLONE_NEWUTS);
  const c0 = kernel.clone(init, CLONE_NEWUTS | CLONE_NEWUSER);
  const a2 = kernel.clone(a0, CLONE_NEWUSER);
  return { kernel, tasks: [a0, a1, b0, c0, a2] };
}

const nameArb = fc.oneof(
  fc.string({ maxLength: 70 }),
  fc.constantFrom('', 'alpha', 'h'.repeat(64), 'h'.repeat(65), 'é'.repeat(32), 'é'.repeat(33), 'a\0b'),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constantFrom('sethostname' as const, 'setdomainname' as const), task: fc.integer({ min: 0, max: 4 }), name: nameArb }),
  fc.record({ t: fc.constant('uname' as const), task: fc.integer({ min: 0, max: 4 }) }),
);

function run(kernel: Kernel, tasks: readonly Task[], op: Op): string {
  const t = tasks[op.task] as Task;
  try {
    if (op.t === 'uname') return JSON.stringify(uname(kernel, t));
    (op.t === 'sethostname' ? sethostname : setdomainname)(kernel, t, op.name);
    return 'ok';
  } catch (e) {
    if (e instanceof KernelError) return e.code;
    throw e;
  }
}

test.prop([fc.array(opArb, { maxLength: 30 }), fc.constantFrom(0, 1, 2)], { numRuns: propertyRuns(200) })(
  'no hostname or domainname change is visible outside its namespace',
  (ops, n) => {
    const full = world();
    const seen: string[] = [];
    for (const op of ops) {
      const r = run(full.kernel, full.tasks, op);
      if (NS_OF[op.task] === n) seen.push(r);
    }
    const alone = world();
    const aloneSeen = ops.filter((op) => NS_OF[op.task] === n).map((op) => run(alone.kernel, alone.tasks, op));
    expect(seen).toEqual(aloneSeen);
    const reader = NS_OF.indexOf(n);
    expect(uname(full.kernel, full.tasks[reader] as Task)).toEqual(uname(alone.kernel, alone.tasks[reader] as Task));
  },
);

test.prop([fc.array(opArb, { maxLength: 30 })], { numRuns: propertyRuns(200) })('a call that fails changes nothing', (ops) => {
  const { kernel, tasks } = world();
  for (const op of ops) {
    const before = JSON.stringify(kernel.snapshot());
    const r = run(kernel, tasks, op);
    if (/^E[A-Z]+$/.test(r)) expect(JSON.stringify(kernel.snapshot()), `${JSON.stringify(op)} => ${r}`).toBe(before);
  }
});
