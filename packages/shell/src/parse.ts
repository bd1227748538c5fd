/**
 * The shell language, as Debian's /bin/sh (dash 0.5.12) parses it
 * (src/parser.c `list`, `andor`, `pipeline`, `command`, `simplecmd`):
 * lists with `;`, `&` and newlines, `&&` and `||`, pipelines with `!`,
 * simple commands with assignments and redirections, `( )` and `{ }`, `if`,
 * `while`, `until`, `for`, `case`, function definitions, here-documents.
 * Words are read by the tokenizer (lex.ts).
 *
 * `parseCommand` reads one complete command (up to a newline at the top
 * level, with the here-documents it names) and says when the text ends in
 * the middle of one, so that a reader can give it the next line, as dash's
 * parser asks its input for more.
 */
import type { AndOr, CaseItem, Command, List, ListItem, Pipeline, Redir, SimpleCommand, Word, WordPart } from './ast.ts';
import { Incomplete, Lexer, SyntaxError, setNestedParsers } from './lex.ts';
import type { Token } from './lex.ts';
import { SPECIAL_BUILTINS } from './vars.ts';

export type { AndOr, CaseItem, Command, CompoundCommand, FunctionDefinition, List, ListItem, ParamOp, Pipeline, Redir, SimpleCommand, Word, WordPart } from './ast.ts';
export { Incomplete, SyntaxError } from './lex.ts';

const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'in', '{', '}', '!', 'case', 'esac']);
/** The reserved words that end a list (dash's tokendlist). */
const LIST_END = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', '}', 'esac']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REDIR_OPS = ['>', '>>', '<', '>&', '<&', '<>', '>|', '<<', '<<-'];

/** What dash says when the text ends early: `Unterminated quoted string`, `end of file unexpected (expecting "fi")`. */
export function incompleteMessage(e: Incomplete): string {
  if (e.expecting === 'quote') return 'Unterminated quoted string';
  return e.expecting === '' ? 'end of file unexpected' : `end of file unexpected (expecting ${e.expecting})`;
}

/** The parser: dash's recursive descent over the tokens of the lexer. */
class Parser extends Lexer {

  /** A parser of the `$(...)` at `pos` of `src`. */
  static substitution(src: string, pos: number, line: number): { list: List; pos: number; line: number } {
    const inner = new Parser(src, line, true);
    inner.pos = pos;
    const list = inner.list(true);
    const close = inner.next();
    if (close.t === 'eof') throw new Incomplete('")"');
    if (close.t !== 'op' || close.op !== ')') throw inner.unexpected(close);
    return { list, pos: inner.pos - 1, line: inner.line };
  }

  /** dash's tokname: `"then"`, `";"`, `newline`, `end of file`, `word`. */
  private tokenName(t: Token): string {
    if (t.t === 'eof') return 'end of file';
    if (t.t === 'op') return t.op === '\n' ? 'newline' : `"${t.op}"`;
    if (t.t === 'io') return 'word';
    return t.plain && RESERVED.has(t.raw) ? `"${t.raw}"` : 'word';
  }

  /** synexpect: `"x" unexpected`, or `... (expecting "y")`; the end of the text asks for more. */
  unexpected(t: Token, expecting?: string): Error {
    if (t.t === 'eof') return new Incomplete(expecting ?? '');
    return new SyntaxError(`${this.tokenName(t)} unexpected${expecting ? ` (expecting ${expecting})` : ''}`, t.line);
  }

  private isReserved(t: Token, word: string): boolean {
    return t.t === 'word' && t.plain && t.raw === word;
  }

  private isOp(t: Token, op: string): boolean {
    return t.t === 'op' && t.op === op;
  }

  private skipNewlines(): void {
    while (this.isOp(this.peek(), '\n')) this.next();
  }

