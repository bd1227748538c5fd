/**
 * The user namespace rule catalog: well-formed, and the errors of the model
 * name its rules. Each rule whose outcome is an errno is produced here and the
 * error must carry that rule's id (or, where another rule's site gives it, the
 * id named in the case). That every `fail(...)` site of src passes a literal
 * rule id of this catalog is checked from the sources in
 * apps/cli/src/rules-sites.test.ts (this package's tests may not read files).
 */
import { describe, expect, it } from 'vitest';
import {
  CAP_FULL_SET, CAP_SETFCAP, CLONE_FS, CLONE_NEWUSER, CLONE_SIGHAND, CLONE_THREAD, CLONE_VM, ERRNO, RULE_ID,
  Kernel, capBit, compareRuleIds, flagsOr,
} from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import {
  openUserNsFile, prctlCapAmbient, prctlCapbsetDrop, prctlSetKeepCaps, prctlSetNoNewPrivs, prctlSetSecurebits, procStatusCreds, readIdMap, readIdMapFile, readSetgroupsFile, setgroups, userRules, writeGidMap,
  writeIdMapFile, writeSetgroups, writeSetgroupsFile, writeUidMap, USERNS_2007, fSetown, userNamespaceType, userTable,
} from './index.ts';
import { expectRuleCatalog, kernelErrorOf } from '@nsproxy/testkit';
import { userArea } from './scenario.ts';
import { boot } from '../test/helpers.ts';

const byId = new Map(userRules.map((r) => [r.id, r]));
const isErrno = (outcome: string): boolean => Object.hasOwn(ERRNO, outcome);

describe('the catalog', () => {
  it('is what the package\'s scenario area brings', () => {
    expect(userArea.rules).toBe(userRules);
    expect(userRules.length).toBeGreaterThan(40);
  });

  it('holds user namespace rules only (U, and I5 for setns), each once; every entry has one sentence, an outcome, the calls, and a Linux function and file', () => {
    const road = (id: string): boolean => id.startsWith('U9.');
    const files = /^(kernel|security|fs|include|ipc)\/[a-z_/]+\.[ch]$/;
    expectRuleCatalog(userRules.filter((r) => !road(r.id)), { ids: /^(U\d+\.\d+[a-z]?|I5\.\d+)$/, files, unshowable: false });
    // U9: the road not taken userns-2007, which the real kernel cannot show.
    expectRuleCatalog(userRules.filter((r) => road(r.id)), { ids: /^U9\.\d+$/, files });
    for (const r of userRules.filter((x) => road(x.id))) expect(r.unshowable, r.id).toBeDefined();
  });

  it('cites no rule from inside a sentence that the catalog lacks', () => {
    for (const r of userRules) {
      for (const [cited] of r.rule.matchAll(/\b[A-Z]\d+\.\d+[a-z]?\b/g)) expect(byId.has(cited), `${r.id} cites ${cited}`).toBe(true);
    }
  });
});


/** A task that dropped to `uid` in the initial namespace, dumpable, without capabilities. */
function unprivileged(k: Kernel, init: Task, uid: number): Task {
  const t = k.clone(init, 0);
  k.setresgid(t, uid, uid, uid);
  k.setresuid(t, uid, uid, uid);
  k.setDumpable(t, 1);
  return t;
}

/** A child in a new user namespace with '0 0 1' maps written by its parent. */
function mappedChild(k: Kernel, parent: Task): Task {
  const t = k.clone(parent, CLONE_NEWUSER);
  writeSetgroups(k, parent, t, 'deny');
  writeUidMap(k, parent, t, '0 0 1');
  writeGidMap(k, parent, t, '0 0 1');
  return t;
}

/**
 * One way to get each errno rule: [rule, the call, the id the error carries
 * when it is not the rule's own: another rule's site gives it, or `core`
 * when @nsproxy/core throws it under a rule id of its own].
 */
type Case = readonly [id: string, run: (k: Kernel, init: Task) => unknown, carries?: string];

/** A kernel of the user type on road userns-2007, its init reaping its children. */
function road2007(): { k: Kernel; init: Task } {
  const k = new Kernel({ namespaces: [userNamespaceType], roads: [USERNS_2007] });
  return { k, init: k.initTask };
}

