/**
 * Op specs and op tables of the scenario format (`docs/scenario-format.md`, "Ops").
 *
 * An op spec says how a `.nss` step may name an op: its argument count and, where
 * the format fixes them, the words an argument may be. The parser checks each step
 * against an op table, so a typo (`clon`, `setgroups a alow`, `ipcs shn`) is a parse
 * error that names the column, and nothing runs.
 *
 * This package holds no op's spec: an op's spec lives with the package that
 * implements it on the simulated kernel (its scenario area: `@nsproxy/core/scenario`,
 * `@nsproxy/user/scenario`, ...), and an application composes the areas into one
 * table (`composeAreas`). What stays here is format data: which section of the
 * format each op word belongs to (`FORMAT_SECTIONS`), so that a scenario using an op
 * no loaded area provides gets an error that says which area is missing.
 */
import { NAMESPACE_TYPES, SIGNAL_NAMES, cIntProblem, isPrintable, showWord } from './contract.ts';
import type { CIntType } from './contract.ts';

/** The root under which every path that a mount op names lies. */
export const SCENARIO_ROOT = '/tmp/nss';

/** A problem with one argument: a message, and optionally where inside the argument it starts (0-based). */
export interface ArgProblem {
  readonly message: string;
  /** Offset inside the argument's text, for an unquoted argument (e.g. the bad item of `uts,usr`). */
  readonly offset?: number;
}

/** A problem found by an op's cross-argument check. */
export interface OpProblem {
  readonly message: string;
  /** The argument it concerns; `args.length` (or more) means "after the last argument" (a missing one). */
  readonly index: number;
}

/**
 * What one argument may be.
 * - `task`: a task name, `[a-z][a-z0-9_]*`
 * - `name`: a kept fd or socket name (a word without quotes or `,`)
 * - `types`: a comma-joined list of namespace types, or `-` for none
 * - `type`: one namespace type
 * - `typeOrAny`: one namespace type, or `any` (nstype 0)
 * - `nsfile`: a type, `pid_for_children` or `time_for_children`
 * - `int`: a C `int` (decimal, optionally negative, or `0x` hex), the same as `{ int: 'i32' }`
 * - `{ int, ctype? }`: an integer of that C type (`'u32'` for uid_t, `'i64'` for long,
 *   `'u64'` for size_t, ...), any value of its width written signed or unsigned
 *   (`-2^(N-1)` .. `2^N-1`); `ctype` names it in messages (`uid_t`)
 * - `port`: an integer 0..65535
 * - `signal`: a signal name such as `SIGKILL`
 * - `path`: an absolute path under `/tmp/nss`
 * - `abspath`: any absolute path
 * - `word`: any non-empty text
 * - `text`: any text, empty included (quote it when it has blanks)
 * - `{ oneOf }`: exactly one of these words
 * - `{ describe, validate }`: a custom rule, for extensions
 */
export type ArgKind =
  | 'task'
  | 'name'
  | 'types'
  | 'type'
  | 'typeOrAny'
  | 'nsfile'
  | 'int'
  | 'port'
  | 'signal'
  | 'path'
  | 'abspath'
  | 'word'
  | 'text'
  | { readonly oneOf: readonly string[] }
  | { readonly int: CIntType; readonly ctype?: string }
  | {
    readonly describe: string;
    readonly validate: (value: string) => ArgProblem | undefined;
    /** Values worth drawing when fuzzing (default: a few generic candidates that `validate` accepts). */
    readonly samples?: readonly string[];
  };

/** One op of the format. */
export interface OpSpec {
  /** The op word, e.g. `clone`, `setns-fd`, `uid_map`. */
  readonly name: string;
  /** How it is written, e.g. `clone <name> <types>`; used in error messages. */
  readonly usage: string;
  /** Fewest arguments. */
  readonly min: number;
  /** Most arguments. */
  readonly max: number;
  /** The kind of each argument by position (`max` entries). */
  readonly args: readonly ArgKind[];
  /** A rule across arguments (e.g. `mount tmpfs` takes one path, `mount bind` two). */
  readonly check?: (args: readonly string[]) => OpProblem | undefined;
  /** The section of the format the op belongs to. */
  readonly group: string;
}

/** An op table: op word to its spec. */
export type OpTable = ReadonlyMap<string, OpSpec>;