  /**
   * A list. At the top level (`inner` false) it ends at a newline; inside a
   * compound command it runs across newlines up to a reserved word, `)` or `;;`.
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
      if (t.t === 'word' && t.plain && LIST_END.has(t.raw)) break;
      if (this.isOp(t, '\n')) {
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
      if (!inner && this.isOp(this.peek(), '\n')) break;
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
        this.skipNewlines();
        rest.push([t.op, this.pipeline()]);
      } else return { first, rest };
    }
  }

  private pipeline(): Pipeline {
    let bang = false;
    if (this.isReserved(this.peek(), '!')) {
      this.next();
      bang = true;
    }
    const commands = [this.command()];
    while (this.isOp(this.peek(), '|')) {
      this.next();
      this.skipNewlines();
      commands.push(this.command());
    }
    return { bang, commands };
  }

  private command(): Command {
    const t = this.peek();
    const line = t.line;
    if (this.isOp(t, '(')) {
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
        case 'if':
          return this.ifCommand(line);
        case 'while':
        case 'until': {
          this.next();
          const cond = this.list(true, '"do"');
          this.expectWord('do');
          const body = this.list(true, '"done"');
          this.expectWord('done');
          return { kind: 'while', until: t.raw === 'until', cond, body, redirs: this.redirs(), line };
        }
        case 'for':
          return this.forCommand(line);
        case 'case':
          return this.caseCommand(line);
        case 'then': case 'else': case 'elif': case 'fi': case 'do': case 'done': case '}': case 'in': case 'esac':
          throw this.unexpected(t);
        default:
          break;
      }
    }
    return this.simple();
  }

  private ifCommand(line: number): Command {
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
      } else if (!this.isReserved(e, 'fi')) throw this.unexpected(e, '"fi"');
      break;
    }
    return { kind: 'if', clauses, otherwise, redirs: this.redirs(), line };
  }

  private forCommand(line: number): Command {
    this.next();
    const n = this.next();
    if (n.t === 'eof') throw new Incomplete('');
    if (n.t !== 'word' || !NAME.test(n.raw)) throw new SyntaxError('Bad for loop variable', n.line);
    let items: Word[] | null = null;
    this.skipNewlines();
    if (this.isReserved(this.peek(), 'in')) {
      this.next();
      items = [];
      for (let w = this.peek(); w.t === 'word'; w = this.peek()) {
        this.next();
        items.push(w.word);
      }
      const sep = this.next();
      if (!(sep.t === 'op' && (sep.op === ';' || sep.op === '\n'))) throw this.unexpected(sep);
    } else if (this.isOp(this.peek(), ';')) this.next();
    this.skipNewlines();
    this.expectWord('do');
    const body = this.list(true, '"done"');
    this.expectWord('done');
    return { kind: 'for', name: n.raw, items, body, redirs: this.redirs(), line };
  }

  /** `case word in [(]pattern[|pattern]) list ;; ... esac` */
  private caseCommand(line: number): Command {
    this.next();
    const w = this.next();
    if (w.t !== 'word') throw this.unexpected(w, 'word');
    this.skipNewlines();
    const inWord = this.next();
    if (!this.isReserved(inWord, 'in')) throw this.unexpected(inWord, '"in"');
    const items: CaseItem[] = [];
    for (;;) {
      this.skipNewlines();
      let t = this.next();
      if (this.isReserved(t, 'esac')) break;
      if (this.isOp(t, '(')) t = this.next();
      const patterns: Word[] = [];
      for (;;) {
        if (t.t !== 'word') throw this.unexpected(t, '")"');
        patterns.push(t.word);
        const sep = this.next();
        if (this.isOp(sep, '|')) {
          t = this.next();
          continue;
        }
        if (!this.isOp(sep, ')')) throw this.unexpected(sep, '")"');
        break;
      }
      const body = this.list(true);
      items.push({ patterns, body });
      const end = this.next();
      if (this.isReserved(end, 'esac')) break;
      if (!this.isOp(end, ';;')) throw this.unexpected(end, '";;"');
    }
    return { kind: 'case', word: w.word, items, redirs: this.redirs(), line };
  }

  private expectWord(word: string): void {
    const t = this.next();
    if (this.isReserved(t, word)) return;
    throw this.unexpected(t, `"${word}"`);
  }

  private expectOp(op: string, expecting: string): void {
    const t = this.next();
    if (this.isOp(t, op)) return;
    throw this.unexpected(t, expecting);
  }

