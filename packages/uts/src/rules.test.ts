/**
 * The uts rule catalog: well-formed, carried by the scenario area, and the
 * one the errors of this package name (every errno rule is produced by a
 * call, with its errno and one of its calls). The check that every fail
 * site of the sources passes an id of this catalog reads the files, which a
 * browser package's tests may not: apps/cli/src/rules-sites-uts-ipc.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { CAP_FULL_SET, CAP_SYS_ADMIN, CLONE_NEWUSER, CLONE_NEWUTS, ERRNO, RULE_ID, capBit, composeRules } from '@nsproxy/core';
import type { ErrnoCode } from '@nsproxy/core';
import { setdomainname, sethostname, uname, utsRules } from './index.ts';
import { expectNamedRule, expectRuleCatalog, kernelErrorOf } from '@nsproxy/testkit';
import { utsArea } from './scenario.ts';
import { boot, user } from '../test/helpers.ts';

const byId = new Map(utsRules.map((r) => [r.id, r]));

function isErrno(outcome: string): outcome is ErrnoCode {
  return Object.hasOwn(ERRNO, outcome);
}



describe('the uts catalog', () => {
  it('has the ids the corpus and docs cite, in the uts sections only (Q2 and I1)', () => {
    for (const id of ['Q2.1', 'Q2.2', 'Q2.3', 'Q2.4', 'Q2.5', 'I1.1', 'I1.2']) expect(byId.has(id), id).toBe(true);
    for (const r of utsRules) {
      expect(r.id, r.id).toMatch(RULE_ID);
      expect(r.id, r.id).toMatch(/^(Q2|I1)\.[0-9]+$/);
    }
    expect(byId.size).toBe(utsRules.length);
  });

  it('states each rule in one sentence, with an errno or an effect, its calls and a Linux function and file', () => {
    expectRuleCatalog(utsRules, { ids: /^(Q2|I1)\.[0-9]+$/, files: /^(kernel|init|include)\/[a-z_/-]+\.[ch]$/ });
  });

  it('is the scenario area\'s, and composes: the rules giving an errno for a call are found', () => {
    expect(utsArea.rules).toBe(utsRules);
    const catalog = composeRules([utsRules]);
    expect(catalog.giving('EPERM', 'sethostname').map((r) => r.id)).toEqual(['Q2.2']);
    expect(catalog.giving('EINVAL', 'sethostname').map((r) => r.id)).toEqual(['Q2.6', 'Q2.8']);
    expect(catalog.giving('EPERM', 'setns').map((r) => r.id)).toEqual(['I1.1']);
  });
});

/** A call of this package that fails, and the rule its error must name. */
type Trigger = readonly [title: string, id: string, call: () => unknown];

function triggers(): Trigger[] {
  const { kernel, init } = boot();
  const u = user(kernel, init, 1000);
  const noAdmin = kernel.clone(init, 0);
  const caps = CAP_FULL_SET & ~capBit(CAP_SYS_ADMIN);
  kernel.capset(noAdmin, { effective: caps, permitted: caps });
  const inOwn = kernel.clone(init, CLONE_NEWUSER | CLONE_NEWUTS);
  // A task without a uts namespace: a state Linux never reaches, made here by hiding it.
  const bare = boot();
  vi.spyOn(bare.kernel, 'peekNs').mockReturnValue(undefined);
  return [
    ['sethostname without any capability', 'Q2.2', () => sethostname(kernel, u, 'x')],
    ['setdomainname without any capability, too long: the capability first', 'Q2.2', () => setdomainname(kernel, u, 'x'.repeat(65))],
    ['sethostname with every capability but CAP_SYS_ADMIN', 'Q2.2', () => sethostname(kernel, noAdmin, 'x')],
    ['sethostname of 65 bytes', 'Q2.6', () => sethostname(kernel, init, 'h'.repeat(65))],
    ['setdomainname of 66 bytes in 33 characters', 'Q2.6', () => setdomainname(kernel, init, '\u00e9'.repeat(33))],
    ['sethostname of 65 bytes in an own uts namespace', 'Q2.6', () => sethostname(kernel, inOwn, 'h'.repeat(65))],
    ['uname of a task without a uts namespace', 'Q2.8', () => uname(bare.kernel, bare.init)],
    ['sethostname of a task without a uts namespace', 'Q2.8', () => sethostname(bare.kernel, bare.init, 'x')],
  ];
}

/** The errno rules whose check is in core, not here: installDefault (setns) and the ucounts (creation). */
const CHECKED_BY_CORE = ['I1.1', 'Q2.5'];

describe('the errors of the package name their rule', () => {
  it.each(triggers())('%s: %s', (_title, id, call) => {
    const e = kernelErrorOf(call);
    const r = expectNamedRule(e, utsRules, id);
    if (id === 'Q2.8') expect(r.unshowable).toBeDefined();
  });

  it('every errno rule whose check is in this package has a call above that produces it', () => {
    const produced = new Set(triggers().map(([, id]) => id));
    const own = utsRules.filter((r) => isErrno(r.outcome) && !CHECKED_BY_CORE.includes(r.id)).map((r) => r.id);
    expect(own.filter((id) => !produced.has(id))).toEqual([]);
    for (const id of CHECKED_BY_CORE) expect(byId.get(id)?.outcome, id).toMatch(/^E/);
  });
});