const CASES: readonly Case[] = [
  // U9: road userns-2007, on a kernel of its own that opened it.
  ['U9.2', () => {
    const { k, init } = road2007();
    const t = k.clone(init, 0);
    k.setresuid(t, 1000, 1000, 1000);
    return k.clone(t, CLONE_NEWUSER);
  }],
  ['U9.6', (k, init) => userTable(k, init.cred.userNs)],
  ['U9.5', () => {
    const { k, init } = road2007();
    const gone = k.clone(init, 0);
    k.exit(gone);
    return fSetown(k, init, k.open(init, '/proc/self/ns/user'), gone);
  }],
  ['U1.2', (k, init) => {
    let t = init;
    for (let level = 1; level <= 33; level++) t = mappedChild(k, t);
    return k.unshare(t, CLONE_NEWUSER);
  }],
  ['U1.3', (k, init) => {
    k.initUserNs.ucountMax.set('user', 0);
    return k.clone(init, CLONE_NEWUSER);
  }, 'core'],
  ['U1.4', (k, init) => {
    const t = k.clone(init, 0);
    k.chroot(t);
    return k.unshare(t, CLONE_NEWUSER);
  }],
  ['U1.5', (k, init) => k.unshare(k.clone(init, CLONE_NEWUSER), CLONE_NEWUSER)],
  ['U2.1', (k, init) => writeUidMap(k, unprivileged(k, init, 1000), k.clone(init, CLONE_NEWUSER), '0 1000 1')],
  ['U2.3', (k, init) => writeUidMap(k, init, init, '0 0 1')],
  ['U2.4', (k, init) => writeUidMap(k, k.clone(init, CLONE_NEWUSER), k.clone(init, CLONE_NEWUSER), '0 0 1')],
  ['U2.5', (k, init) => writeUidMap(k, init, k.clone(init, CLONE_NEWUSER), `0 0 1${' '.repeat(4091)}`)],
  ['U2.6', (k, init) => {
    const a = k.clone(init, CLONE_NEWUSER);
    writeUidMap(k, init, a, '0 0 1');
    return writeUidMap(k, init, a, '1 1 1');
  }],
  ['U2.7', (k, init) => {
    const owner = k.clone(init, 0);
    k.setresuid(owner, 2000, 2000, 2000);
    const a = k.clone(owner, CLONE_NEWUSER);
    const r = k.clone(init, 0);
    k.capset(r, { effective: 0n, permitted: 0n });
    return writeUidMap(k, r, a, '0 0 1');
  }],
  ['U2.8', (k, init) => writeUidMap(k, init, k.clone(init, CLONE_NEWUSER), '0 0 1 x')],
  ['U2.9', (k, init) => writeUidMap(k, init, k.clone(init, CLONE_NEWUSER), '4294967295 0 1')],
  ['U2.10', (k, init) => writeUidMap(k, init, k.clone(init, CLONE_NEWUSER), '0 0 0')],
  ['U2.11', (k, init) => writeUidMap(k, init, k.clone(init, CLONE_NEWUSER), '0 0 1\n0 1 1')],
  ['U2.12', (k, init) => writeUidMap(k, init, k.clone(init, CLONE_NEWUSER), Array.from({ length: 341 }, (_, i) => `${i} ${i} 1`).join('\n'))],
  ['U2.13', (k, init) => writeUidMap(k, init, k.clone(init, CLONE_NEWUSER), '')],
  ['U2.14', (k, init) => {
    const u = unprivileged(k, init, 1000);
    k.unshare(u, CLONE_NEWUSER);
    return writeUidMap(k, u, u, '0 1001 1');
  }],
  ['U2.14a', (k, init) => {
    const w = k.clone(init, 0);
    k.capset(w, { effective: CAP_FULL_SET & ~capBit(CAP_SETFCAP), permitted: CAP_FULL_SET });
    return writeUidMap(k, w, k.clone(init, CLONE_NEWUSER), '0 0 1');
  }],
  ['U2.15', (k, init) => {
    const a = k.clone(init, CLONE_NEWUSER);
    writeUidMap(k, init, a, '0 0 10');
    writeGidMap(k, init, a, '0 0 1');
    return writeUidMap(k, a, k.clone(a, CLONE_NEWUSER), '0 5 10');
  }],
  // U2.16 is what U2.14 means for an unprivileged owner: its refusals carry U2.14.
  ['U2.16', (k, init) => {
    const u = unprivileged(k, init, 1000);
    k.unshare(u, CLONE_NEWUSER);
    return writeUidMap(k, u, u, '0 1000 2');
  }, 'U2.14'],
  ['U2.18', (k, init) => openUserNsFile(k, k.clone(init, CLONE_NEWUSER), init, 'setgroups', { write: true })],
  ['U2.19', (k, init) => {
    const a = k.clone(init, CLONE_NEWUSER);
    writeSetgroups(k, init, a, 'deny');
    return writeSetgroups(k, init, a, 'allow');
  }],
  ['U2.20', (k, init) => setgroups(k, k.clone(init, CLONE_NEWUSER), [])],
  ['U2.22', (k, init) => writeSetgroups(k, init, k.clone(init, CLONE_NEWUSER), 'maybe')],
  ['U2.23', (k, init) => {
    const a = k.clone(init, CLONE_NEWUSER);
    k.exit(a);
    return readIdMap(k, init, a, 'uid_map');
  }],
  ['U2.24', (k, init) => writeIdMapFile(k, init, openUserNsFile(k, init, k.clone(init, CLONE_NEWUSER), 'uid_map', { read: true }), '0 0 1')],
  ['U2.25', (k, init) => readIdMapFile(openUserNsFile(k, init, k.clone(init, CLONE_NEWUSER), 'uid_map', { write: true }))],
  ['U2.26', (k, init) => setgroups(k, init, new Array<number>(65537).fill(0))],
  ['U2.27', (k, init) => {
    const a = k.clone(init, CLONE_NEWUSER);
    writeGidMap(k, init, a, '0 0 10');
    return setgroups(k, a, [10]);
  }],
  ['U6.1', (k, init) => prctlSetSecurebits(k, unprivileged(k, init, 1000), 0x1)],
  ['U6.2', (k, init) => prctlSetKeepCaps(k, init, 2)],
  ['U6.3', (k, init) => {
    prctlSetSecurebits(k, init, 0x20); // SECBIT_KEEP_CAPS_LOCKED
    return prctlSetKeepCaps(k, init, 1);
  }],
  ['U6.4', (k, init) => prctlSetNoNewPrivs(k, init, 0)],
  ['U6.5', (k, init) => prctlCapbsetDrop(k, unprivileged(k, init, 1000), 0)],
  ['U6.6', (k, init) => prctlCapbsetDrop(k, init, 64)],
  ['U6.7', (k, init) => prctlCapAmbient(k, unprivileged(k, init, 1000), 'raise', 0)],
  ['I5.1', (k, init) => k.setns(init, k.open(init, '/proc/self/ns/user'), CLONE_NEWUSER)],
  ['I5.2', (k, init) => {
    const a = k.clone(init, CLONE_NEWUSER);
    const p = k.clone(init, 0);
    const fd = k.openNs(p, a, 'user');
    k.clone(p, flagsOr(CLONE_THREAD, CLONE_SIGHAND, CLONE_VM));
    return k.setns(p, fd, CLONE_NEWUSER);
  }],
  ['I5.3', (k, init) => {
    const a = k.clone(init, CLONE_NEWUSER);
    const p = k.clone(init, 0);
    const fd = k.openNs(p, a, 'user');
    k.clone(p, CLONE_FS);
    return k.setns(p, fd, CLONE_NEWUSER);
  }],
  ['I5.4', (k, init) => {
    const fd = k.open(init, '/proc/self/ns/user');
    const child = k.clone(init, 0);
    k.unshare(child, CLONE_NEWUSER);
    return k.setns(child, fd, CLONE_NEWUSER);
  }],
];

