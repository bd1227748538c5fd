/**
 * The shell language, as Debian's /bin/sh (dash 0.5.12) parses it
 * (src/parser.c `list`, `andor`, `pipeline`, `command`, `simplecmd`,
 * `readtoken1`): lists with `;`, `&` and newlines, `&&` and `||`, pipelines
 * with `!`, simple commands with assignments and redirections, `( )` and
 * `{ }`, `if`, `while`, `until`, `for`; words with single and double quotes,
 * backslashes, `#` comments, `$name`, `${name}`, `${name:-word}`, `$?`,
 * `$!`, `$$`, `$#`, `$0`..`$9`, `$@`, `$*`, `$(...)` and backquotes.
 *
 * `parseCommand` reads one complete command (up to a newline at the top
 * level) and says when the text ends in the middle of one, so that a reader
 * can give it the next line, as dash's parser asks its input for more.
 */

/** A piece of a word before expansion. */
export type WordPart =
  | { readonly kind: 'lit'; readonly text: string; readonly quoted: boolean }
  | { readonly kind: 'param'; readonly name: string; readonly quoted: boolean; readonly op?: string; readonly arg?: Word }
  | { readonly kind: 'cmdsub'; readonly body: List; readonly quoted: boolean };

/** A word: its parts, and whether any part was quoted (an empty quoted word is a field). */
export interface Word {
  readonly parts: readonly WordPart[];
}

/** A redirection: `[fd]>word`, `>>`, `<`, `>&`, `<&`, `<>`, `>|`. */
export interface Redir {
  readonly fd: number;
  readonly op: '>' | '>>' | '<' | '>&' | '<&' | '<>' | '>|';
  readonly target: Word;
}

export interface SimpleCommand {
  readonly kind: 'simple';
  readonly assigns: readonly (readonly [string, Word])[];
  readonly words: readonly Word[];
  readonly redirs: readonly Redir[];
  /** The line the command starts on (dash's error messages name it). */
  readonly line: number;
}

export type CompoundCommand =
  | { readonly kind: 'subshell'; readonly body: List; readonly redirs: readonly Redir[]; readonly line: number }
  | { readonly kind: 'group'; readonly body: List; readonly redirs: readonly Redir[]; readonly line: number }
  | { readonly kind: 'if'; readonly clauses: readonly (readonly [List, List])[]; readonly otherwise: List | null; readonly redirs: readonly Redir[]; readonly line: number }
  | { readonly kind: 'while'; readonly until: boolean; readonly cond: List; readonly body: List; readonly redirs: readonly Redir[]; readonly line: number }
  | { readonly kind: 'for'; readonly name: string; readonly items: readonly Word[] | null; readonly body: List; readonly redirs: readonly Redir[]; readonly line: number };

export type Command = SimpleCommand | CompoundCommand;

export interface Pipeline {
  readonly bang: boolean;
  readonly commands: readonly Command[];
}

export interface AndOr {
  readonly first: Pipeline;
  readonly rest: readonly (readonly ['&&' | '||', Pipeline])[];
}

export interface ListItem {
  readonly andOr: AndOr;
  readonly background: boolean;
}

export type List = readonly ListItem[];

/** The text ends inside a command: more input is needed. */
export class Incomplete extends Error {
  override readonly name = 'Incomplete';
  /** What dash says if no more input comes (`end of file unexpected (expecting "fi")`). */
  readonly expecting: string;
  constructor(expecting: string) {
    super('incomplete command');
    this.expecting = expecting;
  }
}

