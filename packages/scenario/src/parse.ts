/**
 * The parser of `.nss` scenarios (`docs/scenario-format.md`, "Grammar").
 *
 * ```
 * line    := blank | comment | header | step
 * comment := '#' anything                      (also allowed after a step)
 * header  := '@' key ':' value                 (only before the first step)
 * step    := actor ':' op arg* [ '=>' expect ]
 * ```
 *
 * Every malformed line throws a {@link ScenarioSyntaxError} naming the file, the
 * line and the column (1-based, in characters), e.g.
 * `corpus/uts/x.nss:4:9: unterminated string`. Steps are checked against an op
 * table (`ops.ts`), so an unknown op or a wrong argument is a parse error too.
 *
 * Lexical decisions where the grammar leaves room (kept in one place here):
 * - `#` starts a comment at the start of a line or of a token (after a blank),
 *   so `a#b` is one word and a hostname `a#b` can be expected; inside quotes it is text.
 *   Right after `=>` counts as a token start: `=>#x` is an empty expectation (an error).
 * - `=>` ends the arguments wherever it appears outside quotes; a second `=>` is an error.
 * - A quoted string must be followed by a blank, `=>`, a comment or the end of the line.
 * - Header values are taken literally (no comments): `@title: issue #12` keeps the `#`.
 * - Any `@key: value` header is accepted (the format welcomes new headers) and kept in
 *   `headers`; a key is any run of characters other than blanks and `:`. Only the
 *   format's own keys are checked: `@title` once and on one line, `@needs` a list of
 *   known types (or ops). A misspelt `@needs` cannot turn a skip into a pass: the
 *   runner also skips on every type the steps name (`uses`).
 * - `@needs` may also name ops (`@needs: net, veth`): kept in `needsOps`.
 * - `@road: nsproxy-ids[,name]` (an extension) opens roads not taken on the
 *   simulated kernel; each must be a road the loaded areas know (`ParseOptions.roads`).
 * - Paths of mount ops (and `pin`) must lie under `/tmp/nss`; `setns-path`/`nspath` take any absolute path.
 */

import { NAMESPACE_TYPES, showWord } from './contract.ts';
import type { Step } from './contract.ts';
import { argTypes, checkArg, defineOps, formatSectionOf, isTaskName, stepTypes, suggest } from './ops.ts';
import type { ArgKind, OpTable } from './ops.ts';

/** A malformed scenario: names the file, the line and the column. */
export class ScenarioSyntaxError extends Error {
  override readonly name = 'ScenarioSyntaxError';
  /** The file as given to the parser. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in characters. */
  readonly column: number;
  /** The message without the location. */
  readonly reason: string;

