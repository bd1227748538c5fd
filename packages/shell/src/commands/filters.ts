/**
 * The text filters scripts pipe into, as GNU grep 3.8, sed 4.9 and
 * coreutils 9.1 behave for the options modelled: grep (-v -c -q -i -E -F -w
 * -x -n -o), sed (s/re/rep/[g] and -n with p, -e, several scripts), cut
 * (-d -f -c), head and tail (-n), sort (-n -r -u), wc (-l -w -c). Input is
 * the files named, or standard input.
 */
import { KernelError } from '@nsproxy/core';
import { optionValue, parseOrExit } from '../command.ts';
import type { CommandContext, CommandDef, ParsedArgs } from '../command.ts';
import { readAll } from '../io.ts';
import { strerror } from '../machine.ts';

/** The text of the files (or stdin); a file that cannot be read is reported (`tool: f: No such file or directory`) and skipped. */
async function inputs(ctx: CommandContext, tool: string, files: readonly string[]): Promise<{ texts: { name: string; text: string }[]; failed: boolean }> {
  const texts: { name: string; text: string }[] = [];
  let failed = false;
  for (const f of files.length === 0 ? ['-'] : files) {
    if (f === '-') {
      texts.push({ name: '(standard input)', text: await readAll(ctx.stdin) });
      continue;
    }
    try {
      texts.push({ name: f, text: ctx.machine.readFile(ctx.task, f) });
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      ctx.stderr.write(`${tool}: ${f}: ${strerror(e)}\n`);
      failed = true;
    }
  }
  return { texts, failed };
}

function lines(text: string): string[] {
  if (text === '') return [];
  const xs = text.split('\n');
  if (xs[xs.length - 1] === '') xs.pop();
  return xs;
}

/** A POSIX basic regular expression as a JavaScript one (the common subset: `\(`, `\)`, `\{`, `\}`, `\|`, `\+`, `\?` and their literal counterparts). */
export function breToJs(re: string): string {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i] ?? '';
    if (c === '\\' && i + 1 < re.length) {
      const d = re[++i] ?? '';
      if ('(){}|+?'.includes(d)) out += d;
      else out += `\\${d}`;
      continue;
    }
    if ('(){}|+?'.includes(c)) out += `\\${c}`;
    else out += c;
  }
  return out;
}

function def(d: Omit<CommandDef, 'options'> & { options: CommandDef['options'] } & ThisType<CommandDef>): CommandDef {
  return { ...d, options: [...d.options, { long: 'help', help: 'display this help and exit' }] };
}

const has = (args: ParsedArgs, key: string): boolean => optionValue(args, key) !== undefined;

export const grepCommand: CommandDef = def({
  name: 'grep',
  summary: 'Print the lines that match the pattern (a basic regular expression; -E extended, -F fixed string). Status 0 if a line was selected, 1 if none, 2 on error.',
  usage: ['grep [OPTION]... PATTERNS [FILE]...'],
  options: [
    { short: 'E', long: 'extended-regexp', help: 'PATTERNS are extended regular expressions' },
    { short: 'F', long: 'fixed-strings', help: 'PATTERNS are strings' },
    { short: 'e', long: 'regexp', arg: 'required', argName: 'PATTERNS', help: 'use PATTERNS for matching' },
    { short: 'i', long: 'ignore-case', help: 'ignore case distinctions in patterns and data' },
    { short: 'w', long: 'word-regexp', help: 'match only whole words' },
    { short: 'x', long: 'line-regexp', help: 'match only whole lines' },
    { short: 'v', long: 'invert-match', help: 'select non-matching lines' },
    { short: 'c', long: 'count', help: 'print only a count of selected lines per FILE' },
    { short: 'n', long: 'line-number', help: 'print line number with output lines' },
    { short: 'o', long: 'only-matching', help: 'show only nonempty parts of lines that match' },
    { short: 'q', long: 'quiet', help: 'suppress all normal output' },
  ],
  models: 'GNU grep 3.8 grep(1)',
  async run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args === 1 ? 2 : args;
    const ops = [...args.operands];
    const e = optionValue(args, 'regexp');
    const pattern = typeof e === 'string' ? e : ops.shift();
    if (pattern === undefined) {
      ctx.stderr.write("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
      return 2;
    }
    let src = has(args, 'fixed-strings') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : has(args, 'extended-regexp') ? pattern : breToJs(pattern);
    if (has(args, 'word-regexp')) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
    if (has(args, 'line-regexp')) src = `^(?:${src})$`;
    let re: RegExp;
    try {
      re = new RegExp(src, has(args, 'ignore-case') ? 'gi' : 'g');
    } catch {
      ctx.stderr.write('grep: Unmatched ( or \\(\n');
      return 2;
    }
    const { texts, failed } = await inputs(ctx, 'grep', ops);
    let selected = 0;
    const many = texts.length > 1;
    for (const { name, text } of texts) {
      let count = 0;
      lines(text).forEach((line, i) => {
        re.lastIndex = 0;
        const match = re.test(line);
        if (match === has(args, 'invert-match')) return;
        count++;
        if (has(args, 'quiet') || has(args, 'count')) return;
        const prefix = `${many ? `${name}:` : ''}${has(args, 'line-number') ? `${i + 1}:` : ''}`;
        if (has(args, 'only-matching') && !has(args, 'invert-match')) {
          re.lastIndex = 0;
          for (const m of line.matchAll(re)) if (m[0] !== '') ctx.stdout.write(`${prefix}${m[0]}\n`);
        } else ctx.stdout.write(`${prefix}${line}\n`);
      });
      if (has(args, 'count') && !has(args, 'quiet')) ctx.stdout.write(`${many ? `${name}:` : ''}${count}\n`);
      selected += count;
    }
    if (failed && !has(args, 'quiet')) return 2;
    return selected > 0 ? 0 : failed ? 2 : 1;
  },
});