/** A syntax error, with dash's text (`"&&" unexpected`) and its line. */
export class SyntaxError extends Error {
  override readonly name = 'SyntaxError';
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.line = line;
  }
}

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'in', '{', '}', '!', 'case', 'esac']);
const OPERATORS = ['&&', '||', ';;', '>>', '>&', '<&', '<>', '>|', '<<', ';', '&', '|', '(', ')', '<', '>', '\n'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Token =
  | { readonly t: 'op'; readonly op: string; readonly line: number }
  | { readonly t: 'word'; readonly word: Word; readonly raw: string; readonly plain: boolean; readonly line: number }
  | { readonly t: 'io'; readonly fd: number; readonly line: number }
  | { readonly t: 'eof'; readonly line: number };

/** The parser: a cursor over `src`, tokens read on demand (reserved words depend on the position). */
class Parser {
  private pos = 0;
  private line: number;
  private peeked: Token | null = null;

  private readonly src: string;
  private readonly nested: boolean;

  constructor(src: string, firstLine: number, nested = false) {
    this.src = src;
    this.nested = nested;
    this.line = firstLine;
  }

  get offset(): number {
    return this.peeked ? this.peekStart : this.pos;
  }
  private peekStart = 0;

  currentLine(): number {
    return this.line;
  }

  peek(): Token {
    if (!this.peeked) {
      const start = this.pos;
      const startLine = this.line;
      this.peeked = this.read();
      this.peekStart = start;
      this.peekLine = startLine;
    }
    return this.peeked;
  }
  private peekLine = 0;

  next(): Token {
    const t = this.peek();
    this.peeked = null;
    return t;
  }

  /** Puts back the peeked token (its text will be read again). */
  unpeek(): void {
    if (this.peeked) {
      this.pos = this.peekStart;
      this.line = this.peekLine;
      this.peeked = null;
    }
  }

  private read(): Token {
    // Blanks, comments, line continuations.
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') {
        this.pos += 2;
        this.line++;
      } else if (c === '#') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else break;
    }
    const line = this.line;
    if (this.pos >= this.src.length) return { t: 'eof', line };
    if (this.nested && this.src[this.pos] === ')') {
      // The end of a $(...) is the caller's to take.
      return { t: 'op', op: ')', line };
    }
    const m = /^[0-9]+(?=[<>])/.exec(this.src.slice(this.pos, this.pos + 12));
    if (m) {
      this.pos += m[0].length;
      return { t: 'io', fd: Number(m[0]), line };
    }
    for (const op of OPERATORS) {
      if (this.src.startsWith(op, this.pos)) {
        this.pos += op.length;
        if (op === '\n') this.line++;
        return { t: 'op', op, line };
      }
    }
    const start = this.pos;
    const word = this.readWord();
    const raw = this.src.slice(start, this.pos);
    const plain = word.parts.every((p) => p.kind === 'lit' && !p.quoted);
    return { t: 'word', word, raw, plain, line };
  }

  /** readtoken1: a word up to an unquoted blank or operator. */
  private readWord(): Word {
    const parts: WordPart[] = [];
    let lit = '';
    const flush = (): void => {
      if (lit !== '') parts.push({ kind: 'lit', text: lit, quoted: false });
      lit = '';
    };
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || c === ' ' || c === '\t' || c === '\n' || ';&|()<>'.includes(c)) break;
      if (c === '\\') {
        const d = this.src[this.pos + 1];
        if (d === undefined) {
          this.pos++;
          lit += '\\';
          continue;
        }
        if (d === '\n') {
          this.pos += 2;
          this.line++;
          continue;
        }
        flush();
        parts.push({ kind: 'lit', text: d, quoted: true });
        this.pos += 2;
        continue;
      }
      if (c === "'") {
        flush();
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) throw new Incomplete('quote');
        const text = this.src.slice(this.pos + 1, end);
        this.line += text.split('\n').length - 1;
        parts.push({ kind: 'lit', text, quoted: true });
        this.pos = end + 1;
        continue;
      }
      if (c === '"') {
        flush();
        this.pos++;
        this.readDouble(parts);
        continue;
      }
      if (c === '$' || c === '`') {
        const part = this.readDollar(false);
        if (part) {
          flush();
          parts.push(part);
          continue;
        }
        lit += c;
        this.pos++;
        continue;
      }
      lit += c;
      this.pos++;
    }
    flush();
    return { parts };
  }

  /** The inside of double quotes: `$`, backquote and `\` keep their meaning. */
  private readDouble(parts: WordPart[]): void {
    let lit = '';
    let any = false;
    const flush = (): void => {
      if (lit !== '' || !any) parts.push({ kind: 'lit', text: lit, quoted: true });
      any = true;
      lit = '';
    };
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) throw new Incomplete('quote');
      if (c === '"') {
        this.pos++;
        if (lit !== '' || !any) flush();
        return;
      }
      if (c === '\\') {
        const d = this.src[this.pos + 1];
        if (d === undefined) throw new Incomplete('quote');
        if (d === '\n') {
          this.pos += 2;
          this.line++;
          continue;
        }
        lit += '$`"\\'.includes(d) ? d : `\\${d}`;
        this.pos += 2;
        continue;
      }
      if (c === '$' || c === '`') {
        const part = this.readDollar(true);
        if (part) {
          if (lit !== '') flush();
          any = true;
          parts.push(part);
          continue;
        }
      }
      if (c === '\n') this.line++;
      lit += c;
      this.pos++;
    }
  }

  /** `$name`, `${...}`, `$(...)`, a backquoted command; undefined when the `$` is literal. */
  private readDollar(quoted: boolean): WordPart | undefined {
    const c = this.src[this.pos];
    if (c === '`') {
      let end = this.pos + 1;
      let body = '';
      for (;;) {
        const d = this.src[end];
        if (d === undefined) throw new Incomplete('backquote');
        if (d === '`') break;
        if (d === '\\' && '$`\\'.includes(this.src[end + 1] ?? '')) {
          body += this.src[end + 1];
          end += 2;
          continue;
        }
        body += d;
        end++;
      }
      this.pos = end + 1;
      return { kind: 'cmdsub', body: parseAll(body, this.line), quoted };
    }
    const d = this.src[this.pos + 1];
    if (d === '(') {
      if (this.src[this.pos + 2] === '(') throw new SyntaxError('arithmetic expansion $((...)) is not supported', this.line);
      const inner = new Parser(this.src, this.line, true);
      inner.pos = this.pos + 2;
      const body = inner.list(true);
      const close = inner.next();
      if (close.t === 'eof') throw new Incomplete('")"');
      if (close.t !== 'op' || close.op !== ')') throw inner.unexpected(close);
      this.pos = inner.pos + 1;
      this.line = inner.line;
      return { kind: 'cmdsub', body, quoted };
    }
    if (d === '{') {
      const end = this.src.indexOf('}', this.pos + 2);
      if (end < 0) throw new Incomplete('"}"');
      const inside = this.src.slice(this.pos + 2, end);
      this.pos = end + 1;
      const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?!$#@*-])(?:(:?[-=+?])(.*))?$/s.exec(inside);
      if (!m?.[1]) throw new SyntaxError(`\${${inside}}: Bad substitution`, this.line);
      if (m[2] !== undefined) {
        const arg = new Parser(m[3] ?? '', this.line).readWordAll();
        return { kind: 'param', name: m[1], quoted, op: m[2], arg };
      }
      return { kind: 'param', name: m[1], quoted };
    }
    if (d !== undefined && /[A-Za-z_]/.test(d)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos + 1));
      const name = m?.[0] ?? d;
      this.pos += 1 + name.length;
      return { kind: 'param', name, quoted };
    }
    if (d !== undefined && /[0-9?!$#@*-]/.test(d)) {
      this.pos += 2;
      return { kind: 'param', name: d, quoted };
    }
    return undefined;
  }

  /** The whole text as one word (for `${x:-word}`). */
  readWordAll(): Word {
    const parts: WordPart[] = [];
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '$' || c === '`') {
        const p = this.readDollar(false);
        if (p) {
          parts.push(p);
          continue;
        }
      }
      if (c === '"') {
        this.pos++;
        this.readDouble(parts);
        continue;
      }
      if (c === "'") {
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) throw new Incomplete('quote');
        parts.push({ kind: 'lit', text: this.src.slice(this.pos + 1, end), quoted: true });
        this.pos = end + 1;
        continue;
      }
      parts.push({ kind: 'lit', text: c ?? '', quoted: false });
      this.pos++;
    }
    return { parts };
  }

  unexpected(t: Token): SyntaxError {
    if (t.t === 'eof') return new SyntaxError('end of file unexpected', t.line);
    if (t.t === 'op') return new SyntaxError(t.op === '\n' ? 'newline unexpected' : `"${t.op}" unexpected`, t.line);
    if (t.t === 'io') return new SyntaxError(`"${t.fd}" unexpected`, t.line);
    return new SyntaxError(`"${t.raw}" unexpected`, t.line);
  }

  private isReserved(t: Token, word: string): boolean {
    return t.t === 'word' && t.plain && t.raw === word;
  }

  private skipNewlines(): void {
    for (;;) {
      const t = this.peek();
      if (t.t === 'op' && t.op === '\n') this.next();
      else return;
    }
  }

  /**
   * A list. At the top level (`inner` false) it ends at a newline; inside a
   * compound command it runs across newlines up to a reserved word or `)`.
   */
  list(inner: boolean, expecting = ''): List {
    const items: ListItem[] = [];
    if (inner) this.skipNewlines();
    for (;;) {
      const t = this.peek();
      if (t.t === 'eof') {
        if (inner && expecting) throw new Incomplete(expecting);
        break;
      }
      if (t.t === 'op' && (t.op === ')' || t.op === ';;')) break;
      if (t.t === 'word' && t.plain && ['then', 'else', 'elif', 'fi', 'do', 'done', '}', 'esac'].includes(t.raw)) break;
      if (t.t === 'op' && t.op === '\n') {
        if (!inner) break;
        this.next();
        continue;
      }
      const andOr = this.andOr();
      const sep = this.peek();
      let background = false;
      if (sep.t === 'op' && (sep.op === ';' || sep.op === '&')) {
        this.next();
        background = sep.op === '&';
      } else if (!(sep.t === 'eof' || (sep.t === 'op' && (sep.op === '\n' || sep.op === ')' || sep.op === ';;')) || (sep.t === 'word' && sep.plain && RESERVED.has(sep.raw)))) {
        throw this.unexpected(sep);
      }
      items.push({ andOr, background });
      if (!inner) {
        const after = this.peek();
        if (after.t === 'op' && after.op === '\n') break;
      }
    }
    return items;
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: ['&&' | '||', Pipeline][] = [];
    for (;;) {
      const t = this.peek();
      if (t.t === 'op' && (t.op === '&&' || t.op === '||')) {
        this.next();
        this.skipNewlinesOrMore(t.op);
        rest.push([t.op, this.pipeline()]);
      } else return { first, rest };
    }
  }

  /** After `&&`, `||`, `|`: newlines are skipped, and the end of the text means more is needed. */
  private skipNewlinesOrMore(op: string): void {
    this.skipNewlines();
    if (this.peek().t === 'eof') throw new Incomplete(`command after "${op}"`);
  }

  private pipeline(): Pipeline {
    let bang = false;
    if (this.isReserved(this.peek(), '!')) {
      this.next();
      bang = true;
    }
    const commands = [this.command()];
    for (;;) {
      const t = this.peek();
      if (t.t === 'op' && t.op === '|') {
        this.next();
        this.skipNewlinesOrMore('|');
        commands.push(this.command());
      } else return { bang, commands };
    }
  }

  private command(): Command {
    const t = this.peek();
    const line = t.line;
    if (t.t === 'op' && t.op === '(') {
      this.next();
      const body = this.list(true, '")"');
      this.expectOp(')', '")"');
      if (body.length === 0) throw this.unexpected({ t: 'op', op: ')', line });
      return { kind: 'subshell', body, redirs: this.redirs(), line };
    }
    if (t.t === 'word' && t.plain) {
      switch (t.raw) {
        case '{': {
          this.next();
          const body = this.list(true, '"}"');
          this.expectWord('}');
          return { kind: 'group', body, redirs: this.redirs(), line };
        }
        case 'if': {
          this.next();
          const clauses: [List, List][] = [];
          let otherwise: List | null = null;
          for (;;) {
            const cond = this.list(true, '"then"');
            this.expectWord('then');
            const body = this.list(true, '"fi"');
            clauses.push([cond, body]);
            const e = this.next();
            if (this.isReserved(e, 'elif')) continue;
            if (this.isReserved(e, 'else')) {
              otherwise = this.list(true, '"fi"');
              this.expectWord('fi');
            } else if (!this.isReserved(e, 'fi')) throw e.t === 'eof' ? new Incomplete('"fi"') : this.unexpected(e);
            break;
          }
          return { kind: 'if', clauses, otherwise, redirs: this.redirs(), line };
        }
        case 'while':
        case 'until': {
          this.next();
          const cond = this.list(true, '"do"');
          this.expectWord('do');
          const body = this.list(true, '"done"');
          this.expectWord('done');
          return { kind: 'while', until: t.raw === 'until', cond, body, redirs: this.redirs(), line };
        }
        case 'for': {
          this.next();
          const n = this.next();
          if (n.t !== 'word' || !NAME.test(n.raw)) throw n.t === 'eof' ? new Incomplete('"do"') : new SyntaxError(`Bad for loop variable`, n.line);
          let items: Word[] | null = null;
          this.skipNewlines();
          if (this.isReserved(this.peek(), 'in')) {
            this.next();
            items = [];
            for (;;) {
              const w = this.peek();
              if (w.t === 'word') {
                this.next();
                items.push(w.word);
              } else break;
            }
            const sep = this.next();
            if (sep.t === 'eof') throw new Incomplete('"do"');
            if (!(sep.t === 'op' && (sep.op === ';' || sep.op === '\n'))) throw this.unexpected(sep);
          } else if (this.peek().t === 'op' && (this.peek() as { op: string }).op === ';') this.next();
          this.skipNewlines();
          this.expectWord('do');
          const body = this.list(true, '"done"');
          this.expectWord('done');
          return { kind: 'for', name: n.raw, items, body, redirs: this.redirs(), line };
        }
        case 'then': case 'else': case 'elif': case 'fi': case 'do': case 'done': case '}': case 'in': case 'esac':
          throw this.unexpected(t);
        case 'case':
          throw new SyntaxError('"case" is not supported', t.line);
        default:
          break;
      }
    }
    return this.simple();
  }

  private expectWord(word: string): void {
    const t = this.next();
    if (this.isReserved(t, word)) return;
    if (t.t === 'eof') throw new Incomplete(`"${word}"`);
    throw this.unexpected(t);
  }

  private expectOp(op: string, expecting: string): void {
    const t = this.next();
    if (t.t === 'op' && t.op === op) return;
    if (t.t === 'eof') throw new Incomplete(expecting);
    throw this.unexpected(t);
  }

  private redirection(fd: number | undefined): Redir | undefined {
    const t = this.peek();
    if (t.t !== 'op' || !['>', '>>', '<', '>&', '<&', '<>', '>|'].includes(t.op)) return undefined;
    this.next();
    const target = this.next();
    if (target.t !== 'word') throw target.t === 'eof' ? this.unexpected({ t: 'eof', line: target.line }) : this.unexpected(target);
    const op = t.op as Redir['op'];
    return { fd: fd ?? (op.startsWith('<') && op !== '<>' ? 0 : op === '<>' ? 0 : 1), op, target: target.word };
  }

  private redirs(): Redir[] {
    const out: Redir[] = [];
    for (;;) {
      const t = this.peek();
      let fd: number | undefined;
      if (t.t === 'io') {
        this.next();
        fd = t.fd;
      }
      const r = this.redirection(fd);
      if (!r) return out;
      out.push(r);
    }
  }

  private simple(): SimpleCommand {
    const assigns: [string, Word][] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    const line = this.peek().line;
    for (;;) {
      const t = this.peek();
      if (t.t === 'io') {
        this.next();
        const r = this.redirection(t.fd);
        if (!r) throw this.unexpected(this.peek());
        redirs.push(r);
        continue;
      }
      if (t.t === 'op') {
        if (t.op === '<<') throw new SyntaxError('here-documents are not supported', t.line);
        const r = this.redirection(undefined);
        if (r) {
          redirs.push(r);
          continue;
        }
        if (t.op === '(' && words.length === 1) throw new SyntaxError('function definitions are not supported', t.line);
        break;
      }
      if (t.t !== 'word') break;
      if (words.length === 0) {
        const eq = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(t.raw);
        const first = t.word.parts[0];
        if (eq?.[1] && first?.kind === 'lit' && !first.quoted && first.text.startsWith(`${eq[1]}=`)) {
          this.next();
          const rest: WordPart[] = [{ kind: 'lit', text: first.text.slice(eq[1].length + 1), quoted: false }, ...t.word.parts.slice(1)];
          assigns.push([eq[1], { parts: rest }]);
          continue;
        }
      }
      this.next();
      words.push(t.word);
    }
    if (assigns.length === 0 && words.length === 0 && redirs.length === 0) throw this.unexpected(this.peek());
    return { kind: 'simple', assigns, words, redirs, line };
  }

  atEnd(): boolean {
    return this.peek().t === 'eof';
  }
}