  constructor(file: string, line: number, column: number, reason: string) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

/** One header line, `@key: value`. */
export interface Header {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

/** One step, with where it was written. */
export interface ScenarioStep extends Step {
  /** 1-based line of the step. */
  readonly line: number;
  /** The step as written, trimmed, without its expectation and comment (`init: clone a uts`). */
  readonly text: string;
  /** The expected result, trimmed; `undefined` when the step has no `=>`. */
  readonly expect: string | undefined;
}

/** A parsed scenario. */
export interface Scenario {
  /** The file name as given to the parser (used in messages). */
  readonly file: string;
  /** `@title`, if any. */
  readonly title: string | undefined;
  /** `@about` lines, joined with newlines, if any. */
  readonly about: string | undefined;
  /** The namespace types listed in `@needs`, in the order written. */
  readonly needs: readonly string[];
  /** The op names listed in `@needs` (an extension: such a scenario is skipped where the op is unsupported). */
  readonly needsOps: readonly string[];
  /**
   * The roads not taken listed in `@road:` (an extension), in the order
   * written: opened on the simulated kernel (`KernelOptions.roads`); a backend
   * that cannot open one (the real kernel, Linux as merged) skips the scenario.
   */
  readonly roads: readonly string[];
  /**
   * The namespace types the steps name in their arguments (`clone a net`,
   * `setns a ipc`, `open a pid_for_children f`, ...: a type, a type list or an
   * ns file, per the op table), each once, in order of first appearance;
   * `pid_for_children` and `time_for_children` count as `pid` and `time`.
   * The runner skips the scenario on a backend that lacks one of them.
   */
  readonly uses: readonly string[];
  /** Every header, in order, the format's and any other `@key: value` (extensions read their own keys here). */
  readonly headers: readonly Header[];
  readonly steps: readonly ScenarioStep[];
}

/** Options of {@link parseScenario}. */
export interface ParseOptions {
  /**
   * The op table to validate steps against: the composed scenario areas
   * (`composeAreas(areas).ops`). Default: an empty table, so every op is
   * unknown.
   */
  readonly ops?: OpTable;
  /** Namespace types (default: {@link NAMESPACE_TYPES}; `composeAreas(areas).types` adds the areas' own). */
  readonly types?: readonly string[];
  /**
   * Where a missing scenario area can be added (e.g. `add one in
   * nsproxy.config.ts`): appended to the error for an op of a format section
   * no loaded area provides, and for a namespace type no area knows.
   */
  readonly areaHint?: string;
  /**
   * The roads not taken a `@road:` header may name (`composeAreas(areas).roads`:
   * core's and the areas' types'). Default: none, so every `@road:` item is unknown.
   */
  readonly roads?: readonly string[];
}

const NO_OPS: OpTable = defineOps([]);

/** The header keys of the format, the only ones whose values are checked (any other key is accepted as is). */
export const FORMAT_HEADERS: readonly string[] = ['title', 'about', 'needs', 'road'];

/** One token of a step line: its text (unquoted), where it starts (0-based index in the line) and whether it was quoted. */
interface Token {
  readonly value: string;
  readonly start: number;
  readonly quoted: boolean;
}

const BLANK = /\s/;

/** Parses a scenario. Throws {@link ScenarioSyntaxError} on the first malformed line. */
export function parseScenario(source: string, file = '<input>', options: ParseOptions = {}): Scenario {
  const ops = options.ops ?? NO_OPS;
  const types = options.types ?? NAMESPACE_TYPES;
  const hint = options.areaHint;
  const knownRoads = options.roads ?? [];
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  const headers: Header[] = [];
  const steps: ScenarioStep[] = [];
  let title: string | undefined;
  const about: string[] = [];
  const needs: string[] = [];
  const needsOps: string[] = [];
  const roads: string[] = [];
  const uses: string[] = [];

  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const fail = (at: number, reason: string): never => {
      throw new ScenarioSyntaxError(file, lineNo, column(line, at), reason);
    };
    const first = line.search(/\S/);
    if (first < 0) return; // blank
    const lead = line[first];
    if (lead === '#') return; // comment
    if (lead === '@') {
      if (steps.length > 0) fail(first, 'header after the first step (headers come before the first step)');
      const { header, valueStart } = parseHeader(line, first, lineNo, fail);
      headers.push(header);
      if (header.key === 'title') {
        if (title !== undefined) fail(first, '@title given twice');
        if (header.value === '') fail(line.length, '@title is empty');
        title = header.value;
      } else if (header.key === 'about') {
        about.push(header.value);
      } else if (header.key === 'needs') {
        for (const item of parseNeeds(line, valueStart, types, ops, hint, fail)) {
          const list = types.includes(item) ? needs : needsOps;
          if (!list.includes(item)) list.push(item);
        }
      } else if (header.key === 'road') {
        for (const item of parseRoads(line, valueStart, knownRoads, fail)) if (!roads.includes(item)) roads.push(item);
      }
      return;
    }
    const step = parseStep(line, first, lineNo, ops, types, hint, fail);
    steps.push(step);
    for (const type of stepTypes(step, ops)) if (!uses.includes(type)) uses.push(type);
  });

  return { file, title, about: about.length > 0 ? about.join('\n') : undefined, needs, needsOps, roads, uses, headers, steps };
}

/** 1-based column of a 0-based index, counting characters (code points), not UTF-16 units. */
function column(line: string, index: number): number {
  return [...line.slice(0, index)].length + 1;
}

type Fail = (at: number, reason: string) => never;

function parseHeader(line: string, at: number, lineNo: number, fail: Fail): { header: Header; valueStart: number } {
  const match = /^@([^\s:]+)/.exec(line.slice(at));
  if (!match) fail(at + 1, "expected a header name after '@' (e.g. @title:)");
  const key = match?.[1] ?? '';
  let pos = at + 1 + key.length;
  while (pos < line.length && (line[pos] === ' ' || line[pos] === '\t')) pos++;
  if (line[pos] !== ':') fail(pos, `expected ':' after the header name '@${showWord(key)}'`);
  let valueStart = pos + 1;
  while (valueStart < line.length && BLANK.test(line[valueStart] ?? '')) valueStart++;
  return { header: { key, value: line.slice(pos + 1).trim(), line: lineNo }, valueStart };
}