/** One `s/re/rep/flags` command of sed. */
interface SedSub {
  readonly re: RegExp;
  readonly rep: string;
  readonly print: boolean;
}

function parseSed(script: string, extended: boolean): SedSub[] | string {
  const subs: SedSub[] = [];
  for (const part of script.split(/\n|;(?=\s*s)/)) {
    const s = part.trim();
    if (s === '') continue;
    if (s[0] !== 's' || s.length < 2) return `-e expression #1, char ${s.length}: unknown command: \`${s[0] ?? ''}'`;
    const delim = s[1] ?? '/';
    const fields: string[] = [];
    let cur = '';
    let i = 2;
    for (; i < s.length && fields.length < 2; i++) {
      const c = s[i] ?? '';
      if (c === '\\' && s[i + 1] === delim) {
        cur += delim;
        i++;
      } else if (c === '\\') {
        cur += c + (s[i + 1] ?? '');
        i++;
      } else if (c === delim) {
        fields.push(cur);
        cur = '';
      } else cur += c;
    }
    if (fields.length < 2) return `-e expression #1, char ${s.length}: unterminated \`s' command`;
    const flags = s.slice(i);
    const [pat, rep] = fields as [string, string];
    let re: RegExp;
    try {
      re = new RegExp(extended ? pat : breToJs(pat), `${flags.includes('g') ? 'g' : ''}${flags.includes('I') || flags.includes('i') ? 'i' : ''}`);
    } catch {
      return `-e expression #1, char ${s.length}: Invalid regular expression`;
    }
    // sed's replacement: & the match, \1..\9 groups, \n newline.
    const jsRep = rep.replace(/\$/g, '$$$$').replace(/\\([0-9&n\\])|&/g, (m: string, g: string | undefined) => (m === '&' ? '$&' : g === '&' ? '&' : g === 'n' ? '\n' : g === '\\' ? '\\' : `$${g ?? ''}`));
    subs.push({ re, rep: jsRep, print: flags.includes('p') });
  }
  return subs;
}

export const sedCommand: CommandDef = def({
  name: 'sed',
  summary: 'A stream editor, for substitutions: s/REGEXP/REPLACEMENT/[gIp] (several separated by ; or given with -e), -n to print only what p prints, -E for extended expressions.',
  usage: ['sed [OPTION]... {script-only-if-no-other-script} [input-file]...'],
  options: [
    { short: 'n', long: 'quiet', help: 'suppress automatic printing of pattern space' },
    { short: 'e', long: 'expression', arg: 'required', argName: 'script', help: 'add the script to the commands to be executed' },
    { short: 'E', long: 'regexp-extended', help: 'use extended regular expressions in the script' },
    { short: 'r', help: 'use extended regular expressions in the script' },
  ],
  models: 'GNU sed 4.9 sed(1)',
  async run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    const ops = [...args.operands];
    const scripts = args.options.filter(([k]) => k === 'expression').map(([, v]) => v ?? '');
    if (scripts.length === 0) {
      const s = ops.shift();
      if (s === undefined) {
        ctx.stderr.write("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n");
        return 1;
      }
      scripts.push(s);
    }
    const subs = parseSed(scripts.join('\n'), has(args, 'regexp-extended') || has(args, 'r'));
    if (typeof subs === 'string') {
      ctx.stderr.write(`sed: ${subs}\n`);
      return 1;
    }
    const { texts, failed } = await inputs(ctx, 'sed', ops);
    for (const { text } of texts) {
      const ls = text.split('\n');
      const lastNl = text.endsWith('\n');
      if (lastNl) ls.pop();
      ls.forEach((line, i) => {
        let l = line;
        let printed = '';
        for (const s of subs) {
          s.re.lastIndex = 0;
          if (s.re.test(l)) {
            s.re.lastIndex = 0;
            l = l.replace(s.re, s.rep);
            if (s.print) printed += `${l}\n`;
          }
        }
        const nl = i < ls.length - 1 || lastNl ? '\n' : '';
        ctx.stdout.write(printed.replace(/\n$/, printed !== '' ? '\n' : '') + (has(args, 'quiet') ? '' : `${l}${nl}`));
      });
    }
    return failed ? 2 : 0;
  },
});

