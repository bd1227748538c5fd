/**
 * Every error of the model names its rule: each `fail(...)` (and, in core,
 * `new KernelError(...)`) of the sources of @nsproxy/core, user, pid, uts, ipc
 * and of the example type passes, as its fourth argument, the id of a rule of
 * its package's catalog (a literal, or literals chosen by a conditional), a
 * rule that gives that errno and applies to that call (when the call is a
 * literal, or a local constant such as `const sys = 'write'`). And every errno
 * rule of a package is named by one of its sites, or listed below as checked
 * elsewhere. The sources are parsed with the TypeScript compiler, so comments
 * and strings that mention `fail(` are not calls. This lives in apps/cli
 * because it reads files (the model packages' tests may not use Node).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { ERRNO, coreRules } from '@nsproxy/core';
import type { Rule } from '@nsproxy/core';
import { ipcRules } from '@nsproxy/ipc';
import { pidRules } from '@nsproxy/pid';
import { userRules } from '@nsproxy/user';
import { cgroupRules } from '@nsproxy/cgroup';
import { timeRules } from '@nsproxy/time';
import { utsRules } from '@nsproxy/uts';
import { mntRules } from '@nsproxy/mnt';
import { netRules } from '@nsproxy/net';
import { hostidRules } from '../../../examples/custom-namespace/hostid-namespace.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** One error site of a source file. */
interface Site {
  readonly where: string;
  readonly args: readonly ts.Expression[];
  /** The syscall argument as a string, when it is a literal or a constant of the enclosing functions. */
  readonly call: string | undefined;
}

/** The text of a string literal (or a template without substitutions), else undefined. */
function literal(node: ts.Expression | undefined): string | undefined {
  return node && ts.isStringLiteralLike(node) ? node.text : undefined;
}

/** The rule ids an argument names: a literal, or the literals of a conditional (`from ? 'N4.7' : 'N4.8'`). */
function ruleIds(node: ts.Expression | undefined): string[] | undefined {
  if (!node) return undefined;
  const text = literal(node);
  if (text !== undefined) return [text];
  if (ts.isParenthesizedExpression(node)) return ruleIds(node.expression);
  if (ts.isConditionalExpression(node)) {
    const a = ruleIds(node.whenTrue);
    const b = ruleIds(node.whenFalse);
    return a && b ? [...a, ...b] : undefined;
  }
  return undefined;
}

