/**
 * The pid namespace rule catalog: well-formed, and the errors of the model
 * name its rules. Each rule whose outcome is an errno is produced here and the
 * error must carry that rule's id (or, where another rule's site gives it, the
 * id named in the case). That every `fail(...)` site of src passes a literal
 * rule id of this catalog is checked from the sources in
 * apps/cli/src/rules-sites.test.ts (this package's tests may not read files).
 */
import { describe, expect, it } from 'vitest';
import {
  CAP_FULL_SET, CAP_SYS_ADMIN, CLONE_NEWPID, CLONE_NEWUSER, CLONE_PARENT, ERRNO, MAX_PID_NS_LEVEL, NS_GET_PARENT, RULE_ID,
  compareRuleIds, flagsOr,
} from '@nsproxy/core';
import type { Kernel, NamespaceOperations, Task } from '@nsproxy/core';
import { expectRuleCatalog, toyUserType } from '@nsproxy/testkit';
import { PID_UNSHARE_SELF, pidRules, setsid } from './index.ts';
import { pidSysctlWrite } from './sysctl.ts';
import { pidArea } from './scenario.ts';
import { boot, errorOf } from '../test/helpers.ts';

const byId = new Map(pidRules.map((r) => [r.id, r]));
const isErrno = (outcome: string): boolean => Object.hasOwn(ERRNO, outcome);
const withUser = [toyUserType as NamespaceOperations<never>];

describe('the catalog', () => {
  it('is what the package\'s scenario area brings', () => {
    expect(pidArea.rules).toBe(pidRules);
    expect(pidRules.length).toBeGreaterThan(30);
  });

  it('holds pid namespace rules only (P, and I4 for setns), each once; every entry has one sentence, an outcome, the calls, and a Linux function and file', () => {
    const road = (id: string): boolean => id.startsWith('P9.');
    const files = /^(kernel|security|fs|include)\/[a-z_/]+\.[ch]$/;
    expectRuleCatalog(pidRules.filter((r) => !road(r.id)), { ids: /^(P\d+\.\d+[a-z]?|I4\.\d+)$/, files, unshowable: false });
    // P9: the road not taken pid-unshare-self, which the real kernel cannot show.
    expectRuleCatalog(pidRules.filter((r) => road(r.id)), { ids: /^P9\.\d+$/, files });
    for (const r of pidRules.filter((x) => road(x.id))) expect(r.unshowable, r.id).toBeDefined();
  });
});

/** setns(fd of target's /proc/PID/ns/<entry>, CLONE_NEWPID) by `t`. */
function setnsTo(k: Kernel, t: Task, target: Task, entry: string): void {
  k.setns(t, k.openNs(t, target, entry), CLONE_NEWPID);
}

/**
 * One way to get each errno rule: [rule, the call, the id the error carries
 * when it is not the rule's own: another rule's site gives it, or `core`
 * when @nsproxy/core throws it under a rule id of its own].
 */
type Case = readonly [id: string, run: (k: Kernel, init: Task) => unknown, carries?: string];

