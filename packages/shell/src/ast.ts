/**
 * The parse tree of the shell language, as dash's parser builds it
 * (src/nodes.c.pat: NCMD, NPIPE, NAND/NOR/NSEMI, NSUBSHELL, NREDIR, NIF,
 * NWHILE/NUNTIL, NFOR, NCASE, NDEFUN; NARG words with their CTLVAR,
 * CTLBACKQ and CTLARI parts; NTO/NFROM/NHERE/NXHERE redirections).
 */

/**
 * The operator of `${name<op>word}`: the defaults and checks (`-`, `=`,
 * `?`, `+`, each also with `:`), the pattern removals (`#`, `##`, `%`,
 * `%%`), `len` for `${#name}`, `bad` for a substitution dash reports as
 * `Bad substitution` when it is expanded.
 */
export type ParamOp = '-' | ':-' | '=' | ':=' | '?' | ':?' | '+' | ':+' | '#' | '##' | '%' | '%%' | 'len' | 'bad';

/** A piece of a word before expansion. */
export type WordPart =
  | { readonly kind: 'lit'; readonly text: string; readonly quoted: boolean }
  | { readonly kind: 'param'; readonly name: string; readonly quoted: boolean; readonly op?: ParamOp; readonly arg?: Word }
  | { readonly kind: 'cmdsub'; readonly body: List; readonly quoted: boolean }
  | { readonly kind: 'arith'; readonly body: Word; readonly quoted: boolean; readonly line: number };

/** A word: its parts (an empty quoted part makes a field of an otherwise empty word). */
export interface Word {
  readonly parts: readonly WordPart[];
}

/**
 * A redirection: `[fd]>word`, `>>`, `<`, `>&`, `<&`, `<>`, `>|`, and the
 * here-documents `<<` and `<<-`, whose body (a word expanded as inside
 * double quotes, or literal when the delimiter was quoted) the parser fills
 * in when it reaches the end of the line.
 */
export interface Redir {
  readonly fd: number;
  readonly op: '>' | '>>' | '<' | '>&' | '<&' | '<>' | '>|' | '<<' | '<<-';
  readonly target: Word;
  readonly heredoc?: { body: Word };
}

/** A simple command (dash's NCMD): assignments, words and redirections, run as one command. */
export interface SimpleCommand {
  readonly kind: 'simple';
  readonly assigns: readonly (readonly [string, Word])[];
  readonly words: readonly Word[];
  readonly redirs: readonly Redir[];
  /** The line the command starts on (dash's error messages name it). */
  readonly line: number;
}

/** One `pattern|pattern) list ;;` of a case. */
export interface CaseItem {
  readonly patterns: readonly Word[];
  readonly body: List;
}

export type CompoundCommand =
  | { readonly kind: 'subshell'; readonly body: List; readonly redirs: readonly Redir[]; readonly line: number }
  | { readonly kind: 'group'; readonly body: List; readonly redirs: readonly Redir[]; readonly line: number }
  | { readonly kind: 'if'; readonly clauses: readonly (readonly [List, List])[]; readonly otherwise: List | null; readonly redirs: readonly Redir[]; readonly line: number }
  | { readonly kind: 'while'; readonly until: boolean; readonly cond: List; readonly body: List; readonly redirs: readonly Redir[]; readonly line: number }
  | { readonly kind: 'for'; readonly name: string; readonly items: readonly Word[] | null; readonly body: List; readonly redirs: readonly Redir[]; readonly line: number }
  | { readonly kind: 'case'; readonly word: Word; readonly items: readonly CaseItem[]; readonly redirs: readonly Redir[]; readonly line: number };

/** `name() command`: the definition (NDEFUN); `line` is where the body's line numbers count from (dash's funcline). */
export interface FunctionDefinition {
  readonly kind: 'function';
  readonly name: string;
  readonly body: Command;
  readonly line: number;
}

/** A command of the grammar (dash's union node): a simple command, a compound command or a function definition. */
export type Command = SimpleCommand | CompoundCommand | FunctionDefinition;

/** A pipeline (dash's NPIPE): commands joined by `|`, its status negated when it starts with `!`. */
export interface Pipeline {
  readonly bang: boolean;
  readonly commands: readonly Command[];
}

/** An AND-OR list (dash's NAND/NOR): pipelines joined by `&&` and `||`, run left to right on the previous status. */
export interface AndOr {
  readonly first: Pipeline;
  readonly rest: readonly (readonly ['&&' | '||', Pipeline])[];
}

/** One item of a list (dash's NSEMI/NBACKGND): an AND-OR list ended by `;` or a newline, or by `&` to run in the background. */
export interface ListItem {
  readonly andOr: AndOr;
  readonly background: boolean;
}

/** A list (dash's list()): the items of a script, a function body or a compound command's body, in order. */
export type List = readonly ListItem[];