/** A literal, or an identifier declared `const name = '<literal>'` in a function (or file) that encloses `node`. */
function constantText(node: ts.Expression | undefined): string | undefined {
  if (!node) return undefined;
  const text = literal(node);
  if (text !== undefined || !ts.isIdentifier(node)) return text;
  for (let scope: ts.Node | undefined = node.parent; scope; scope = scope.parent) {
    if (!ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) continue;
    let found: string | undefined;
    const look = (n: ts.Node): void => {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === node.text && ts.isVariableDeclarationList(n.parent) &&
        (n.parent.flags & ts.NodeFlags.Const) !== 0) found ??= literal(n.initializer);
      // Nested functions have their own scope.
      if (n === scope || !ts.isFunctionLike(n)) ts.forEachChild(n, look);
    };
    look(scope);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The non-test TypeScript sources of a folder (the simulated backend's scenario/ folder included). */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('node_modules'))
    .map((f) => join(dir, f));
}

/** Every `fail(...)` and `new KernelError(...)` of the files; and what would escape the walk. */
function errorSites(files: readonly string[], text: (file: string) => string = (f) => readFileSync(join(root, f), 'utf8')): { sites: Site[]; problems: string[] } {
  const sites: Site[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const sf = ts.createSourceFile(file, text(file), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const at = (node: ts.Node): string => `${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
    const visit = (node: ts.Node): void => {
      if (ts.isImportSpecifier(node) && (node.propertyName?.getText(sf) ?? node.name.text) === 'fail' && node.name.text !== 'fail') {
        problems.push(`${at(node)}: fail imported as ${node.name.text}`);
      }
      const isFail = ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'fail';
      const isNew = ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'KernelError';
      // `fail` itself builds its error from its arguments: not a site.
      const insideFail = (n: ts.Node): boolean => ts.isFunctionDeclaration(n) && n.name?.text === 'fail';
      let p: ts.Node | undefined = node.parent;
      while (p && !insideFail(p)) p = p.parent;
      if ((isFail || isNew) && !p) {
        const args = node.arguments ?? ts.factory.createNodeArray();
        sites.push({ where: at(node), args, call: constantText(args[1]) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { sites, problems };
}

/** What is wrong with each site against a catalog. */
function siteProblems(sites: readonly Site[], rules: readonly Rule[], catalogName: string): string[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const problems: string[] = [];
  for (const { where, args, call } of sites) {
    const [code, , , ruleArg] = args;
    const ids = ruleIds(ruleArg);
    if (args.length !== 4 || ids === undefined) {
      problems.push(`${where}: no rule id as the 4th argument (a string literal)`);
      continue;
    }
    for (const id of ids) {
      const rule = byId.get(id);
      if (!rule) {
        problems.push(`${where}: rule ${id} is not in ${catalogName}`);
        continue;
      }
      const errno = literal(code);
      if (errno !== undefined && errno !== rule.outcome) problems.push(`${where}: fails with ${errno}, rule ${id} gives ${rule.outcome}`);
      if (call !== undefined && !rule.calls.includes(call)) problems.push(`${where}: call ${call} is not among the calls of rule ${id} (${rule.calls.join(', ')})`);
    }
  }
  return problems;
}

/**
 * The packages, their catalogs, and their errno rules that no site of theirs
 * names, because another package checks them: core's sites check the uts and
 * ipc setns and ucount rules (under C8.18 and L-rules), the pid allocation
 * and copy_process rules of pid, and the user rules of creation; some rules
 * are another rule's site seen from a different call (U2.16 is U2.14 for an
 * unprivileged owner; I4.7 is P2.1 after a setns). Core's catalog also states
 * general rules whose checks are the sites of a more specific rule: creation
 * by a user namespace (F3.1, F3.6: U1.x sites), a pid namespace's owner (F3.4:
 * pid's copy), CAP_SYS_ADMIN for creation (F3.2: the sites of C5.3 and C6.2), file
 * permissions across user namespaces (K1.6: ipc's and user's file checks), the
 * ucount limits (L1.6, L2.1: the charge's L1.x site and user's and pid's
 * depth checks) and the id map size (L2.2: user's map parser).
 */
const PACKAGES: readonly {
  readonly name: string;
  readonly dirs: readonly string[];
  readonly rules: readonly Rule[];
  readonly elsewhere: readonly string[];
  /** Another package's rules its sites may name too (mnt's path walk gives core's ns-file errors). */
  readonly borrowed?: readonly Rule[];
}[] = [
  { name: 'packages/core', dirs: ['packages/core/src'], rules: coreRules, elsewhere: ['F3.1', 'F3.2', 'F3.4', 'F3.6', 'K1.6', 'L1.6', 'L2.1', 'L2.2'] },
  { name: 'packages/user', dirs: ['packages/user/src'], rules: userRules, elsewhere: ['U1.3', 'U2.16'] },
  { name: 'packages/pid', dirs: ['packages/pid/src'], rules: pidRules, elsewhere: ['P2.4', 'P3.5', 'P3.9', 'I4.7'] },
  { name: 'packages/uts', dirs: ['packages/uts/src'], rules: utsRules, elsewhere: ['I1.1', 'Q2.5'] },
  { name: 'packages/time', dirs: ['packages/time/src'], rules: timeRules, elsewhere: ['X1.10'] },
  // (cgroup's scenario area answers mkdirat through a kept fd that is no directory with the path walk's ENOTDIR, mnt's M10.6.)
  { name: 'packages/cgroup', dirs: ['packages/cgroup/src'], rules: cgroupRules, elsewhere: ['I7.1', 'X2.6'], borrowed: mntRules },
  { name: 'packages/ipc', dirs: ['packages/ipc/src'], rules: ipcRules, elsewhere: ['I2.1', 'Q1.1'] },
  { name: 'packages/mnt', dirs: ['packages/mnt/src'], rules: mntRules, elsewhere: [], borrowed: coreRules },
  { name: 'packages/net', dirs: ['packages/net/src'], rules: netRules, elsewhere: [], borrowed: coreRules },
  { name: 'examples/custom-namespace', dirs: ['examples/custom-namespace'], rules: hostidRules, elsewhere: [] },
];

describe.each(PACKAGES)('$name', ({ name, dirs, rules, elsewhere, borrowed = [] }) => {
  const { sites, problems: walkProblems } = errorSites(dirs.flatMap(sources));

  test('has error sites to check, each a real call', () => {
    expect(sites.length).toBeGreaterThan(1);
    expect(walkProblems).toEqual([]);
  });

  test('every error site passes the id of a rule of the package that gives that errno for that call', () => {
    expect(siteProblems(sites, [...rules, ...borrowed], `the ${name} catalog`)).toEqual([]);
  });

  test('every errno rule of the package is named by a site, or checked elsewhere (listed)', () => {
    const named = new Set(sites.flatMap((s) => ruleIds(s.args[3]) ?? []));
    const errnoRules = rules.filter((r) => Object.hasOwn(ERRNO, r.outcome) && r.unshowable === undefined).map((r) => r.id);
    expect(errnoRules.filter((id) => !named.has(id) && !elsewhere.includes(id))).toEqual([]);
    for (const id of elsewhere) {
      expect(named.has(id), `${id} is named by a site: not elsewhere`).toBe(false);
      expect(errnoRules, id).toContain(id);
    }
  });
});

test('the check can fail: a missing id, an unknown id, a wrong errno and a wrong call are each caught', () => {
  const source = [
    "import { fail } from '@nsproxy/core';",
    "fail('EPERM', 'setns');",
    "fail('EPERM', 'setns', undefined, 'Z1.1');",
    "fail('EINVAL', 'setns', 'x', 'H1.2');",
    "function f() { const sys = 'clone'; fail('EPERM', sys, undefined, 'H1.2'); }",
    "fail('EPERM', 'sethostid', undefined, 'H1.2');",
  ].join('\n');
  const { sites } = errorSites(['probe.ts'], () => source);
  expect(siteProblems(sites, hostidRules, 'the probe')).toEqual([
    'probe.ts:2: no rule id as the 4th argument (a string literal)',
    'probe.ts:3: rule Z1.1 is not in the probe',
    'probe.ts:4: fails with EINVAL, rule H1.2 gives EPERM',
    'probe.ts:4: call setns is not among the calls of rule H1.2 (sethostid)',
    'probe.ts:5: call clone is not among the calls of rule H1.2 (sethostid)',
  ]);
});
