/**
 * Checks of a package's rule catalog (`Rule`s, see @nsproxy/core's rules.ts),
 * the same for every package, ours and a third party's: well-formed entries,
 * and errors that name the rule behind them.
 */
import { ERRNO, KernelError, RULE_ID } from '@nsproxy/core';
import type { Rule } from '@nsproxy/core';
import { expect } from 'vitest';

/** What `expectRuleCatalog` checks beyond the common shape. */
export interface RuleCatalogOptions {
  /** The ids of the package's sections (`/^(Q2|I1)\.[0-9]+$/`). */
  readonly ids: RegExp;
  /** The source files its rules may name (`/^(kernel|include)\/[a-z_/]+\.[ch]$/`). */
  readonly files: RegExp;
  /** Whether some of its rules may be unshowable on the real kernel (default: yes, with a reason). */
  readonly unshowable?: boolean;
}

/**
 * Every entry of `rules` is well formed: an id of the package's sections,
 * once; the rule in one sentence; an outcome that is a known errno or an
 * effect in words (never a misspelt errno); the calls, each a plain name,
 * each once; a Linux function and a file of `options.files`; an unshowable
 * reason that says something, where one is allowed.
 */
export function expectRuleCatalog(rules: readonly Rule[], options: RuleCatalogOptions): void {
  const ids = rules.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const r of rules) {
    expect(r.id).toMatch(RULE_ID);
    expect(r.id, r.id).toMatch(options.ids);
    expect(r.rule, r.id).toMatch(/^[A-Za-z_(/].*[.)]$/);
    expect(r.rule.trim(), r.id).toBe(r.rule);
    expect(r.rule, r.id).not.toMatch(/\.\s+[A-Z]/); // one sentence
    if (/^E[A-Z0-9]+$/.test(r.outcome)) expect(Object.hasOwn(ERRNO, r.outcome), `${r.id}: ${r.outcome}`).toBe(true);
    else {
      expect(r.outcome.length, r.id).toBeGreaterThan(5);
      expect(r.outcome.split(' ').length, r.id).toBeGreaterThan(1);
    }
    expect(r.calls.length, r.id).toBeGreaterThan(0);
    for (const c of r.calls) expect(c, r.id).toMatch(/^[a-z_0-9]+$/);
    expect(new Set(r.calls).size, r.id).toBe(r.calls.length);
    expect(r.linux.function, r.id).toMatch(/^[a-z_]/);
    expect(r.linux.file, r.id).toMatch(options.files);
    if (options.unshowable === false) expect(r.unshowable, r.id).toBeUndefined();
    else if (r.unshowable !== undefined) expect(r.unshowable.trim(), r.id).not.toBe('');
  }
}

/** The KernelError a call throws (a failed expectation when it succeeds or throws anything else). */
export function kernelErrorOf(fn: () => unknown): KernelError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KernelError) return e;
    throw e;
  }
  return expect.fail('expected a KernelError, but the call succeeded');
}

/** That `e` names rule `id` of `rules`, a rule that gives its errno for its call, and says so in its message; returns the rule. */
export function expectNamedRule(e: KernelError, rules: readonly Rule[], id: string): Rule {
  expect(e.rule, e.message).toBe(id);
  const r = rules.find((x) => x.id === id);
  if (!r) return expect.fail(`rule ${id} is not in the catalog`);
  expect(r.outcome, id).toBe(e.code);
  expect(r.calls, id).toContain(e.syscall);
  expect(e.message).toContain(`[rule ${id}]`);
  return r;
}
