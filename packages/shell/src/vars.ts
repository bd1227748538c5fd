/**
 * The shell's variables, positional parameters and options, as dash keeps
 * them (src/var.c `setvar`, `mklocal`, `poplocalvars`, `listvars`;
 * src/options.c `optlist`): exported and read-only flags, the saved
 * states `local` and a command's own assignments put back, and the option
 * letters of `set` and `$-`.
 */

/** dash's special builtins (src/builtins.def `-s`): no function may have their names, their assignments stay, their errors end the shell. */
export const SPECIAL_BUILTINS: ReadonlySet<string> = new Set(['.', ':', 'break', 'continue', 'eval', 'exec', 'exit', 'export', 'local', 'readonly', 'return', 'set', 'shift', 'times', 'trap', 'unset']);

/** A variable as it was before `local` or a command's assignment changed it. */
export interface SavedVar {
  readonly name: string;
  readonly value: string | undefined;
  readonly exported: boolean;
}

/** The options of `set`, by dash's long names, with their letters (optlist and optletters of Debian's dash; `$-` lists them backwards). */
export const OPTIONS = [
  ['errexit', 'e'], ['noglob', 'f'], ['ignoreeof', 'I'], ['interactive', 'i'], ['monitor', 'm'], ['noexec', 'n'], ['stdin', 's'],
  ['xtrace', 'x'], ['verbose', 'v'], ['vi', 'V'], ['emacs', 'E'], ['noclobber', 'C'], ['allexport', 'a'], ['notify', 'b'], ['nounset', 'u'],
  ['privileged', 'p'], ['nolog', ''], ['debug', ''],
] as const;

export type OptionName = (typeof OPTIONS)[number][0];

/** A valid variable name. */
export function goodName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** Variables, parameters and options. */
export class Vars {
  params: string[] = [];
  readonly vars: Map<string, string> = new Map();
  readonly exported: Set<string> = new Set();
  readonly readonlyVars: Set<string> = new Set();
  /** The frames of `local`: one per function being run. */
  locals: SavedVar[][] = [];
  readonly options: Record<OptionName, boolean> = Object.fromEntries(OPTIONS.map(([n]) => [n, false])) as Record<OptionName, boolean>;
  /** getopts: the index of the next argument (OPTIND) and the offset in the current one (-1: none). */
  optind = 1;
  optoff = -1;
  /** The file mode creation mask (umask). */
  umask = 0o022;
  /** The programs found in PATH so far (dash's command hash table: `type` calls them tracked aliases). */
  readonly hashed: Set<string> = new Set();

  /** setvar: the value, or dash's message for a read-only variable (`x: is read only`). */
  setVar(name: string, value: string): string | undefined {
    if (this.readonlyVars.has(name)) return `${name}: is read only`;
    this.vars.set(name, value);
    if (name === 'OPTIND') {
      // getoptsreset
      this.optind = Number(/^[0-9]+$/.test(value) ? value : 0) || 1;
      this.optoff = -1;
    }
    if (this.options.allexport) this.exported.add(name);
    return undefined;
  }

  /** unsetvar: a read-only variable cannot be (`x: is read only`). */
  unsetVar(name: string): string | undefined {
    if (this.readonlyVars.has(name)) return `${name}: is read only`;
    this.vars.delete(name);
    this.exported.delete(name);
    return undefined;
  }

  saveVar(name: string): SavedVar {
    return { name, value: this.vars.get(name), exported: this.exported.has(name) };
  }

  restoreVar(s: SavedVar): void {
    if (s.value === undefined) this.vars.delete(s.name);
    else this.vars.set(s.name, s.value);
    if (s.exported) this.exported.add(s.name);
    else this.exported.delete(s.name);
  }

  /** mklocal: the variable's state is put back when the function returns (once per name and call). */
  makeLocal(name: string): void {
    const frame = this.locals[this.locals.length - 1];
    if (!frame || frame.some((s) => s.name === name)) return;
    frame.push(this.saveVar(name));
  }

  /** A forked copy's variables, parameters and options. */
  copyVars(from: Vars): void {
    this.params = [...from.params];
    for (const [k, v] of from.vars) this.vars.set(k, v);
    for (const k of from.exported) this.exported.add(k);
    for (const k of from.readonlyVars) this.readonlyVars.add(k);
    for (const k of from.hashed) this.hashed.add(k);
    Object.assign(this.options, from.options);
    this.optind = from.optind;
    this.optoff = from.optoff;
    this.umask = from.umask;
  }

  /** The environment a command gets: the exported variables, and its own assignments. */
  environment(extra: ReadonlyMap<string, string> = new Map()): Map<string, string> {
    const env = new Map<string, string>();
    for (const k of this.exported) {
      const v = this.vars.get(k);
      if (v !== undefined) env.set(k, v);
    }
    for (const [k, v] of extra) env.set(k, v);
    return env;
  }

  /** `$-`: the letters of the options that are on. */
  optionLetters(interactive: boolean): string {
    return OPTIONS.filter(([n]) => (n === 'interactive' ? interactive : this.options[n])).map(([, l]) => l).reverse().join('');
  }

  /** `-eux`, `+x`: sets the options by letter; the first letter that is not one is returned. */
  setOptionLetters(arg: string): string | undefined {
    const on = arg.startsWith('-');
    for (const c of arg.slice(1)) {
      const o = OPTIONS.find(([, l]) => l === c && l !== '');
      if (!o) return c;
      this.options[o[0]] = on;
    }
    return undefined;
  }
}