/** A cut LIST (`1,3-5,7-`) as a membership test (1-based). */
function cutList(list: string): ((n: number) => boolean) | undefined {
  const ranges: [number, number][] = [];
  for (const part of list.split(',')) {
    const m = /^([0-9]*)(-?)([0-9]*)$/.exec(part);
    if (!m || part === '' || part === '-') return undefined;
    const a = m[1] ? Number(m[1]) : 1;
    const b = m[2] ? (m[3] ? Number(m[3]) : Infinity) : a;
    if (a === 0) return undefined;
    ranges.push([a, b]);
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

export const cutCommand: CommandDef = def({
  name: 'cut',
  summary: 'Print selected parts of lines: fields (-f, split on -d, a tab by default; -s skips lines without one) or characters (-c).',
  usage: ['cut OPTION... [FILE]...'],
  options: [
    { short: 'd', long: 'delimiter', arg: 'required', argName: 'DELIM', help: 'use DELIM instead of TAB for field delimiter' },
    { short: 'f', long: 'fields', arg: 'required', argName: 'LIST', help: 'select only these fields' },
    { short: 'c', long: 'characters', arg: 'required', argName: 'LIST', help: 'select only these characters' },
    { short: 's', long: 'only-delimited', help: 'do not print lines not containing delimiters' },
  ],
  models: `GNU coreutils 9.1 cut(1)`,
  async run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    const f = optionValue(args, 'fields');
    const c = optionValue(args, 'characters');
    const listText = typeof f === 'string' ? f : typeof c === 'string' ? c : undefined;
    if (listText === undefined) {
      ctx.stderr.write("cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n");
      return 1;
    }
    const sel = cutList(listText);
    if (!sel) {
      ctx.stderr.write(`cut: invalid field value '${listText}'\nTry 'cut --help' for more information.\n`);
      return 1;
    }
    const d = optionValue(args, 'delimiter');
    const delim = typeof d === 'string' ? d : '\t';
    if (delim.length !== 1) {
      ctx.stderr.write("cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n");
      return 1;
    }
    const { texts, failed } = await inputs(ctx, 'cut', args.operands);
    for (const { text } of texts) {
      for (const line of lines(text)) {
        if (typeof c === 'string') {
          ctx.stdout.write(`${[...line].filter((_, i) => sel(i + 1)).join('')}\n`);
          continue;
        }
        if (!line.includes(delim)) {
          if (!has(args, 'only-delimited')) ctx.stdout.write(`${line}\n`);
          continue;
        }
        ctx.stdout.write(`${line.split(delim).filter((_, i) => sel(i + 1)).join(delim)}\n`);
      }
    }
    return failed ? 1 : 0;
  },
});

function headTail(name: 'head' | 'tail'): CommandDef {
  return def({
    name,
    summary: `Print the ${name === 'head' ? 'first' : 'last'} 10 lines of each file (-n N: N lines${name === 'tail' ? '; -n +N: from line N on' : ''}).`,
    usage: [`${name} [OPTION]... [FILE]...`],
    options: [{ short: 'n', long: 'lines', arg: 'required', argName: 'NUM', help: `print the ${name === 'head' ? 'first' : 'last'} NUM lines instead of the ${name === 'head' ? 'first' : 'last'} 10` }],
    models: `GNU coreutils 9.1 ${name}(1)`,
    async run(ctx) {
      // `head -3` is `head -n 3`.
      const argv = ctx.argv.map((a, i) => (i > 0 && /^-[0-9]+$/.test(a) ? `-n${a.slice(1)}` : a));
      const args = parseOrExit(this, { ...ctx, argv });
      if (typeof args === 'number') return args;
      const nText = optionValue(args, 'lines');
      const spec = typeof nText === 'string' ? nText : '10';
      if (!/^[+-]?[0-9]+$/.test(spec)) {
        ctx.stderr.write(`${name}: invalid number of lines: '${spec}'\n`);
        return 1;
      }
      const n = Number(spec.replace(/^[+-]/, ''));
      const { texts, failed } = await inputs(ctx, name, args.operands);
      texts.forEach(({ name: file, text }, i) => {
        if (texts.length > 1) ctx.stdout.write(`${i > 0 ? '\n' : ''}==> ${file} <==\n`);
        const ls = lines(text);
        let pick: string[];
        if (name === 'head') pick = spec.startsWith('-') ? ls.slice(0, Math.max(0, ls.length - n)) : ls.slice(0, n);
        else pick = spec.startsWith('+') ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-n);
        if (pick.length > 0) ctx.stdout.write(`${pick.join('\n')}\n`);
      });
      return failed ? 1 : 0;
    },
  });
}