describe('the errors name their rule', () => {
  for (const [id, run, carries] of CASES) {
    it(`${id}${carries && carries !== 'core' ? ` (given by ${carries})` : ''}`, () => {
      const rule = byId.get(id);
      expect(rule, `${id} is not in the catalog`).toBeDefined();
      const { k, init } = boot();
      const e = kernelErrorOf(() => run(k, init));
      expect(e.code).toBe(rule?.outcome);
      // @nsproxy/core names its own rule for the checks it makes.
      if (carries === 'core') return expect(e.rule).toMatch(RULE_ID);
      expect(e.rule).toBe(carries ?? id);
      expect(byId.has(e.rule ?? ''), `${e.rule} is not in the catalog`).toBe(true);
      expect(e.message).toContain(`[rule ${e.rule}]`);
    });
  }

  it('every rule whose outcome is an errno has a case above, and every case an errno rule', () => {
    const errnoRules = userRules.filter((r) => isErrno(r.outcome)).map((r) => r.id).sort(compareRuleIds);
    expect(CASES.map(([id]) => id).sort(compareRuleIds)).toEqual(errnoRules);
  });

  it('a map write with no extent is U2.13, a bad line U2.8', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    for (const text of ['', '\n', ' \n\t', '\0 0 0 1']) expect(kernelErrorOf(() => writeUidMap(k, init, a, text)).rule, JSON.stringify(text)).toBe('U2.13');
    for (const text of ['0 0', ' x', '0 0 1\n\n']) expect(kernelErrorOf(() => writeUidMap(k, init, a, text)).rule, JSON.stringify(text)).toBe('U2.8');
  });

  it('the setgroups file and /proc/PID/status name their rules too', () => {
    const { k, init } = boot();
    const a = k.clone(init, CLONE_NEWUSER);
    expect(kernelErrorOf(() => readSetgroupsFile(openUserNsFile(k, init, a, 'setgroups', { write: true }))).rule).toBe('U2.25');
    expect(kernelErrorOf(() => writeSetgroupsFile(k, init, openUserNsFile(k, init, a, 'setgroups', { read: true }), 'deny')).rule).toBe('U2.24');
    for (const text of ['deny    ', ' deny', 'denyx']) expect(kernelErrorOf(() => writeSetgroups(k, init, a, text)).rule, text).toBe('U2.22');
    writeGidMap(k, init, a, '0 0 1');
    expect(kernelErrorOf(() => writeSetgroups(k, init, a, 'deny')).rule).toBe('U2.19');
    k.exit(a);
    expect(kernelErrorOf(() => procStatusCreds(k, init, a)).rule).toBe('U2.23');
    expect(kernelErrorOf(() => writeSetgroups(k, init, a, 'deny')).rule).toBe('U2.23');
  });
});
