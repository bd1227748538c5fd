/**
 * The shell's tokenizer, as dash's (src/parser.c `xxreadtoken`,
 * `readtoken1` with its syntax tables, `parsesub`, `parsebackq`,
 * `parseheredoc`): operators, io numbers, and words with their quoting,
 * `$name`, `${...}` (every operator), `$((...))`, `$(...)`, backquotes; the
 * bodies of here-documents, read when the line that names them ends.
 */
import type { List, ParamOp, Redir, Word, WordPart } from './ast.ts';

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

const OPERATORS = ['&&', '||', ';;', '>>', '>&', '<&', '<>', '>|', '<<-', '<<', ';', '&', '|', '(', ')', '<', '>', '\n'];

export type Token =
  | { readonly t: 'op'; readonly op: string; readonly line: number }
  | { readonly t: 'word'; readonly word: Word; readonly raw: string; readonly plain: boolean; readonly line: number }
  | { readonly t: 'io'; readonly fd: number; readonly line: number }
  | { readonly t: 'eof'; readonly line: number };

/** Where a run of word text ends: a blank or operator (a word), `"`, `}` (inside `${...}`), `))`, or the end (a here-document). */
type Mode = 'word' | 'dq' | 'arg' | 'dqarg' | 'heredoc' | 'arith';

/** A here-document waiting for its body: the redirection to fill, its delimiter, `<<-`. */
interface PendingHeredoc {
  readonly redir: Redir;
  readonly delim: string;
  readonly quoted: boolean;
  readonly strip: boolean;
}

/** The delimiter of a here-document: the word with its quotes removed (dash's `rmescapes` of the eofmark). */
function unquoteRaw(raw: string): { text: string; quoted: boolean } {
  let text = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (c === "'" || c === '"') {
      quoted = true;
      continue;
    }
    if (c === '\\' && i + 1 < raw.length) {
      quoted = true;
      text += raw[++i] ?? '';
      continue;
    }
    text += c;
  }
  return { text, quoted };
}

/** How the lexer parses the commands inside `$(...)` and backquotes (the parser gives them: parse.ts). */
export interface NestedParsers {
  /** The list of a `$(...)` of `src` starting at `pos` (after the parenthesis): the list, and where its `)` is. */
  substitution(src: string, pos: number, line: number): { list: List; pos: number; line: number };
  /** A whole text (a backquoted command). */
  text(src: string, line: number): List;
}

let nested: NestedParsers | undefined;

/** Installs the parser of nested commands (parse.ts does, when it is loaded). */
export function setNestedParsers(parsers: NestedParsers): void {
  nested = parsers;
}

function nestedParsers(): NestedParsers {
  if (!nested) throw new Error('no parser for nested commands');
  return nested;
}

/** The tokenizer: a cursor over `src`, tokens read on demand (reserved words depend on the position). */
export class Lexer {
  protected pos = 0;
  protected line: number;
  private peeked: Token | null = null;
  private peekStart = 0;
  private peekLine = 0;
  protected readonly src: string;
  /**
   * The text is all there is (a whole script or string): at its end a
   * here-document without its delimiter ends, and an unclosed `$((`, `${` or
   * backquote is dash's syntax error; otherwise more input is wanted.
   */
  protected readonly eofEndsHeredoc: boolean;
  private pending: PendingHeredoc[] = [];
  /** The bodies read after a newline (at its offset): where the text goes on, and the line there. */
  private readonly heredocEnds = new Map<number, { pos: number; line: number }>();

  constructor(src: string, firstLine: number, eofEndsHeredoc: boolean) {
    this.src = src;
    this.line = firstLine;
    this.eofEndsHeredoc = eofEndsHeredoc;
  }

  get offset(): number {
    return this.peeked ? this.peekStart : this.pos;
  }

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

  /** A here-document redirection whose delimiter was just read: its body comes after the end of the line. */
  protected addHeredoc(redir: Redir, raw: string, strip: boolean): void {
    const { text, quoted } = unquoteRaw(raw);
    this.pending.push({ redir, delim: text, quoted, strip });
  }

  /** Here-documents named on a line whose end never came. */
  protected hasPendingHeredoc(): boolean {
    return this.pending.length > 0;
  }

  /** xxreadtoken: blanks, comments and line continuations skipped, then an operator, an io number or a word. */
  private read(): Token {
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
    if (this.pos >= this.src.length) {
      if (this.pending.length > 0) this.readHeredocs(this.pos);
      return { t: 'eof', line };
    }
    const m = /^[0-9]+(?=[<>])/.exec(this.src.slice(this.pos, this.pos + 12));
    if (m) {
      this.pos += m[0].length;
      return { t: 'io', fd: Number(m[0]), line };
    }
    for (const op of OPERATORS) {
      if (this.src.startsWith(op, this.pos)) {
        const at = this.pos;
        this.pos += op.length;
        if (op === '\n') {
          this.line++;
          const end = this.heredocEnds.get(at);
          if (end) {
            this.pos = end.pos;
            this.line = end.line;
          } else if (this.pending.length > 0) {
            this.readHeredocs(at);
          }
        }
        return { t: 'op', op, line };
      }
    }
    const start = this.pos;
    const parts: WordPart[] = [];
    this.readParts(parts, 'word');
    const raw = this.src.slice(start, this.pos);
    const plain = parts.every((p) => p.kind === 'lit' && !p.quoted);
    return { t: 'word', word: { parts }, raw, plain, line };
  }