const CASES: readonly Case[] = [
  ['P1.2', (k, init) => {
    let t = init;
    for (let i = 0; i < MAX_PID_NS_LEVEL; i++) t = k.clone(t, CLONE_NEWPID);
    return k.clone(t, CLONE_NEWPID);
  }],
  ['P2.1', (k, init) => {
    const p = k.clone(init, 0);
    k.unshare(p, CLONE_NEWPID);
    return k.unshare(p, CLONE_NEWPID);
  }],
  ['P2.2', (k, init) => {
    // init's children go to a pid namespace owned by a child user namespace; d, in the initial user namespace, is not below that owner.
    const a = k.clone(init, flagsOr(CLONE_NEWUSER, CLONE_NEWPID));
    setnsTo(k, init, a, 'pid');
    return k.unshare(k.clone(init, 0), CLONE_NEWPID);
  }],
  ['P2.4', (k, init) => {
    const p = k.clone(init, 0);
    k.unshare(p, CLONE_NEWPID);
    return k.open(p, '/proc/self/ns/pid_for_children');
  }, 'core'],
  ['P3.5', (k, init) => k.clone(k.clone(init, CLONE_NEWPID), CLONE_PARENT), 'core'],
  ['P3.9', (k, init) => {
    const p = k.clone(init, 0);
    k.unshare(p, CLONE_NEWPID);
    k.exit(k.clone(p, 0));
    return k.clone(p, 0);
  }, 'core'],
  // P4.3-P4.6: the pid sysctls of a pid namespace of the run (sysctl.ts).
  ['P4.3', (k, init) => {
    const a = k.clone(init, CLONE_NEWPID);
    k.setresuid(a, 1000, 1000, 1000);
    return pidSysctlWrite(k, a, 'kernel.pid_max', '400');
  }],
  ['P4.4', (k, init) => {
    const a = k.clone(init, CLONE_NEWPID);
    k.setresuid(a, 1000, 1000, 1000);
    return pidSysctlWrite(k, a, 'kernel.ns_last_pid', '5');
  }],
  ['P4.5', (k, init) => pidSysctlWrite(k, k.clone(init, CLONE_NEWPID), 'kernel.pid_max', '300')],
  ['P4.6', (k, init) => pidSysctlWrite(k, k.clone(init, CLONE_NEWPID), 'kernel.ns_last_pid', '4194305')],
  ['P6.1', (k, init) => k.ioctl(init, k.open(init, '/proc/self/ns/pid'), NS_GET_PARENT)],
  ['I4.1', (k, init) => {
    const a = k.clone(init, CLONE_NEWPID);
    const p = k.clone(init, 0);
    k.capset(p, { effective: CAP_FULL_SET & ~(1n << BigInt(CAP_SYS_ADMIN)), permitted: CAP_FULL_SET });
    return setnsTo(k, p, a, 'pid');
  }],
  ['I4.2', (k, init) => {
    const a = k.clone(init, CLONE_NEWPID);
    return setnsTo(k, a, init, 'pid');
  }],
  // P9: road pid-unshare-self, on a kernel of its own that opened it.
  ['P9.2', () => {
    const { k, init } = boot(withUser, { roads: [PID_UNSHARE_SELF] });
    return k.unshare(k.clone(init, 0), CLONE_NEWPID);
  }],
  ['P9.3', () => {
    const { k, init } = boot(withUser, { roads: [PID_UNSHARE_SELF] });
    const p = k.clone(init, 0);
    setsid(k, p);
    k.unshare(p, CLONE_NEWPID);
    return k.unshare(p, CLONE_NEWPID);
  }],
  ['P9.4', (k, init) => {
    const p = k.clone(init, 0);
    setsid(k, p);
    return setsid(k, p);
  }],
  // I4.7 is P2.1 after a setns (and F1.6 for CLONE_THREAD): copy_pid_ns gives it.
  ['I4.7', (k, init) => {
    const a = k.clone(init, CLONE_NEWPID);
    const p = k.clone(init, 0);
    setnsTo(k, p, a, 'pid');
    return k.unshare(p, CLONE_NEWPID);
  }, 'P2.1'],
];

describe('the errors name their rule', () => {
  for (const [id, run, carries] of CASES) {
    it(`${id}${carries && carries !== 'core' ? ` (given by ${carries})` : ''}`, () => {
      const rule = byId.get(id);
      expect(rule, `${id} is not in the catalog`).toBeDefined();
      const { k, init } = boot(withUser);
      const e = errorOf(() => run(k, init));
      expect(e.code).toBe(rule?.outcome);
      // @nsproxy/core names its own rule for the checks it makes.
      if (carries === 'core') return expect(e.rule).toMatch(RULE_ID);
      expect(e.rule).toBe(carries ?? id);
      expect(byId.has(e.rule ?? ''), `${e.rule} is not in the catalog`).toBe(true);
      expect(e.message).toContain(`[rule ${e.rule}]`);
    });
  }

  it('every rule whose outcome is an errno has a case above, and every case an errno rule', () => {
    const errnoRules = pidRules.filter((r) => isErrno(r.outcome)).map((r) => r.id).sort(compareRuleIds);
    expect(CASES.map(([id]) => id).sort(compareRuleIds)).toEqual(errnoRules);
  });

  it('clone(CLONE_NEWPID) names the same creation rules as unshare', () => {
    const { k, init } = boot(withUser);
    const p = k.clone(init, 0);
    k.unshare(p, CLONE_NEWPID);
    expect(errorOf(() => k.clone(p, CLONE_NEWPID)).rule).toBe('P2.1');
    const a = k.clone(init, flagsOr(CLONE_NEWUSER, CLONE_NEWPID));
    setnsTo(k, init, a, 'pid');
    expect(errorOf(() => k.clone(k.clone(init, 0), CLONE_NEWPID)).rule).toBe('P2.2');
  });
});
