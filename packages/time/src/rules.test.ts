/**
 * The time rule catalog: well-formed, carried by the scenario area, and the
 * one the errors of this package name (every errno rule is produced by a
 * call, with its errno and one of its calls). The check that every fail site
 * of the sources passes an id of this catalog, and that every rule is cited
 * by a scenario of the corpus, reads files, which a browser package's tests
 * may not: apps/cli/src/rule-sites.test.ts and apps/cli/src/rules.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { CAP_FULL_SET, CAP_SYS_ADMIN, CAP_SYS_TIME, CLONE_NEWTIME, CLONE_NEWUSER, CLONE_SIGHAND, CLONE_THREAD, CLONE_VM, ERRNO, RULE_ID, SIGCHLD, capBit, composeRules } from '@nsproxy/core';
import type { ErrnoCode } from '@nsproxy/core';
import { expectNamedRule, expectRuleCatalog, kernelErrorOf } from '@nsproxy/testkit';
import { clockGettime, timeRules, writeTimensOffsets } from './index.ts';
import { timeArea } from './scenario.ts';
import { boot, user } from '../test/helpers.ts';

const byId = new Map(timeRules.map((r) => [r.id, r]));

function isErrno(outcome: string): outcome is ErrnoCode {
  return Object.hasOwn(ERRNO, outcome);
}

describe('the time catalog', () => {
  it('has the ids of kernel-rules.md 10.1 and 3.8, in the time sections only (X1 and I8)', () => {
    for (let i = 1; i <= 11; i++) expect(byId.has(`X1.${i}`), `X1.${i}`).toBe(true);
    for (let i = 1; i <= 4; i++) expect(byId.has(`I8.${i}`), `I8.${i}`).toBe(true);
    for (const r of timeRules) {
      expect(r.id, r.id).toMatch(RULE_ID);
      expect(r.id, r.id).toMatch(/^(X1|I8)\.[0-9]+$/);
    }
    expect(byId.size).toBe(timeRules.length);
  });

  it('states each rule in one sentence, with an errno or an effect, its calls and a Linux function and file', () => {
    expectRuleCatalog(timeRules, { ids: /^(X1|I8)\.[0-9]+$/, files: /^(kernel|fs|include)\/[a-z_/-]+\.[ch]$/ });
  });

  it('is the scenario area\'s, and composes: the rules giving an errno for a call are found', () => {
    expect(timeArea.rules).toBe(timeRules);
    const catalog = composeRules([timeRules]);
    expect(catalog.giving('EUSERS', 'setns').map((r) => r.id)).toEqual(['I8.1']);
    expect(catalog.giving('EPERM', 'write').map((r) => r.id)).toEqual(['X1.6']);
    expect(catalog.giving('EINVAL', 'write').map((r) => r.id)).toEqual(['X1.5', 'X1.12']);
    expect(catalog.giving('EACCES', 'write').map((r) => r.id)).toEqual(['X1.8']);
  });
});

/** A call of this package that fails, and the rule its error must name. */
type Trigger = readonly [title: string, id: string, call: () => unknown];

function triggers(): Trigger[] {
  const { kernel, init } = boot();
  kernel.sigaction(init, SIGCHLD, 'default');
  const a = kernel.clone(init, 0);
  kernel.unshare(a, CLONE_NEWTIME);
  const noTime = kernel.clone(init, 0);
  const caps = CAP_FULL_SET & ~capBit(CAP_SYS_TIME);
  kernel.capset(noTime, { effective: caps, permitted: caps });
  const noAdmin = kernel.clone(init, 0);
  const fdNoAdmin = kernel.openNs(noAdmin, a, 'time_for_children');
  const adminCaps = CAP_FULL_SET & ~capBit(CAP_SYS_ADMIN);
  kernel.capset(noAdmin, { effective: adminCaps, permitted: adminCaps });
  const threaded = kernel.clone(init, 0);
  const fdThreaded = kernel.openNs(threaded, a, 'time_for_children');
  kernel.clone(threaded, CLONE_VM | CLONE_SIGHAND | CLONE_THREAD);
  const inUserNs = kernel.clone(init, 0);
  const fdUserNs = kernel.openNs(inUserNs, init, 'time');
  kernel.unshare(inUserNs, CLONE_NEWUSER);
  const u = user(kernel, init, 1000);
  const zombie = kernel.clone(init, 0);
  kernel.exit(zombie);
  const gone = kernel.clone(init, 0);
  kernel.exit(gone);
  kernel.wait(init, kernel.pidOf(gone, init));
  return [
    ['a malformed record', 'X1.5', () => writeTimensOffsets(kernel, init, a, '1 10')],
    ['the realtime clock', 'X1.5', () => writeTimensOffsets(kernel, init, a, 'realtime 1 0')],
    ['nanoseconds of a second', 'X1.5', () => writeTimensOffsets(kernel, init, a, 'monotonic 1 1000000000')],
    ['without CAP_SYS_TIME', 'X1.6', () => writeTimensOffsets(kernel, noTime, a, 'monotonic 1 0')],
    ['seconds beyond KTIME_SEC_MAX', 'X1.7', () => writeTimensOffsets(kernel, init, a, 'monotonic 9223372037 0')],
    ['a negative clock', 'X1.7', () => writeTimensOffsets(kernel, init, a, 'boottime -9223372036 0')],
    ['the world\'s frozen namespace', 'X1.8', () => writeTimensOffsets(kernel, init, init, 'monotonic 1 0')],
    ['a write of a page', 'X1.12', () => writeTimensOffsets(kernel, init, a, 'x'.repeat(4096))],
    ['a zombie\'s file', 'X1.13', () => writeTimensOffsets(kernel, init, zombie, 'monotonic 1 0')],
    ['another user\'s file for writing', 'X1.14', () => writeTimensOffsets(kernel, u, a, 'monotonic 1 0')],
    ['CLOCK_PROCESS_CPUTIME_ID', 'X1.15', () => clockGettime(kernel, init, 2)],
    ['a reaped task\'s file', 'X1.16', () => writeTimensOffsets(kernel, init, gone, 'monotonic 1 0')],
    ['setns with another thread', 'I8.1', () => kernel.setns(threaded, fdThreaded, CLONE_NEWTIME)],
    ['setns without CAP_SYS_ADMIN', 'I8.2', () => kernel.setns(noAdmin, fdNoAdmin, CLONE_NEWTIME)],
    ['setns from a child user namespace into the world\'s', 'I8.2', () => kernel.setns(inUserNs, fdUserNs, CLONE_NEWTIME)],
  ];
}

/** The errno rules whose check is in core, not here: the ucounts (creation). */
const CHECKED_BY_CORE = ['X1.10'];

describe('the errors of the package name their rule', () => {
  it.each(triggers())('%s: %s', (_title, id, call) => {
    const e = kernelErrorOf(call);
    const r = expectNamedRule(e, timeRules, id);
    if (id === 'X1.13' || id === 'X1.15') expect(r.unshowable).toBeDefined();
    // The thread extension op shows it (corpus/time/thread-setns-time-eusers.nss).
    if (id === 'I8.1') expect(r.unshowable).toBeUndefined();
  });

  it('every errno rule whose check is in this package has a call above that produces it', () => {
    const produced = new Set(triggers().map(([, id]) => id));
    const own = timeRules.filter((r) => isErrno(r.outcome) && !CHECKED_BY_CORE.includes(r.id)).map((r) => r.id);
    expect(own.filter((id) => !produced.has(id))).toEqual([]);
    for (const id of CHECKED_BY_CORE) expect(byId.get(id)?.outcome, id).toMatch(/^E/);
  });
});