  /** parseheredoc: the bodies of the pending here-documents, from after the newline at `at`. */
  private readHeredocs(at: number): void {
    const pending = this.pending;
    this.pending = [];
    for (const h of pending) {
      let body = '';
      const bodyLine = this.line;
      for (;;) {
        if (this.pos >= this.src.length) {
          if (!this.eofEndsHeredoc) throw new Incomplete('here-document');
          break;
        }
        // A line, with (unless the delimiter was quoted) the lines a final backslash continues it with: the
        // delimiter ends the document only as a whole line of its own.
        let text = '';
        for (;;) {
          const nl = this.src.indexOf('\n', this.pos);
          const end = nl < 0 ? this.src.length : nl;
          let piece = this.src.slice(this.pos, end);
          if (h.strip) piece = piece.replace(/^\t+/, '');
          this.pos = nl < 0 ? end : end + 1;
          if (nl >= 0) this.line++;
          text += piece;
          const continued = !h.quoted && nl >= 0 && (/\\+$/.exec(piece)?.[0].length ?? 0) % 2 === 1;
          if (!continued || this.pos >= this.src.length) {
            if (nl >= 0) text += '\n';
            break;
          }
          text += '\n';
        }
        if (text.replace(/\n$/, '') === h.delim) break;
        body += text;
      }
      const word: Word = h.quoted ? { parts: [{ kind: 'lit', text: body, quoted: true }] } : bodyWord(body, bodyLine);
      (h.redir.heredoc as { body: Word }).body = word;
    }
    this.heredocEnds.set(at, { pos: this.pos, line: this.line });
  }

