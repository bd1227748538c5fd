/**
 * dash's builtins of the language itself (src/options.c `setcmd`,
 * `shiftcmd`, `getoptscmd`; src/var.c `exportcmd`, `localcmd`, `unsetcmd`;
 * src/eval.c `breakcmd`, `returncmd`, `evalcmd`; src/main.c `dotcmd`;
 * src/trap.c `trapcmd`; src/exec.c `typecmd`, `commandcmd`;
 * src/miscbltin.c `readcmd`, `umaskcmd`; src/bltin/times.c): they work on
 * the shell that runs them, with dash's messages (`shift: can't shift that
 * many`, `export: 1x: bad variable name`, `trap: FOO: bad trap`,
 * `read: arg count`). An error of a special builtin ends a
 * non-interactive shell.
 */
import type { CommandContext, CommandDef } from '../command.ts';
import { DEFAULT_IFS, ifsBreakup } from '../expand.ts';
import type { Chunk } from '../expand.ts';
import { EV_TESTED, FunctionReturn, LoopControl } from '../interp.ts';
import type { Shell } from '../interp.ts';
import { OPTIONS, SPECIAL_BUILTINS, goodName } from '../vars.ts';
import type { OptionName } from '../vars.ts';
import { SIGNALS } from './signals.ts';

const DASH = 'dash 0.5.12 builtin';

function def(name: string, summary: string, usage: string, run: (ctx: CommandContext) => number | Promise<number>): CommandDef {
  return { name, builtin: true, summary, usage: [usage], options: [], models: DASH, run };
}

/** dash's error() in a builtin: `sh: 1: name: message`, status 2 (the end of the shell for a special builtin). */
function fail(ctx: CommandContext, message: string): never {
  return ctx.shell.fail(ctx, `${ctx.argv[0] ?? ''}: ${message}`);
}

/** nextopt: the options of `optstring` at the front of the arguments (`--` ends them); `Illegal option -x`. */
function nextopt(ctx: CommandContext, optstring: string): { opts: string[]; args: string[] } {
  const args = ctx.argv.slice(1);
  const opts: string[] = [];
  while (args[0] !== undefined && args[0].startsWith('-') && args[0] !== '-') {
    const a = args.shift() ?? '';
    if (a === '--') break;
    for (const c of a.slice(1)) {
      if (!optstring.includes(c)) fail(ctx, `Illegal option -${c}`);
      opts.push(c);
    }
  }
  return { opts, args };
}

/** number(): a non-negative int, else `Illegal number: x`. */
function number(ctx: CommandContext, text: string): number {
  if (!/^[0-9]+$/.test(text) || Number(text) > 2147483647) fail(ctx, `Illegal number: ${text}`);
  return Number(text);
}

/** single_quote: a value as dash prints it for the shell to read back (`'it'"'"'s'`). */
export function singleQuote(s: string): string {
  let out = '';
  let i = 0;
  do {
    let j = s.indexOf("'", i);
    if (j < 0) j = s.length;
    out += `'${s.slice(i, j)}'`;
    i = j;
    let k = i;
    while (s[k] === "'") k++;
    if (k === i) break;
    out += `"${s.slice(i, k)}"`;
    i = k;
  } while (i < s.length);
  return out;
}