/** `@needs: user,net`: namespace types, or op names (an extension: skip where the op is unsupported). */
function parseNeeds(line: string, valueStart: number, types: readonly string[], ops: OpTable, hint: string | undefined, fail: Fail): string[] {
  const value = line.slice(valueStart).trimEnd();
  if (value === '' || value === '-') return [];
  const out: string[] = [];
  let offset = 0;
  for (const raw of value.split(',')) {
    const item = raw.trim();
    const at = valueStart + offset + (raw.length - raw.trimStart().length);
    if (item === '') fail(at, `empty item in @needs '${showWord(value)}'`);
    if (!types.includes(item) && !ops.has(item)) {
      const close = suggest(item, types);
      fail(at, `@needs: unknown namespace type or op '${showWord(item)}'${close ? ` (did you mean '${close}'?)` : ''} (types: ${types.join(' ')})${noArea(`namespace type or op '${showWord(item)}'`, hint)}`);
    }
    out.push(item);
    offset += raw.length + 1;
  }
  return out;
}

/** `@road: nsproxy-ids, socketat`: roads not taken the loaded areas know (an extension; at least one). */
function parseRoads(line: string, valueStart: number, known: readonly string[], fail: Fail): string[] {
  const value = line.slice(valueStart).trimEnd();
  if (value === '') fail(valueStart, `@road: needs a road name (roads: ${known.join(' ') || 'none'})`);
  const out: string[] = [];
  let offset = 0;
  for (const raw of value.split(',')) {
    const item = raw.trim();
    const at = valueStart + offset + (raw.length - raw.trimStart().length);
    if (item === '') fail(at, `empty item in @road '${showWord(value)}'`);
    if (!known.includes(item)) {
      const close = suggest(item, known);
      fail(at, `@road: unknown road '${showWord(item)}'${close ? ` (did you mean '${close}'?)` : ''} (roads: ${known.join(' ') || 'none'})`);
    }
    out.push(item);
    offset += raw.length + 1;
  }
  return out;
}

/** `; no loaded scenario area provides <what> (<hint>)`, or nothing without a hint. */
function noArea(what: string, hint: string | undefined): string {
  return hint === undefined ? '' : `; no loaded scenario area provides ${what} (${hint})`;
}

/** The first namespace type an argument names that is not known (for the hint of a type error). */
function unknownType(kind: ArgKind, value: string, types: readonly string[]): string | undefined {
  if (kind !== 'types' && kind !== 'type' && kind !== 'typeOrAny' && kind !== 'nsfile') return undefined;
  return argTypes(kind, value).find((t) => t !== '' && !types.includes(t));
}

