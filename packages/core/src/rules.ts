/**
 * The rule catalog: the kernel rules the model implements, as data. Each
 * package owns the rules of its subsystem (core its own, each namespace type
 * its own, a third party's type its own) and exports them; an application
 * composes the lists it loads (`composeRules`), as it composes scenario areas.
 * Every `KernelError` names the rule behind it (`err.rule`), and every corpus
 * scenario cites the rules it shows, so a reader can go from an errno to the
 * Linux function that decides it, and to the scenarios that prove it.
 */
import type { ErrnoCode } from './errors.ts';

/** One kernel rule the model implements. */
export interface Rule {
  /**
   * A stable identifier: a letter for the subsystem, a section and a number
   * (`U3.2`). Never reused for another rule, so scenarios, errors and docs
   * can cite it.
   */
  readonly id: string;
  /** The rule in one sentence, in the project's words. */
  readonly rule: string;
  /** What it gives: an errno (`EPERM`), or an effect in a few words (`the child is pid 1`). */
  readonly outcome: ErrnoCode | (string & Record<never, never>);
  /** The system calls (or files) it applies to: `setns`, `clone`, `uid_map` ... (what `nsproxy explain EPERM setns` matches). */
  readonly calls: readonly string[];
  /** Where Linux 6.18 implements it: the function and its file (`userns_install`, `kernel/user_namespace.c`). */
  readonly linux: { readonly function: string; readonly file: string };
  /**
   * Why the real kernel cannot show this rule in a scenario run on this
   * machine (for example "needs a second machine", "CONFIG_USER_NS=n"), when
   * it cannot; the coverage report counts such rules apart.
   */
  readonly unshowable?: string;
}

/** A rule list checked for well-formed, unique ids (a plain Error names the problem: a mistake of the package, not of a call). */
export function defineRules(rules: readonly Rule[]): readonly Rule[] {
  const seen = new Set<string>();
  for (const r of rules) {
    if (!RULE_ID.test(r.id)) throw new Error(`rule id '${r.id}' is not of the form <letter><section>.<number>[letter] (e.g. U3.2)`);
    if (seen.has(r.id)) throw new Error(`rule '${r.id}' is defined twice`);
    if (r.rule.trim() === '' || r.calls.length === 0 || r.linux.function === '' || r.linux.file === '') {
      throw new Error(`rule '${r.id}' needs a sentence, the calls it applies to, and a Linux function and file`);
    }
    seen.add(r.id);
  }
  return Object.freeze([...rules]);
}

/** The form of a rule id: `U3.2`, `P3.3a`. */
export const RULE_ID: RegExp = /^[A-Z][0-9]+\.[0-9]+[a-z]?$/;

/** Several packages' rules, composed: lookups by id and by errno and call. */
export class RuleCatalog {
  private readonly byId = new Map<string, Rule>();

  constructor(lists: readonly (readonly Rule[])[]) {
    for (const list of lists) {
      for (const r of list) {
        if (this.byId.has(r.id)) throw new Error(`rule '${r.id}' is defined by two packages`);
        this.byId.set(r.id, r);
      }
    }
  }

  /** The rule with that id, or undefined. */
  get(id: string): Rule | undefined {
    return this.byId.get(id);
  }

  /** Every rule, sorted by id (letter, then section and number as numbers). */
  all(): Rule[] {
    return [...this.byId.values()].sort((a, b) => compareRuleIds(a.id, b.id));
  }

  /** The rules that can give `errno` for the call `call` (every call when undefined). */
  giving(errno: string, call?: string): Rule[] {
    return this.all().filter((r) => r.outcome === errno && (call === undefined || r.calls.includes(call)));
  }
}

/** Orders rule ids as a reader expects: `U2.9` before `U2.10`. */
export function compareRuleIds(a: string, b: string): number {
  const parse = (id: string): [string, number, number, string] => {
    const m = /^([A-Z])([0-9]+)\.([0-9]+)([a-z]?)$/.exec(id);
    return m ? [m[1] ?? '', Number(m[2]), Number(m[3]), m[4] ?? ''] : [id, 0, 0, ''];
  };
  const [la, sa, na, xa] = parse(a);
  const [lb, sb, nb, xb] = parse(b);
  return la.localeCompare(lb) || sa - sb || na - nb || xa.localeCompare(xb);
}

/** Composes the rule lists of the packages an application loads. */
export function composeRules(lists: readonly (readonly Rule[])[]): RuleCatalog {
  return new RuleCatalog(lists);
}