  /** A redirection operator and its word (parsefname); a here-document's body is read at the end of the line. */
  private redirection(fd: number | undefined): Redir | undefined {
    const t = this.peek();
    if (t.t !== 'op' || !REDIR_OPS.includes(t.op)) return undefined;
    this.next();
    const target = this.next();
    if (target.t !== 'word') throw this.unexpected(target);
    const op = t.op as Redir['op'];
    const defaultFd = op.startsWith('<') && op !== '<>' ? 0 : op === '<>' ? 0 : 1;
    if (op === '<<' || op === '<<-') {
      const r: Redir = { fd: fd ?? 0, op, target: target.word, heredoc: { body: { parts: [] } } };
      this.addHeredoc(r, target.raw, op === '<<-');
      return r;
    }
    if ((op === '>&' || op === '<&') && !/^([0-9]|-)$/.test(target.raw) && target.plain && !/[$`]/.test(target.raw)) {
      // dash reports it with the line after the word's (its lexer has read the newline).
      throw new SyntaxError('Bad fd number', this.src[this.pos] === '\n' ? target.line + 1 : target.line);
    }
    return { fd: fd ?? defaultFd, op, target: target.word };
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

  private simple(): Command {
    const assigns: [string, Word][] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    const line = this.peek().line;
    let firstRaw = '';
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
        const r = this.redirection(undefined);
        if (r) {
          redirs.push(r);
          continue;
        }
        if (t.op === '(' && words.length === 1 && assigns.length === 0 && redirs.length === 0) return this.functionDefinition(firstRaw, line);
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
        firstRaw = t.raw;
      }
      this.next();
      words.push(t.word);
    }
    if (assigns.length === 0 && words.length === 0 && redirs.length === 0) throw this.unexpected(this.peek());
    const cmd: SimpleCommand = { kind: 'simple', assigns, words, redirs, line };
    return cmd;
  }

  /** `name() command` (simplecmd's TLP case): the name must be a plain name, not a special builtin's. */
  private functionDefinition(name: string, line: number): Command {
    this.next();
    const close = this.next();
    if (!this.isOp(close, ')')) throw this.unexpected(close, '")"');
    if (!NAME.test(name) || SPECIAL_BUILTINS.has(name)) throw new SyntaxError('Bad function name', line);
    const defLine = this.line;
    this.skipNewlines();
    return { kind: 'function', name, body: this.command(), line: defLine };
  }

  atEnd(): boolean {
    return this.peek().t === 'eof';
  }

  /** After the text: here-documents whose line never ended are read from the end (none: their bodies are empty). */
  finish(): void {
    if (this.hasPendingHeredoc()) this.peek();
  }
}

setNestedParsers({
  substitution: (src, pos, line) => Parser.substitution(src, pos, line),
  text: (src, line) => parseAll(src, line),
});

/** Parses the whole of `src` (a `-c` string, a script at its end, the body of `$(...)`). Throws Incomplete or SyntaxError. */
export function parseAll(src: string, firstLine = 1): List {
  const p = new Parser(src, firstLine, true);
  const out: ListItem[] = [];
  for (;;) {
    while (p.peek().t === 'op' && (p.peek() as { op: string }).op === '\n') p.next();
    if (p.atEnd()) return out;
    const items = p.list(false);
    const t = p.peek();
    if (t.t === 'op' && t.op !== '\n') throw p.unexpected(t);
    if (t.t === 'word' || t.t === 'io') throw p.unexpected(t);
    out.push(...items);
  }
}

/** One complete command of `src` and the offset after it (after its newline and here-documents). */
export interface Parsed {
  readonly list: List;
  readonly end: number;
  readonly nextLine: number;
}

/**
 * Parses the next complete command of `src` from `offset` (dash's
 * `parsecmd`): a list up to a newline at the top level. Returns null at the
 * end of the text; throws Incomplete when the text ends inside the command
 * or inside one of its here-documents.
 */
export function parseCommand(src: string, offset: number, line: number): Parsed | null {
  const p = new Parser(src.slice(offset), line, false);
  while (p.peek().t === 'op' && (p.peek() as { op: string }).op === '\n') p.next();
  if (p.atEnd()) return null;
  const list = p.list(false);
  const t = p.next();
  if (t.t === 'op' && t.op !== '\n') throw p.unexpected(t);
  if (t.t === 'word' || t.t === 'io') throw p.unexpected(t);
  p.finish();
  return { list, end: offset + p.offset, nextLine: p.currentLine() };
}