export const headCommand: CommandDef = headTail('head');
export const tailCommand: CommandDef = headTail('tail');

export const sortCommand: CommandDef = def({
  name: 'sort',
  summary: 'Write the sorted lines of the files (byte order, as in the C locale; -n numeric, -r reversed, -u unique, -k N the Nth blank-separated field on).',
  usage: ['sort [OPTION]... [FILE]...'],
  options: [
    { short: 'n', long: 'numeric-sort', help: 'compare according to string numerical value' },
    { short: 'r', long: 'reverse', help: 'reverse the result of comparisons' },
    { short: 'u', long: 'unique', help: 'output only the first of an equal run' },
    { short: 'k', long: 'key', arg: 'required', argName: 'KEYDEF', help: 'sort via a key (a field number)' },
  ],
  models: 'GNU coreutils 9.1 sort(1)',
  async run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    const { texts, failed } = await inputs(ctx, 'sort', args.operands);
    if (failed) return 2;
    const all = texts.flatMap((t) => lines(t.text));
    const k = optionValue(args, 'key');
    const field = typeof k === 'string' ? Number(/^[0-9]+/.exec(k)?.[0] ?? '1') : 0;
    const key = (l: string): string => (field > 0 ? l.trim().split(/\s+/).slice(field - 1).join(' ') : l);
    const numeric = has(args, 'numeric-sort');
    const cmp = (a: string, b: string): number => {
      const ka = key(a);
      const kb = key(b);
      if (numeric) {
        const d = (Number.parseFloat(ka) || 0) - (Number.parseFloat(kb) || 0);
        if (d !== 0) return d;
        return field > 0 || numeric ? (a < b ? -1 : a > b ? 1 : 0) : 0;
      }
      return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
    };
    let out = [...all].sort(cmp);
    if (has(args, 'reverse')) out.reverse();
    if (has(args, 'unique')) out = out.filter((l, i) => i === 0 || cmp(out[i - 1] ?? '', l) !== 0);
    if (out.length > 0) ctx.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
});

export const wcCommand: CommandDef = def({
  name: 'wc',
  summary: 'Print newline, word and byte counts (-l, -w, -c: only those).',
  usage: ['wc [OPTION]... [FILE]...'],
  options: [
    { short: 'c', long: 'bytes', help: 'print the byte counts' },
    { short: 'l', long: 'lines', help: 'print the newline counts' },
    { short: 'w', long: 'words', help: 'print the word counts' },
  ],
  models: 'GNU coreutils 9.1 wc(1)',
  async run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    const { texts, failed } = await inputs(ctx, 'wc', args.operands);
    let which = (['lines', 'words', 'bytes'] as const).filter((w) => has(args, w));
    if (which.length === 0) which = ['lines', 'words', 'bytes'];
    const counts = texts.map(({ name, text }) => ({
      name,
      lines: (text.match(/\n/g) ?? []).length,
      words: text.split(/\s+/).filter((w) => w !== '').length,
      bytes: utf8Length(text),
    }));
    if (counts.length > 1) counts.push({ name: 'total', lines: counts.reduce((s, c) => s + c.lines, 0), words: counts.reduce((s, c) => s + c.words, 0), bytes: counts.reduce((s, c) => s + c.bytes, 0) });
    const fromStdin = args.operands.length === 0;
    // With one count from stdin, the number alone; else each right-aligned to the widest total (at least 7 for stdin, as wc does when it cannot stat).
    const width = fromStdin && which.length === 1 ? 1 : Math.max(fromStdin ? 7 : 1, ...counts.map((c) => String(c.bytes).length));
    for (const c of counts) {
      const nums = which.map((w) => String(c[w]).padStart(width)).join(' ');
      ctx.stdout.write(fromStdin ? `${nums}\n` : `${nums} ${c.name}\n`);
    }
    return failed ? 1 : 0;
  },
});

/** The length of a text in UTF-8 bytes. */
function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

export const FILTER_COMMANDS: readonly CommandDef[] = [grepCommand, sedCommand, cutCommand, headCommand, tailCommand, sortCommand, wcCommand];

