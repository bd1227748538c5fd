/**
 * Word expansion, as dash does it (src/expand.c `argstr`, `evalvar`,
 * `varvalue`, `subevalvar`, `expbackq`, `expari`, `exptilde`,
 * `ifsbreakup`, `expandmeta`): tilde expansion, parameters with every
 * `${...}` operator, command substitution, arithmetic, then field splitting
 * on `$IFS` of what expansions gave (not of the literal text), then
 * pathname expansion of the fields with unquoted pattern characters.
 *
 * A word expands to chunks, each remembering whether it was quoted (its
 * pattern characters are literal) and whether it may be split; `"$@"`
 * puts field breaks between the parameters.
 */
import { ArithError, arith } from './arith.ts';
import type { List, Word, WordPart } from './ast.ts';
import { escapeGlob, expandPathname, hasMeta, removePattern } from './glob.ts';
import type { GlobFs } from './glob.ts';

/** What expansion needs of the shell. */
export interface ExpandContext {
  /** A parameter's value (`1`, `#`, `?`, a variable); undefined when unset. */
  param(name: string): string | undefined;
  readonly params: readonly string[];
  /** Assigns a variable (`${x=w}`, `$((x=1))`); throws, after dash's message, for a read-only one. */
  setVar(name: string, value: string): void;
  /** `set -u` */
  readonly nounset: boolean;
  /** `set -f` */
  readonly noglob: boolean;
  /** `$(...)`: the output of the list run in a subshell. */
  commandSubstitution(body: List): Promise<string>;
  /** Prints `sh: LINE: message` and ends the expansion (an error: status 2, the end of a non-interactive shell). */
  fail(message: string): never;
  readonly fs: GlobFs;
}

/** A run of text of an expanded word. */
export interface Chunk {
  readonly text: string;
  /** Quoted: its pattern characters are literal, and it makes a field even when empty. */
  readonly quoted: boolean;
  /** The result of an unquoted expansion: field splitting applies. */
  readonly split: boolean;
}

/** A field break (between the parameters of `"$@"`). */
const BREAK = { text: '', quoted: false, split: false, brk: true } as const;
type Item = Chunk | typeof BREAK;

/** IFS when it is unset (dash's defifs), and its white space. */
export const DEFAULT_IFS = ' \t\n';

/**
 * ifsbreakup: the fields of expanded chunks, split on `ifs` where they
 * may be (dash 0.5.12's rules: IFS white space at the start of a field is
 * skipped, a run of white space with at most one other IFS character is
 * one separator, each other IFS character ends a field, an empty rest is no
 * field). With `maxargs` (read), the last field takes the rest of the line
 * without its trailing IFS white space (and a last lone separator).
 */
export function ifsBreakup(items: readonly Item[], ifs: string, maxargs = -1): Chunk[][] {
  const fields: Chunk[][] = [];
  let cur: Chunk[] = [];
  let text = '';
  let nonEmpty = false;
  let left = maxargs;
  /** Where the trailing separators of the last field begin (read), as an offset in its text. */
  let r: number | null = null;
  const curLength = (): number => cur.reduce((n, c) => n + c.text.length, 0) + text.length;
  const flush = (): void => {
    if (text !== '') cur.push({ text, quoted: false, split: true });
    text = '';
  };
  const emit = (): void => {
    flush();
    fields.push(cur);
    cur = [];
    nonEmpty = false;
  };
  for (const item of items) {
    if ('brk' in item) {
      flush();
      if (nonEmpty) emit();
      cur = [];
      continue;
    }
    if (!item.split || ifs === '') {
      flush();
      cur.push(item);
      if (item.quoted || item.text !== '') nonEmpty = true;
      continue;
    }
    let ifsspc = false;
    for (const c of item.text) {
      const isifs = ifs.includes(c);
      const isdef = isifs && DEFAULT_IFS.includes(c);
      if (left === 0) {
        if (isdef) {
          if (r === null) r = curLength();
        } else {
          if (!(isifs && ifsspc)) r = null;
          ifsspc = false;
        }
        text += c;
        nonEmpty = true;
        continue;
      }
      if (ifsspc && isifs) {
        if (!isdef) ifsspc = false;
        continue;
      }
      if (isifs) {
        ifsspc = isdef;
        if (!nonEmpty && ifsspc) {
          ifsspc = false;
          continue;
        }
        if (left > 0 && --left === 0) {
          r = curLength();
          text += c;
          nonEmpty = true;
          continue;
        }
        emit();
        continue;
      }
      ifsspc = false;
      text += c;
      nonEmpty = true;
    }
    flush();
  }
  flush();
  if (r !== null) {
    const whole = cur.map((c) => c.text).join('').slice(0, r);
    cur = whole === '' ? [] : [{ text: whole, quoted: false, split: true }];
    nonEmpty = whole !== '';
  }
  if (nonEmpty) fields.push(cur);
  return fields;
}