/** strcmp order of `name=value` (listvars, sorted). */
function sortedVars(sh: Shell, names: Iterable<string>): string[] {
  return [...names].sort((a, b) => {
    const x = `${a}=${sh.vars.get(a) ?? ''}`;
    const y = `${b}=${sh.vars.get(b) ?? ''}`;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** `export` and `readonly`: set, flag, or with -p (or nothing) list. */
function exportLike(readonly: boolean) {
  return (ctx: CommandContext): number => {
    const sh = ctx.shell;
    const { opts, args } = nextopt(ctx, 'p');
    const set = readonly ? sh.readonlyVars : sh.exported;
    const word = readonly ? 'readonly' : 'export';
    if (args.length === 0 || opts.includes('p')) {
      for (const n of sortedVars(sh, set)) {
        const v = sh.vars.get(n);
        ctx.stdout.write(v === undefined ? `${word} ${n}\n` : `${word} ${n}=${singleQuote(v)}\n`);
      }
      return 0;
    }
    for (const a of args) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      if (!goodName(name)) fail(ctx, `${name}: bad variable name`);
      if (eq >= 0) {
        const err = sh.setVar(name, a.slice(eq + 1));
        if (err) fail(ctx, err);
      }
      set.add(name);
    }
    return 0;
  };
}

/** `set` with options: `-eux`, `+x`, `-o name`, `-o`/`+o` listings; `--` and `-` end them. Returns the arguments left. */
function setOptions(ctx: CommandContext, args: string[]): string[] | undefined {
  const sh = ctx.shell;
  while (args[0] !== undefined && /^[-+]/.test(args[0])) {
    const a = args.shift() ?? '';
    if (a === '--') return args;
    if (a === '-') {
      sh.options.xtrace = false;
      sh.options.verbose = false;
      return args;
    }
    if (a === '+') continue;
    const on = a.startsWith('-');
    for (const c of a.slice(1)) {
      if (c === 'o') {
        const name = args.shift();
        if (name === undefined) {
          if (on) ctx.stdout.write(`Current option settings\n${OPTIONS.map(([n]) => `${n.padEnd(16)}${optionOn(sh, n) ? 'on' : 'off'}\n`).join('')}`);
          else ctx.stdout.write(OPTIONS.map(([n]) => `set ${optionOn(sh, n) ? '-o' : '+o'} ${n}\n`).join(''));
          continue;
        }
        const o = OPTIONS.find(([n]) => n === name);
        if (!o) fail(ctx, `Illegal option -o ${name}`);
        sh.options[o[0]] = on;
        continue;
      }
      const o = OPTIONS.find(([, l]) => l === c && l !== '');
      if (!o) fail(ctx, `Illegal option ${on ? '-' : '+'}${c}`);
      sh.options[o[0]] = on;
    }
  }
  return args.length > 0 ? args : undefined;
}

function optionOn(sh: Shell, n: OptionName): boolean {
  return n === 'interactive' ? sh.interactive : sh.options[n];
}

/** decode_signal: a signal by number or name (EXIT is 0; no SIG prefix), case-insensitive; -1 if none. */
function decodeSignal(s: string): number {
  if (/^[0-9]+$/.test(s)) return Number(s) < 65 ? Number(s) : -1;
  const u = s.toUpperCase();
  if (u === 'EXIT') return 0;
  const i = SIGNALS.indexOf(u);
  return i > 0 ? i : -1;
}

/** describe_command: what a name is, for `type`, `command -v` and `command -V` (127 when nothing). */
function describe(ctx: CommandContext, name: string, verbose: boolean): number {
  const sh = ctx.shell;
  const out = (short: string, long: string): number => {
    ctx.stdout.write(`${verbose ? long : short}\n`);
    return 0;
  };
  if (KEYWORDS.has(name)) return out(name, `${name} is a shell keyword`);
  if (name.includes('/')) {
    if (sh.lookupCommand(name)) return out(name, `${name} is ${name}`);
  } else if (sh.functions.has(name)) return out(name, `${name} is a shell function`);
  else {
    const d = sh.machine.commands.get(name);
    if (d?.builtin) return out(name, `${name} is a ${SPECIAL_BUILTINS.has(name) ? 'special ' : ''}shell builtin`);
    if (d) {
      // find_command puts the program in the hash table: the next description calls it a tracked alias.
      const path = sh.programPath(name);
      const tracked = sh.hashed.has(name);
      sh.hashed.add(name);
      return out(path, tracked ? `${name} is a tracked alias for ${path}` : `${name} is ${path}`);
    }
  }
  if (verbose) ctx.stdout.write(`${name}: not found\n`);
  return 127;
}

const KEYWORDS = new Set(['!', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'if', 'in', 'then', 'until', 'while', '{', '}']);

/** getopts: dash's getopts() over the arguments, OPTIND and the offset in the current word. */
function getopts(ctx: CommandContext): number {
  const sh = ctx.shell;
  const [, optstr, optvar, ...rest] = ctx.argv;
  if (optstr === undefined || optvar === undefined) fail(ctx, 'Usage: getopts optstring var [arg...]');
  const args = ctx.argv.length > 3 ? rest : sh.params;
  const set = (n: string, v: string): void => {
    const err = sh.setVar(n, v);
    if (err) fail(ctx, err);
  };
  if (sh.optind > args.length + 1) {
    sh.optind = 1;
    sh.optoff = -1;
  }
  if (sh.optind < 1) return 1;
  let next = sh.optind - 1;
  const prev = args[next - 1];
  let word = sh.optind <= 1 || sh.optoff < 0 || prev === undefined || prev.length < sh.optoff ? undefined : prev;
  let p = word === undefined ? 0 : sh.optoff;
  let done = 0;
  let c = '?';
  const finish = (): number => {
    sh.optoff = word === undefined ? -1 : p;
    sh.optind = next + 1;
    set('OPTIND', String(sh.optind));
    sh.optoff = word === undefined ? -1 : p;
    set(optvar, c);
    return done;
  };
  if (word === undefined || p >= word.length) {
    const w = args[next];
    if (w === undefined || !w.startsWith('-') || w === '-') {
      word = undefined;
      done = 1;
      return finish();
    }
    next++;
    if (w === '--') {
      word = undefined;
      done = 1;
      return finish();
    }
    word = w;
    p = 1;
  }
  c = word[p++] ?? '';
  const at = optstr.indexOf(c);
  if (c === ':' || at < 0) {
    if (optstr.startsWith(':')) set('OPTARG', c);
    else {
      ctx.stderr.write(`Illegal option -${c}\n`);
      sh.unsetVar('OPTARG');
    }
    c = '?';
    return finish();
  }
  if (optstr[at + 1] === ':') {
    if (p >= word.length) {
      const arg = args[next];
      if (arg === undefined) {
        if (optstr.startsWith(':')) {
          set('OPTARG', c);
          c = ':';
        } else {
          ctx.stderr.write(`No arg for -${c} option\n`);
          sh.unsetVar('OPTARG');
          c = '?';
        }
        return finish();
      }
      next++;
      set('OPTARG', arg);
    } else set('OPTARG', word.slice(p));
    word = undefined;
  } else set('OPTARG', '');
  return finish();
}

/** read: a line of standard input, backslashes (without -r) escaping and continuing lines, split into the variables. */
async function read(ctx: CommandContext): Promise<number> {
  const sh = ctx.shell;
  const { opts, args } = nextopt(ctx, 'pr');
  const raw = opts.includes('r');
  if (opts.includes('p') && ctx.argv.indexOf('-p') >= 0) args.shift();
  if (args.length === 0) fail(ctx, 'arg count');
  const chunks: Chunk[] = [];
  let text = '';
  let status = 0;
  for (;;) {
    const line = await ctx.stdin.readLine();
    if (line === null) {
      status = 1;
      break;
    }
    const body = line.endsWith('\n') ? line.slice(0, -1) : line;
    let cont = false;
    for (let i = 0; i < body.length; i++) {
      const c = body[i] ?? '';
      if (!raw && c === '\\') {
        if (i + 1 >= body.length) {
          cont = line.endsWith('\n');
          break;
        }
        if (text !== '') chunks.push({ text, quoted: false, split: true });
        text = '';
        chunks.push({ text: body[++i] ?? '', quoted: false, split: false });
        continue;
      }
      text += c;
    }
    if (!line.endsWith('\n')) status = 1;
    if (!cont || !line.endsWith('\n')) break;
  }
  if (text !== '') chunks.push({ text, quoted: false, split: true });
  const fields = ifsBreakup(chunks, sh.param('IFS') ?? DEFAULT_IFS, args.length);
  args.forEach((name, i) => {
    const err = sh.setVar(name, (fields[i] ?? []).map((c) => c.text).join(''));
    if (err) fail(ctx, err);
  });
  return status;
}

export const LANG_BUILTINS: readonly CommandDef[] = [
  def('set', 'Set options (-e -u -x -f -C -a -v -n, -o name; + turns off) and the positional parameters (set -- args); alone, list the variables.', 'set [-eufxvnCa] [-o option] [--] [argument...]', (ctx) => {
    const sh = ctx.shell;
    if (ctx.argv.length === 1) {
      for (const n of sortedVars(sh, sh.vars.keys())) ctx.stdout.write(`${n}=${singleQuote(sh.vars.get(n) ?? '')}\n`);
      return 0;
    }
    const args = ctx.argv.slice(1);
    const hadEnd = args.includes('--') || args.includes('-');
    const rest = setOptions(ctx, args);
    if (rest !== undefined || hadEnd) sh.params = [...(rest ?? [])];
    return 0;
  }),
  def('shift', 'Shift the positional parameters by n (default 1).', 'shift [n]', (ctx) => {
    const n = ctx.argv[1] === undefined ? 1 : number(ctx, ctx.argv[1]);
    if (n > ctx.shell.params.length) fail(ctx, "can't shift that many");
    ctx.shell.params = ctx.shell.params.slice(n);
    return 0;
  }),
  def('export', 'Mark variables for the environment of the commands run (NAME or NAME=value); -p or nothing: list them.', 'export [-p] [name[=value]...]', exportLike(false)),
  def('readonly', 'Make variables read-only (NAME or NAME=value); -p or nothing: list them.', 'readonly [-p] [name[=value]...]', exportLike(true)),
  def('unset', 'Remove variables (-v, the default) or functions (-f).', 'unset [-f] [-v] name...', (ctx) => {
    const sh = ctx.shell;
    const { opts, args } = nextopt(ctx, 'fv');
    for (const a of args) {
      if (opts.includes('f')) {
        sh.functions.delete(a);
        continue;
      }
      if (!goodName(a)) fail(ctx, `${a}: bad variable name`);
      const err = sh.unsetVar(a);
      if (err) fail(ctx, err);
    }
    return 0;
  }),
  def('local', 'Make variables local to the function (NAME or NAME=value).', 'local name[=value]...', (ctx) => {
    const sh = ctx.shell;
    if (sh.locals.length === 0) fail(ctx, 'not in a function');
    for (const a of ctx.argv.slice(1)) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      if (!goodName(name)) fail(ctx, `${name}: bad variable name`);
      sh.makeLocal(name);
      if (eq >= 0) {
        const err = sh.setVar(name, a.slice(eq + 1));
        if (err) fail(ctx, err);
      }
    }
    return 0;
  }),
  def('return', 'Return from a function or a dot script with the status given (default: that of the last command).', 'return [n]', (ctx) => {
    throw new FunctionReturn(ctx.argv[1] === undefined ? ctx.shell.status : number(ctx, ctx.argv[1]));
  }),
  def('break', 'Leave the n innermost loops (default 1).', 'break [n]', loopControl(false)),
  def('continue', 'Go on with the next iteration of the n-th innermost loop (default 1).', 'continue [n]', loopControl(true)),
  def('eval', 'Run the arguments, joined by blanks, as commands of this shell.', 'eval [argument...]', (ctx) => {
    const src = ctx.argv.slice(1).join(' ');
    if (src === '') return 0;
    return ctx.shell.source(src, ctx, 'eval', ctx.shell.builtinFlags & EV_TESTED, false);
  }),
  def('.', 'Run the commands of a file in this shell (a name without a slash is searched in PATH).', '. file', (ctx) => {
    const sh = ctx.shell;
    const file = ctx.argv[1];
    if (file === undefined) return 0;
    let path = file;
    if (!file.includes('/')) {
      const found = (sh.param('PATH') ?? '').split(':').map((d) => `${d === '' ? '.' : d}/${file}`).find((p) => {
        try {
          sh.machine.readFile(ctx.task, p);
          return true;
        } catch {
          return false;
        }
      });
      if (found === undefined) fail(ctx, `${file}: not found`);
      path = found;
    }
    let text: string;
    try {
      text = sh.machine.readFile(ctx.task, path);
    } catch {
      return fail(ctx, `cannot open ${path}: No such file`);
    }
    return sh.source(text, ctx, path, 0, true);
  }),
  def('trap', 'Run a command when the shell gets a signal or exits (EXIT, INT, TERM, ...); - resets; alone, list the traps.', 'trap [action signal...]', (ctx) => {
    const sh = ctx.shell;
    const { args } = nextopt(ctx, '');
    if (args.length === 0) {
      for (const [sig, action] of [...sh.traps].sort(([a], [b]) => a - b)) ctx.stdout.write(`trap -- ${singleQuote(action)} ${sig === 0 ? 'EXIT' : (SIGNALS[sig] ?? String(sig))}\n`);
      return 0;
    }
    const action = /^[0-9]+$/.test(args[0] ?? '') ? '-' : (args.shift() ?? '-');
    let status = 0;
    for (const a of args) {
      const sig = decodeSignal(a);
      if (sig < 0) {
        ctx.stderr.write(`trap: ${a}: bad trap\n`);
        status = 1;
        continue;
      }
      if (action === '-') sh.traps.delete(sig);
      else sh.traps.set(sig, action);
      if (sig > 0) sh.setSigaction(ctx.task, sig, action === '-' ? 'default' : action === '' ? 'ignore' : 'handle');
    }
    return status;
  }),
  def('command', 'Run a command without looking up functions; -v: say how a name would be found, -V: describe it.', 'command [-p] [-v|-V] command [argument...]', (ctx) => {
    const { opts, args } = nextopt(ctx, 'pvV');
    const name = args[0];
    if (name === undefined) return 0;
    return describe(ctx, name, opts.includes('V'));
  }),
  def('type', 'Say what each name is: a keyword, a function, a builtin, or the program\'s path.', 'type name...', (ctx) => {
    let status = 0;
    for (const n of ctx.argv.slice(1)) if (describe(ctx, n, true) !== 0) status = 127;
    return status;
  }),
  def('read', 'Read a line of standard input into variables (split on IFS, the last takes the rest); -r: backslashes are characters.', 'read [-p prompt] [-r] name...', read),
  def('getopts', 'Parse the options of the positional parameters (or the arguments), one per call: the letter in the variable, its argument in OPTARG.', 'getopts optstring var [arg...]', getopts),
  def('umask', 'Print or set the file mode creation mask (-S: symbolically).', 'umask [-S] [mask]', (ctx) => {
    const sh = ctx.shell;
    const { opts, args } = nextopt(ctx, 'S');
    const mask = args[0];
    if (mask === undefined) {
      const m = sh.umask;
      if (opts.includes('S')) {
        const who = (shift: number): string => ['r', 'w', 'x'].filter((_, i) => ((~m >> shift) & (4 >> i)) !== 0).join('');
        ctx.stdout.write(`u=${who(6)},g=${who(3)},o=${who(0)}\n`);
      } else ctx.stdout.write(`${m.toString(8).padStart(4, '0')}\n`);
      return 0;
    }
    if (!/^[0-7]+$/.test(mask)) fail(ctx, `Illegal mode: ${mask}`);
    sh.umask = parseInt(mask, 8) & 0o777;
    return 0;
  }),
  def('times', 'Print the user and system times of the shell and of its children (the model keeps none: zeros).', 'times', (ctx) => {
    ctx.stdout.write('0m0.000000s 0m0.000000s\n0m0.000000s 0m0.000000s\n');
    return 0;
  }),
];

/** break and continue: `n` loops, at most those there are (none: nothing happens). */
function loopControl(isContinue: boolean) {
  return (ctx: CommandContext): number => {
    const n = ctx.argv[1] === undefined ? 1 : number(ctx, ctx.argv[1]);
    if (n <= 0) fail(ctx, `Illegal number: ${ctx.argv[1] ?? ''}`);
    const count = Math.min(n, ctx.shell.loopDepth);
    if (count > 0) throw new LoopControl(count, isContinue);
    return 0;
  };
}