function parseStep(line: string, at: number, lineNo: number, ops: OpTable, types: readonly string[], hint: string | undefined, fail: Fail): ScenarioStep {
  // actor
  let pos = at;
  while (pos < line.length && !BLANK.test(line[pos] ?? '') && line[pos] !== ':') pos++;
  const actor = line.slice(at, pos);
  if (!isTaskName(actor)) {
    if (actor === '') fail(at, "expected a task name before ':'");
    fail(at, `invalid task name '${showWord(actor)}' (task names are [a-z][a-z0-9_]*; a step is 'actor: op args')`);
  }
  while (pos < line.length && BLANK.test(line[pos] ?? '')) pos++;
  if (line[pos] !== ':') fail(pos, `expected ':' after the task name '${showWord(actor)}'`);
  pos++;

  // tokens up to '=>', a comment, or the end
  const tokens: Token[] = [];
  let textEnd = pos; // end of the step text (after the last token)
  let expect: string | undefined;
  let arrowAt = -1;
  for (;;) {
    while (pos < line.length && BLANK.test(line[pos] ?? '')) pos++;
    if (pos >= line.length) break;
    const ch = line[pos];
    if (ch === '#') break; // comment after the step
    if (line.startsWith('=>', pos)) {
      arrowAt = pos;
      expect = readExpectation(line, pos + 2, fail);
      if (expect === '') fail(pos, "expected a result after '=>'");
      break;
    }
    if (ch === '"') {
      const { value, end } = readQuoted(line, pos, fail);
      tokens.push({ value, start: pos, quoted: true });
      pos = end;
      if (pos < line.length && !BLANK.test(line[pos] ?? '') && !line.startsWith('=>', pos)) {
        fail(pos, 'expected a blank after the closing quote');
      }
    } else {
      const start = pos;
      while (pos < line.length && !BLANK.test(line[pos] ?? '') && !line.startsWith('=>', pos)) {
        if (line[pos] === '"') fail(pos, 'unexpected quote inside a word (quote the whole argument)');
        pos++;
      }
      tokens.push({ value: line.slice(start, pos), start, quoted: false });
    }
    textEnd = pos;
  }

  const [opToken, ...argTokens] = tokens;
  if (!opToken) {
    fail(arrowAt >= 0 ? arrowAt : textEnd, `expected an op after '${actor}:'`);
  }
  const opName = opToken?.value ?? '';
  if (opToken?.quoted) fail(opToken.start, 'expected an op name, found a quoted string');
  const spec = ops.get(opName);
  if (!spec) {
    const section = formatSectionOf(opName);
    if (section !== undefined) {
      fail(opToken?.start ?? at, `op '${opName}' is in the ${section} section of the format; no loaded scenario area provides ${section}${hint === undefined ? '' : ` (${hint})`}`);
    }
    const close = suggest(opName, ops.keys());
    fail(opToken?.start ?? at, `unknown op '${showWord(opName)}'${close ? ` (did you mean '${close}'?)` : ''}`);
  }
  if (spec) {
    const args = argTokens.map((t) => t.value);
    if (args.length > spec.max) {
      const extra = argTokens[spec.max];
      fail(extra?.start ?? textEnd, `too many arguments for ${opName}: expected ${countText(spec.min, spec.max)}, got ${args.length} (usage: ${spec.usage})`);
    }
    if (args.length < spec.min) {
      fail(textEnd, `missing argument for ${opName}: expected ${countText(spec.min, spec.max)}, got ${args.length} (usage: ${spec.usage})`);
    }
    argTokens.forEach((token, i) => {
      const kind = spec.args[i];
      if (kind === undefined) return;
      const problem = checkArg(kind, token.value, types);
      if (problem) {
        const offset = !token.quoted && problem.offset !== undefined ? problem.offset : 0;
        const missing = unknownType(kind, token.value, types);
        const where = missing === undefined ? '' : noArea(`namespace type '${showWord(missing)}'`, hint);
        fail(token.start + offset, `${opName}: ${problem.message} (usage: ${spec.usage})${where}`);
      }
    });
    const problem = spec.check?.(args);
    if (problem) {
      const token = argTokens[problem.index];
      fail(token ? token.start : textEnd, `${problem.message}`);
    }
  }

  return {
    actor,
    op: opName,
    args: argTokens.map((t) => t.value),
    line: lineNo,
    text: line.slice(at, textEnd).trim(),
    expect,
  };
}

function countText(min: number, max: number): string {
  const noun = (n: number): string => (n === 1 ? 'argument' : 'arguments');
  if (min === max) return `${min} ${noun(min)}`;
  if (min === 0) return `at most ${max} ${noun(max)}`;
  return `${min} to ${max} arguments`;
}

/** Reads `"..."` starting at the opening quote; `\"` and `\\` are the only escapes. */
function readQuoted(line: string, open: number, fail: Fail): { value: string; end: number } {
  let value = '';
  let pos = open + 1;
  while (pos < line.length) {
    const ch = line[pos];
    if (ch === '"') return { value, end: pos + 1 };
    if (ch === '\\') {
      const next = line[pos + 1];
      if (next === '"' || next === '\\') {
        value += next;
        pos += 2;
        continue;
      }
      fail(next === undefined ? open : pos, next === undefined ? 'unterminated string' : `unknown escape '\\${next}' in a quoted string (only \\" and \\\\)`);
    }
    value += ch;
    pos++;
  }
  return fail(open, 'unterminated string');
}

/** Reads an expectation from `start` to a comment (`#` at a token start) or the end of the line. */
function readExpectation(line: string, start: number, fail: Fail): string {
  let pos = start;
  while (pos < line.length) {
    const atTokenStart = pos === start || BLANK.test(line[pos - 1] ?? '');
    if (line[pos] === '#' && atTokenStart) break;
    if (line.startsWith('=>', pos)) fail(pos, "a second '=>' in the step");
    pos++;
  }
  return line.slice(start, pos).trim();
}