const TASK_RE = /^[a-z][a-z0-9_]*$/;
const NAME_RE = /^[^\s",]+$/;

/** Whether a word is a valid task name (`[a-z][a-z0-9_]*`). */
export function isTaskName(word: string): boolean {
  return TASK_RE.test(word);
}

function quoteList(words: readonly string[]): string {
  return words.join('|');
}

/** Checks one argument against its kind; `undefined` when it is fine. */
export function checkArg(kind: ArgKind, value: string, types: readonly string[] = NAMESPACE_TYPES): ArgProblem | undefined {
  if (typeof kind === 'object') {
    if ('oneOf' in kind) {
      return kind.oneOf.includes(value) ? undefined : { message: `expected ${quoteList(kind.oneOf)}, found '${showWord(value)}'` };
    }
    if ('int' in kind) {
      const message = cIntProblem(value, kind.int, kind.ctype);
      return message === undefined ? undefined : { message };
    }
    return kind.validate(value);
  }
  switch (kind) {
    case 'task':
      return TASK_RE.test(value) ? undefined : { message: `invalid task name '${showWord(value)}' (task names are [a-z][a-z0-9_]*)` };
    case 'name':
      return NAME_RE.test(value) ? undefined : { message: `invalid name '${showWord(value)}' (a kept fd or socket name is one word)` };
    case 'types': {
      if (value === '-') return undefined;
      let offset = 0;
      const seen = new Set<string>();
      for (const item of value.split(',')) {
        if (!types.includes(item)) {
          return item === ''
            ? { message: `empty item in the type list '${showWord(value)}'`, offset }
            : { message: `unknown namespace type '${showWord(item)}' (types: ${types.join(' ')}; '-' for none)`, offset };
        }
        if (seen.has(item)) return { message: `namespace type '${showWord(item)}' listed twice`, offset };
        seen.add(item);
        offset += item.length + 1;
      }
      return undefined;
    }
    case 'type':
      return types.includes(value) ? undefined : { message: `unknown namespace type '${showWord(value)}' (types: ${types.join(' ')})` };
    case 'typeOrAny':
      return value === 'any' || types.includes(value) ? undefined : { message: `expected ${quoteList([...types, 'any'])}, found '${showWord(value)}'` };
    case 'nsfile':
      return types.includes(value) || value === 'pid_for_children' || value === 'time_for_children'
        ? undefined
        : { message: `unknown ns file '${showWord(value)}' (a type, pid_for_children or time_for_children)` };
    case 'int': {
      const message = cIntProblem(value, 'i32', 'int');
      return message === undefined ? undefined : { message };
    }
    case 'port': {
      if (!/^[0-9]+$/.test(value) || Number(value) > 65535) return { message: `expected a port 0..65535, found '${showWord(value)}'` };
      return undefined;
    }
    case 'signal':
      return SIGNAL_NAMES.includes(value) ? undefined : { message: `unknown signal '${showWord(value)}' (e.g. SIGKILL, SIGTERM)` };
    case 'path':
      return checkScenarioPath(value);
    case 'abspath':
      return value.startsWith('/') ? undefined : { message: `expected an absolute path, found '${showWord(value)}'` };
    case 'word':
      return value === '' ? { message: 'expected a non-empty argument' } : undefined;
    case 'text':
      return undefined;
  }
}

/**
 * The namespace types one (valid) argument names: the items of a `types` list
 * (none for `-`), a `type` or `typeOrAny` (none for `any`), or the type of an
 * `nsfile` (`pid_for_children` is `pid`, `time_for_children` is `time`).
 * Every other kind names none.
 */
export function argTypes(kind: ArgKind, value: string): string[] {
  switch (kind) {
    case 'types':
      return value === '-' ? [] : value.split(',');
    case 'type':
      return [value];
    case 'typeOrAny':
      return value === 'any' ? [] : [value];
    case 'nsfile':
      return [value.endsWith(FOR_CHILDREN) ? value.slice(0, -FOR_CHILDREN.length) : value];
    default:
      return [];
  }
}

const FOR_CHILDREN = '_for_children';

/**
 * The namespace types a step names in its arguments, per the kinds of its op in
 * `ops` (e.g. `clone a uts,net`: uts and net; `open a pid_for_children f`: pid;
 * `ioctl`: none), each once, in order. An op not in the table names none.
 */
export function stepTypes(step: { readonly op: string; readonly args: readonly string[] }, ops: OpTable): string[] {
  const spec = ops.get(step.op);
  const out: string[] = [];
  if (!spec) return out;
  step.args.forEach((value, i) => {
    const kind = spec.args[i];
    if (kind === undefined) return;
    for (const type of argTypes(kind, value)) if (!out.includes(type)) out.push(type);
  });
  return out;
}

/** A path a mount op names must lie under `/tmp/nss` (and not climb out of it with `..`). */
function checkScenarioPath(value: string): ArgProblem | undefined {
  const under = value === SCENARIO_ROOT || value.startsWith(`${SCENARIO_ROOT}/`);
  if (!under || value.split('/').includes('..')) {
    return { message: `path '${showWord(value)}' is not under ${SCENARIO_ROOT} (every path a mount op names lies under ${SCENARIO_ROOT})` };
  }
  return undefined;
}

/** Builds an op table from specs (a later spec with the same name replaces an earlier one). */
export function defineOps(specs: readonly OpSpec[]): OpTable {
  const table = new Map<string, OpSpec>();
  for (const spec of specs) {
    if (spec.args.length !== spec.max || spec.min > spec.max) {
      throw new Error(`op table: '${spec.name}' must list one kind per argument (min ${spec.min}, max ${spec.max}, ${spec.args.length} kinds)`);
    }
    table.set(spec.name, spec);
  }
  return table;
}

/** A new table with `base`'s ops plus `specs` (which replace ops of the same name). */
export function extendOps(base: OpTable, specs: readonly OpSpec[]): OpTable {
  return defineOps([...base.values(), ...specs]);
}

/**
 * An op spec from its usage line (the op word is the usage's first word):
 * `opSpec('uts', 'sethostname <name>', 1, ['text'])`. `max` is `args.length`.
 */
export function opSpec(group: string, usage: string, min: number, args: readonly ArgKind[], check?: OpSpec['check']): OpSpec {
  const name = usage.split(' ')[0] ?? usage;
  return check ? { name, usage, min, max: args.length, args, check, group } : { name, usage, min, max: args.length, args, group };
}

/** One section of the format's "Ops": the namespace type it belongs to (none for `tasks`) and its op words. */
export interface FormatSection {
  readonly type: string | undefined;
  readonly ops: readonly string[];
}

const PROPAGATION = ['shared', 'private', 'slave', 'unbindable', 'rshared', 'rprivate', 'rslave'];

/**
 * The op words of the format, version 1, by section. Format data only: the specs
 * come from the scenario areas that implement them. (nsproxy's extension ops,
 * such as `ipcrm` or `sysctl`, are not the format's and are not listed.)
 */
export const FORMAT_SECTIONS: Readonly<Record<string, FormatSection>> = Object.freeze({
  tasks: {
    type: undefined,
    ops: ['clone', 'unshare', 'ns', 'nsof', 'setns', 'setns-pidfd', 'open', 'setns-fd', 'close', 'fdns', 'ioctl', 'pin', 'setns-path', 'nspath', 'exit', 'alive'],
  },
  user: { type: 'user', ops: ['id', 'caps', 'setuid', 'setgid', 'uid_map', 'gid_map', 'setgroups', 'read'] },
  uts: { type: 'uts', ops: ['sethostname', 'setdomainname', 'hostname', 'domainname'] },
  ipc: { type: 'ipc', ops: ['shmget', 'msgget', 'semget', 'ipcs'] },
  pid: { type: 'pid', ops: ['getpid', 'getppid', 'pid', 'kill'] },
  mnt: { type: 'mnt', ops: ['mkdir', 'mount', 'umount', 'umount-lazy', ...PROPAGATION.map((kind) => `make-${kind}`), 'mounted', 'propagation'] },
  net: { type: 'net', ops: ['links', 'veth', 'link-netns', 'link-up', 'link-down', 'link-state', 'bind', 'close-sock'] },
});

/** The section of the format an op word belongs to (`mount`: `mnt`), or undefined for an op the format does not define. */
export function formatSectionOf(op: string): string | undefined {
  for (const [section, { ops }] of Object.entries(FORMAT_SECTIONS)) if (ops.includes(op)) return section;
  return undefined;
}

/** Edit distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/**
 * The closest known word to a typo, if one is close enough. A word with a
 * character that does not show as itself (a NUL, a control or zero-width
 * character: see `showWord`) gets no suggestion, which could look identical
 * to it.
 */
export function suggest(word: string, known: Iterable<string>): string | undefined {
  if (!isPrintable(word)) return undefined;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of known) {
    const d = distance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