/** Length in bytes, as dash counts (it is not multibyte-aware). */
function byteLength(s: string): number {
  let n = 0;
  for (const c of s) {
    const cp = c.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The word expander of one command. */
export class Expander {
  private readonly ctx: ExpandContext;

  constructor(ctx: ExpandContext) {
    this.ctx = ctx;
  }

  private ifs(): string {
    return this.ctx.param('IFS') ?? DEFAULT_IFS;
  }

  /** Words into fields: expansions, field splitting, pathname expansion (a command's arguments, a for list). */
  async fields(words: readonly Word[]): Promise<string[]> {
    const out: string[] = [];
    for (const w of words) {
      const items = await this.items(w.parts, { tilde: 'word', inArg: false, split: true });
      for (const field of this.splitFields(items)) out.push(...this.glob(field));
    }
    return out;
  }

  /** One word as one string, without splitting or pathname expansion (an assignment, a redirection target, a here-document). */
  async string(word: Word, assignment = false): Promise<string> {
    const items = await this.items(word.parts, { tilde: assignment ? 'assign' : 'word', inArg: false, split: false });
    return items.map((c) => c.text).join('');
  }

  /** A word as a pattern (a case pattern, `${x#pattern}`): quoted characters escaped. */
  async pattern(word: Word): Promise<string> {
    const items = await this.items(word.parts, { tilde: 'word', inArg: false, split: false });
    return items.map((c) => (c.quoted ? escapeGlob(c.text) : c.text)).join('');
  }

  /** expandmeta of one field: its matches, or the field itself. */
  private glob(field: readonly Chunk[]): string[] {
    const text = field.map((c) => c.text).join('');
    if (this.ctx.noglob || !field.some((c) => !c.quoted && hasMeta(c.text))) return [text];
    const pattern = field.map((c) => (c.quoted ? escapeGlob(c.text) : c.text)).join('');
    const matches = expandPathname(pattern, this.ctx.fs);
    return matches.length > 0 ? matches : [text];
  }

  /** ifsbreakup: the fields of a word's chunks. */
  private splitFields(items: readonly Item[]): Chunk[][] {
    return ifsBreakup(items, this.ifs());
  }

  /** argstr: the chunks of a word's parts. */
  private async items(parts: readonly WordPart[], how: { tilde: 'word' | 'assign' | 'none'; inArg: boolean; split: boolean }): Promise<Item[]> {
    const out: Item[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as WordPart;
      if (part.kind === 'lit') {
        if (part.quoted) out.push({ text: part.text, quoted: true, split: false });
        else this.literal(out, part.text, i === 0 ? how.tilde : how.tilde === 'assign' ? 'assign-rest' : 'none', how.inArg, parts.length === 1);
        continue;
      }
      if (part.kind === 'param') {
        await this.param(out, part, how.split);
        continue;
      }
      if (part.kind === 'cmdsub') {
        const text = (await this.ctx.commandSubstitution(part.body)).replace(/\n+$/, '');
        out.push({ text, quoted: part.quoted, split: !part.quoted });
        continue;
      }
      const expr = (await this.items(part.body.parts, { tilde: 'none', inArg: false, split: false })).map((c) => c.text).join('');
      let value: bigint;
      try {
        value = arith(expr, { get: (n) => this.ctx.param(n), set: (n, v) => this.ctx.setVar(n, v) });
      } catch (e) {
        if (e instanceof ArithError) this.ctx.fail(e.message);
        throw e;
      }
      out.push({ text: String(value), quoted: part.quoted, split: !part.quoted });
    }
    return out;
  }

  /** Unquoted literal text, with its tilde prefixes (exptilde: `~` and `~root`; in an assignment after `=` and each `:`). */
  private literal(out: Item[], text: string, tilde: 'word' | 'assign' | 'assign-rest' | 'none', inArg: boolean, whole: boolean): void {
    const push = (t: string): void => {
      if (t !== '') out.push({ text: t, quoted: false, split: inArg });
    };
    if (tilde === 'none') return push(text);
    const segments = tilde === 'word' ? [text] : text.split(':');
    segments.forEach((seg, i) => {
      if (i > 0) push(':');
      if ((tilde === 'assign-rest' && i === 0) || !seg.startsWith('~')) return push(seg);
      const slash = seg.indexOf('/');
      const user = seg.slice(1, slash < 0 ? undefined : slash);
      if (slash < 0 && !whole && i === segments.length - 1) return push(seg);
      const home = user === '' ? this.ctx.param('HOME') : user === 'root' ? '/root' : undefined;
      if (home === undefined) return push(seg);
      out.push({ text: home, quoted: true, split: false });
      push(slash < 0 ? '' : seg.slice(slash));
    });
  }

  /** evalvar: a parameter expansion's chunks. */
  private async param(out: Item[], part: Extract<WordPart, { kind: 'param' }>, split: boolean): Promise<void> {
    const { name, op, quoted } = part;
    if (op === 'bad') this.ctx.fail('Bad substitution');
    const positional = name === '@' || name === '*';
    const value = this.ctx.param(name);
    const set = positional ? this.ctx.params.length > 0 : value !== undefined;
    const usable = op !== undefined && op.startsWith(':') ? set && (positional ? this.ctx.params.join(' ') !== '' : value !== '') : set;
    const argItems = async (): Promise<Item[]> => (part.arg ? this.items(part.arg.parts, { tilde: 'word', inArg: !quoted, split }) : []);
    const argString = async (): Promise<string> => (await argItems()).map((c) => c.text).join('');
    switch (op) {
      case '-':
      case ':-':
        if (!usable) return void out.push(...(await argItems()));
        break;
      case '+':
      case ':+':
        if (usable) out.push(...(await argItems()));
        return;
      case '=':
      case ':=':
        if (!usable) {
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) this.ctx.fail(`${name}: bad variable name`);
          const v = await argString();
          this.ctx.setVar(name, v);
          out.push({ text: v, quoted, split: !quoted });
          return;
        }
        break;
      case '?':
      case ':?':
        if (!usable) {
          const msg = await argString();
          this.ctx.fail(`${name}: ${msg !== '' ? msg : op === '?' ? 'parameter not set' : 'parameter not set or null'}`);
        }
        break;
      case 'len': {
        if (!set && this.ctx.nounset && !positional && !'#?$!-0'.includes(name)) this.ctx.fail(`${name}: parameter not set`);
        const v = positional ? this.ctx.params.join(' ') : (value ?? '');
        out.push({ text: String(byteLength(v)), quoted, split: !quoted });
        return;
      }
      case '#':
      case '##':
      case '%':
      case '%%': {
        if (!set && this.ctx.nounset) this.ctx.fail(`${name}: parameter not set`);
        const pattern = part.arg ? await this.pattern(part.arg) : '';
        const v = positional ? this.ctx.params.join(' ') : (value ?? '');
        out.push({ text: removePattern(v, pattern, op), quoted, split: !quoted });
        return;
      }
      default:
        if (!set && this.ctx.nounset && !positional && name !== '!') this.ctx.fail(`${name}: parameter not set`);
    }
    if (positional) return this.positional(out, name, quoted, split);
    out.push({ text: value ?? '', quoted, split: !quoted });
  }

  /** `$@` and `$*`: `"$@"` one field per parameter (none without parameters), `"$*"` joined by the first character of IFS. */
  private positional(out: Item[], name: string, quoted: boolean, split: boolean): void {
    const params = this.ctx.params;
    if (quoted && name === '*') {
      const ifs = this.ctx.param('IFS');
      const sep = ifs === undefined ? ' ' : (ifs[0] ?? '');
      out.push({ text: params.join(sep), quoted: true, split: false });
      return;
    }
    if (!split) {
      out.push({ text: params.join(' '), quoted, split: false });
      return;
    }
    params.forEach((p, i) => {
      if (i > 0) out.push(BREAK);
      out.push({ text: p, quoted, split: !quoted });
    });
  }
}