  /**
   * readtoken1: text up to the end of its mode, into `parts`. Unquoted text
   * becomes unquoted literals; quotes, backslashes and dollars make their
   * parts.
   */
  readParts(parts: WordPart[], mode: Mode): void {
    const dq = mode === 'dq' || mode === 'dqarg' || mode === 'heredoc' || mode === 'arith';
    let lit = '';
    const flush = (): void => {
      if (lit !== '') parts.push({ kind: 'lit', text: lit, quoted: dq });
      lit = '';
    };
    let parens = 0;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) {
        if (mode === 'word' || mode === 'heredoc') break;
        if (mode === 'dq') throw new Incomplete('quote');
        // At the end of the whole text, dash's error; before it, more input may close it.
        const missing = mode === 'arith' ? "Missing '))'" : "Missing '}'";
        if (!this.eofEndsHeredoc) throw new Incomplete(missing);
        throw new SyntaxError(missing, this.line);
      }
      if (mode === 'word' && (c === ' ' || c === '\t' || c === '\n' || ';&|()<>'.includes(c))) break;
      if (mode === 'dq' && c === '"') {
        this.pos++;
        break;
      }
      if ((mode === 'arg' || mode === 'dqarg') && c === '}') break;
      if (mode === 'arith') {
        if (c === '(') parens++;
        else if (c === ')' && parens > 0) parens--;
        else if (c === ')' && this.src[this.pos + 1] === ')') break;
      }
      if (c === '\\') {
        const d = this.src[this.pos + 1];
        if (d === '\n') {
          this.pos += 2;
          this.line++;
          continue;
        }
        if (d === undefined) {
          lit += '\\';
          this.pos++;
          continue;
        }
        if (dq) {
          // Inside double quotes a backslash quotes only $ ` " \ (and } in ${...}); in a here-document not ".
          const special = mode === 'heredoc' || mode === 'arith' ? '$`\\' : mode === 'dqarg' ? '$`"\\}' : '$`"\\';
          lit += special.includes(d) ? d : `\\${d}`;
        } else {
          flush();
          parts.push({ kind: 'lit', text: d, quoted: true });
        }
        this.pos += 2;
        continue;
      }
      if (c === "'" && (mode === 'word' || mode === 'arg')) {
        flush();
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) throw new Incomplete('quote');
        const text = this.src.slice(this.pos + 1, end);
        this.line += text.split('\n').length - 1;
        parts.push({ kind: 'lit', text, quoted: true });
        this.pos = end + 1;
        continue;
      }
      if (c === '"' && (mode === 'word' || mode === 'arg' || mode === 'dqarg')) {
        flush();
        this.pos++;
        const before = parts.length;
        this.readParts(parts, 'dq');
        // An empty "" is a part of its own: it makes a field.
        if (parts.length === before) parts.push({ kind: 'lit', text: '', quoted: true });
        continue;
      }
      if (c === '$' || c === '`') {
        const part = this.readDollar(dq);
        if (part) {
          flush();
          parts.push(part);
          continue;
        }
      }
      if (c === '\n') this.line++;
      lit += c;
      this.pos++;
    }
    flush();
  }

  /** `$name`, `${...}`, `$((...))`, `$(...)`, a backquoted command; undefined when the `$` is literal. */
  private readDollar(quoted: boolean): WordPart | undefined {
    const c = this.src[this.pos];
    if (c === '`') return this.readBackquote(quoted);
    const d = this.src[this.pos + 1];
    if (d === '(') {
      if (this.src[this.pos + 2] === '(') {
        const line = this.line;
        this.pos += 3;
        const parts: WordPart[] = [];
        this.readParts(parts, 'arith');
        this.pos += 2;
        return { kind: 'arith', body: { parts }, quoted, line };
      }
      const sub = nestedParsers().substitution(this.src, this.pos + 2, this.line);
      this.pos = sub.pos + 1;
      this.line = sub.line;
      return { kind: 'cmdsub', body: sub.list, quoted };
    }
    if (d === '{') return this.readBraced(quoted);
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

  /** parsebackq of an old-style command: `\$`, `` \` ``, `\\` (and `\"` inside double quotes) lose their backslash. */
  private readBackquote(quoted: boolean): WordPart {
    let end = this.pos + 1;
    let body = '';
    for (;;) {
      const d = this.src[end];
      if (d === undefined) {
        if (!this.eofEndsHeredoc) throw new Incomplete('backquote');
        throw new SyntaxError('EOF in backquote substitution', this.line);
      }
      if (d === '`') break;
      if (d === '\\' && ('$`\\'.includes(this.src[end + 1] ?? '') || (quoted && this.src[end + 1] === '"'))) {
        body += this.src[end + 1] ?? '';
        end += 2;
        continue;
      }
      if (d === '\n') this.line++;
      body += d;
      end++;
    }
    this.pos = end + 1;
    // dash parses the text of a backquoted command as a string of its own: its lines count from 1.
    return { kind: 'cmdsub', body: nestedParsers().text(body, 1), quoted };
  }

  /** parsesub: `${name}`, `${#name}`, `${name<op>word}`; a bad one is kept to be reported when expanded. */
  private readBraced(quoted: boolean): WordPart {
    this.pos += 2;
    const rest = this.src.slice(this.pos);
    let op: ParamOp | undefined;
    if (rest[0] === '#' && rest[1] !== '}' && rest[1] !== undefined) {
      op = 'len';
      this.pos++;
    }
    const m = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!0-])/.exec(this.src.slice(this.pos));
    if (!m) return this.badSubstitution(quoted);
    const name = m[0];
    this.pos += name.length;
    if (op === 'len') {
      if (this.src[this.pos] !== '}') return this.badSubstitution(quoted);
      this.pos++;
      return { kind: 'param', name, quoted, op };
    }
    const c = this.src[this.pos];
    if (c === '}') {
      this.pos++;
      return { kind: 'param', name, quoted };
    }
    const two = this.src.slice(this.pos, this.pos + 2);
    if (c === ':' && '-=?+'.includes(this.src[this.pos + 1] ?? 'x')) op = two as ParamOp;
    else if (c !== undefined && '-=?+'.includes(c)) op = c as ParamOp;
    else if (two === '##' || two === '%%') op = two;
    else if (c === '#' || c === '%') op = c;
    else return this.badSubstitution(quoted);
    this.pos += op.length;
    const pattern = op === '#' || op === '##' || op === '%' || op === '%%';
    const parts: WordPart[] = [];
    this.readParts(parts, quoted && !pattern ? 'dqarg' : 'arg');
    this.pos++;
    return { kind: 'param', name, quoted, op, arg: { parts } };
  }

  /** The rest of a substitution dash cannot read, up to its `}`: `Bad substitution` when it is expanded. */
  private badSubstitution(quoted: boolean): WordPart {
    const end = this.src.indexOf('}', this.pos);
    if (end < 0) {
      if (!this.eofEndsHeredoc) throw new Incomplete("Missing '}'");
      // dash counts the lines read after it but the last.
      throw new SyntaxError("Missing '}'", this.line + Math.max(0, (this.src.slice(this.pos).match(/\n/g) ?? []).length - 1));
    }
    this.pos = end + 1;
    return { kind: 'param', name: '', quoted, op: 'bad' };
  }
}

/** The parts of an unquoted here-document's body, or of a prompt (expanded as inside double quotes, `"` literal). */
export function bodyWord(body: string, line: number): Word {
  const parts: WordPart[] = [];
  new Lexer(body, line, true).readParts(parts, 'heredoc');
  return { parts };
}
