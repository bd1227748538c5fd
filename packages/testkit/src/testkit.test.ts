// The suite run against a small namespace type defined here, so the testkit itself is tested
// (the repository's own types run it in their packages); then the suite's checks run against
// deliberately broken variants of that type, each of which must fail the checks that catch it.
import { describe, expect, it } from 'vitest';
import { CLONE_NEWUTS, NsCommon, checkInstallAdmin, defineNamespaceType } from '@nsproxy/core';
import type { NamespaceOperations, Task, UcountCharge, UserNamespace } from '@nsproxy/core';
import { conformanceChecks, testNamespaceType } from './index.ts';

class ToyNamespace extends NsCommon {
  /** How often a broken install wrote into the target (saved, so snapshots see it). */
  joins = 0;
  constructor(ops: NamespaceOperations, owner: UserNamespace, ucount: UcountCharge | null) {
    super(ops, owner, ucount);
  }
}

/** The ways a type can break the contract, one per broken variant. */
type Bug =
  | 'install changes the caller before the commit'
  | 'install changes the target namespace'
  | 'install writes the caller\'s nsproxy instead of the nsset'
  | 'copy takes a reference on the old namespace'
  | 'copy changes the caller'
  | 'copy records the caller\'s user namespace as owner'
  | 'peekIsSlot answers true while a task\'s peek is not its slot';

/** The toy type, correct or with one bug. */
function toyType(bug?: Bug): NamespaceOperations<ToyNamespace> {
  // The peek bug: a task that unshared the type still names its old namespace (as time's active one does).
  const before = new WeakMap<Task, ToyNamespace>();
  const peeks = bug === 'peekIsSlot answers true while a task\'s peek is not its slot';
  const t: NamespaceOperations<ToyNamespace> = defineNamespaceType<ToyNamespace>({
    name: 'toy',
    type: CLONE_NEWUTS,
    order: 20,
    createInitial: (_k, owner) => new ToyNamespace(t, owner, null),
    ...(peeks
      ? {
          peek: (task: Task) => before.get(task) ?? (task.nsproxy?.slots[task.kernel.slotOf(t)] as ToyNamespace | undefined),
          peekIsSlot: () => true,
        }
      : {}),
    copy(ctx) {
      if (peeks && ctx.syscall === 'unshare') before.set(ctx.caller, ctx.old);
      if (bug === 'copy takes a reference on the old namespace') ctx.old.count++;
      if (bug === 'copy changes the caller') ctx.caller.comm = 'copied';
      const owner = bug === 'copy records the caller\'s user namespace as owner' ? ctx.cred.userNs : ctx.userNs;
      return new ToyNamespace(t, owner, ctx.chargeUcount());
    },
    install(nsset, ns) {
      checkInstallAdmin(nsset, ns);
      if (bug === 'install changes the caller before the commit') nsset.caller.comm = 'joined';
      if (bug === 'install changes the target namespace') ns.joins++;
      if (bug === 'install writes the caller\'s nsproxy instead of the nsset') {
        const live = nsset.caller.nsproxy;
        if (live) live.slots[nsset.kernel.slotOf(t)] = ns;
        return;
      }
      nsset.set(t, ns);
    },
    owner: (ns) => ns.ownerNs,
    save: (ns) => ns.joins,
    revive: (_k, owner, data) => {
      const ns = new ToyNamespace(t, owner, null);
      ns.joins = Number(data);
      return ns;
    },
  });
  return t;
}

testNamespaceType({ type: toyType() });

/** The names of the checks a type fails (a check fails when it throws). */
function failedChecks(type: NamespaceOperations): string[] {
  const failed: string[] = [];
  for (const check of conformanceChecks({ type })) {
    try {
      check.run();
    } catch {
      failed.push(check.name);
    }
  }
  return failed;
}

/** The full name of the one check whose name starts with `prefix`. */
function check(prefix: string): string {
  const names = conformanceChecks({ type: toyType() }).map((c) => c.name).filter((n) => n.startsWith(prefix));
  if (names.length !== 1) throw new Error(`${names.length} checks start with '${prefix}'`);
  return names[0] as string;
}

const STAGED_INSTALL = check('install on a fresh staged nsset');
const PIDFD_LATER_FAILURE = check('a pidfd setns that fails in a later type');
const FAILED_CREATION = check('a clone or unshare that fails after');
const CLONE = check('clone with its flag');
const SETNS = check('install stages: a failed setns');
const OWNER = check('creation needs CAP_SYS_ADMIN');
const PEEK_IS_SLOT = 'peekIsSlot answers true only while peek answers every task\'s nsproxy slot';

describe('the conformance checks catch broken types', () => {
  it('a correct type passes every check', () => {
    expect(failedChecks(toyType())).toEqual([]);
  });

  // The checks that catch each bug; `only`: no other check does. So the bugs that only the
  // staged-install, pidfd-setns and failed-creation checks catch passed the suite
  // before those checks existed; the owner bug passed it for a type tested without a user type,
  // before the ownership check brought the toy one.
  const cases: [Bug, string[], 'only' | 'and more'][] = [
    ['install changes the caller before the commit', [STAGED_INSTALL, PIDFD_LATER_FAILURE], 'only'],
    ['install changes the target namespace', [STAGED_INSTALL, PIDFD_LATER_FAILURE], 'only'],
    ['install writes the caller\'s nsproxy instead of the nsset', [SETNS, STAGED_INSTALL, PIDFD_LATER_FAILURE], 'only'],
    ['copy takes a reference on the old namespace', [CLONE, FAILED_CREATION], 'and more'],
    ['copy changes the caller', [FAILED_CREATION], 'only'],
    ['copy records the caller\'s user namespace as owner', [OWNER], 'only'],
    ['peekIsSlot answers true while a task\'s peek is not its slot', [PEEK_IS_SLOT], 'and more'],
  ];
  it.each(cases)('%s: fails the checks that catch it', (bug, expected, only) => {
    const failed = failedChecks(toyType(bug));
    if (only === 'only') expect(failed.sort()).toEqual([...expected].sort());
    else expect(failed).toEqual(expect.arrayContaining(expected));
  });
});