/** Parses the whole of `src` (a `-c` string, the body of `$(...)`). Throws Incomplete or SyntaxError. */
export function parseAll(src: string, firstLine = 1): List {
  const p = new Parser(src, firstLine);
  const out: ListItem[] = [];
  for (;;) {
    while (p.peek().t === 'op' && (p.peek() as { op: string }).op === '\n') p.next();
    if (p.atEnd()) return out;
    const items = p.list(false);
    const t = p.peek();
    if (t.t === 'op' && t.op !== '\n') throw p.unexpected(t);
    if (t.t === 'word') throw p.unexpected(t);
    out.push(...items);
  }
}

/** One complete command of `src` and the offset after it (after its newline). */
export interface Parsed {
  readonly list: List;
  readonly end: number;
  readonly nextLine: number;
}

/**
 * Parses the next complete command of `src` from `offset` (dash's
 * `parsecmd`): a list up to a newline at the top level. Returns null at the
 * end of the text; throws Incomplete when the text ends inside the command.
 */
export function parseCommand(src: string, offset: number, line: number): Parsed | null {
  const p = new Parser(src.slice(offset), line);
  while (p.peek().t === 'op' && (p.peek() as { op: string }).op === '\n') p.next();
  if (p.atEnd()) return null;
  const list = p.list(false);
  const t = p.next();
  if (t.t === 'op' && t.op !== '\n') throw p.unexpected(t);
  if (t.t === 'word' || t.t === 'io') throw p.unexpected(t);
  if (t.t === 'eof' && !src.endsWith('\n')) {
    // A last line without its newline is complete all the same.
  }
  return { list, end: offset + p.offset, nextLine: p.currentLine() };
}
