/**
 * The op table of the scenario format (`/shared/scenario-format.md`, "Ops").
 *
 * Every op a `.nss` step may name, with its argument count and, where the format
 * fixes them, the words an argument may be. The parser checks each step against
 * this table, so a typo (`clon`, `setgroups a alow`, `ipcs shn`) is a parse error
 * that names the column, and nothing runs.
 *
 * The table is data and can be extended: `extendOps(FORMAT_OPS, [...])` returns a
 * new table with more ops (or replaced ones), and `parseScenario(..., { ops })` uses it.
 */
import { MSGRCV_FLAG_BITS, SEM_OP_ITEM } from './args.ts';

/** The namespace types of the format: the kernel's names. */
export const NAMESPACE_TYPES: readonly string[] = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'];

/** The ns files of `/proc/<pid>/ns/`: the types plus the two `*_for_children` links. */
export const NS_FILES: readonly string[] = [...NAMESPACE_TYPES, 'pid_for_children', 'time_for_children'];

/** Signal names accepted by `kill` (Linux names, x86-64 numbering 1..31). */
export const SIGNAL_NAMES: readonly string[] = [
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGIOT', 'SIGBUS', 'SIGFPE', 'SIGKILL',
  'SIGUSR1', 'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT',
  'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF',
  'SIGWINCH', 'SIGIO', 'SIGPOLL', 'SIGPWR', 'SIGSYS',
];

/** The `ioctl` requests of the format; the first two keep a new fd. */
export const NS_IOCTLS: readonly string[] = ['NS_GET_USERNS', 'NS_GET_PARENT', 'NS_GET_NSTYPE', 'NS_GET_OWNER_UID'];

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
 * - `int`: an integer (decimal, optionally negative, or `0x` hex)
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
  | { readonly describe: string; readonly validate: (value: string) => ArgProblem | undefined };

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
const INT_RE = /^(?:-?[0-9]+|0[xX][0-9a-fA-F]+)$/;

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
      return kind.oneOf.includes(value) ? undefined : { message: `expected ${quoteList(kind.oneOf)}, found '${value}'` };
    }
    return kind.validate(value);
  }
  switch (kind) {
    case 'task':
      return TASK_RE.test(value) ? undefined : { message: `invalid task name '${value}' (task names are [a-z][a-z0-9_]*)` };
    case 'name':
      return NAME_RE.test(value) ? undefined : { message: `invalid name '${value}' (a kept fd or socket name is one word)` };
    case 'types': {
      if (value === '-') return undefined;
      let offset = 0;
      const seen = new Set<string>();
      for (const item of value.split(',')) {
        if (!types.includes(item)) {
          return item === ''
            ? { message: `empty item in the type list '${value}'`, offset }
            : { message: `unknown namespace type '${item}' (types: ${types.join(' ')}; '-' for none)`, offset };
        }
        if (seen.has(item)) return { message: `namespace type '${item}' listed twice`, offset };
        seen.add(item);
        offset += item.length + 1;
      }
      return undefined;
    }
    case 'type':
      return types.includes(value) ? undefined : { message: `unknown namespace type '${value}' (types: ${types.join(' ')})` };
    case 'typeOrAny':
      return value === 'any' || types.includes(value) ? undefined : { message: `expected ${quoteList([...types, 'any'])}, found '${value}'` };
    case 'nsfile':
      return types.includes(value) || value === 'pid_for_children' || value === 'time_for_children'
        ? undefined
        : { message: `unknown ns file '${value}' (a type, pid_for_children or time_for_children)` };
    case 'int':
      return INT_RE.test(value) ? undefined : { message: `expected an integer, found '${value}'` };
    case 'port': {
      if (!/^[0-9]+$/.test(value) || Number(value) > 65535) return { message: `expected a port 0..65535, found '${value}'` };
      return undefined;
    }
    case 'signal':
      return SIGNAL_NAMES.includes(value) ? undefined : { message: `unknown signal '${value}' (e.g. SIGKILL, SIGTERM)` };
    case 'path':
      return checkScenarioPath(value);
    case 'abspath':
      return value.startsWith('/') ? undefined : { message: `expected an absolute path, found '${value}'` };
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
export function stepTypes(step: { readonly op: string; readonly args: readonly string[] }, ops: OpTable = FORMAT_OPS): string[] {
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
    return { message: `path '${value}' is not under ${SCENARIO_ROOT} (every path a mount op names lies under ${SCENARIO_ROOT})` };
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

function spec(group: string, usage: string, min: number, args: readonly ArgKind[], check?: OpSpec['check']): OpSpec {
  const name = usage.split(' ')[0] ?? usage;
  return check ? { name, usage, min, max: args.length, args, check, group } : { name, usage, min, max: args.length, args, group };
}

const IPC_KIND: ArgKind = { oneOf: ['shm', 'msg', 'sem'] };
/** An ipc key: decimal, 0x-hex, or IPC_PRIVATE. */
const IPC_KEY: ArgKind = {
  describe: 'an ipc key (decimal, 0x-hex or IPC_PRIVATE)',
  validate: (value) => (value === 'IPC_PRIVATE' || INT_RE.test(value) ? undefined : { message: `expected an ipc key (decimal, 0x-hex or IPC_PRIVATE), found '${value}'` }),
};
/** A sysctl name as sysctl(8) writes it: dotted words, e.g. kernel.shmmni. */
const SYSCTL_NAME: ArgKind = {
  describe: 'a sysctl name (e.g. kernel.shmmni)',
  validate: (value) => (/^[a-z0-9_]+(?:\.[a-z0-9_-]+)+$/.test(value) ? undefined : { message: `expected a sysctl name such as kernel.shmmni, found '${value}'` }),
};
/** The msgrcv flags of the `msgrcv` extension (MSG_NOERROR, MSG_EXCEPT, MSG_COPY; IPC_NOWAIT is always set). */
const MSG_FLAGS = Object.keys(MSGRCV_FLAG_BITS);
/** The operations of `semop`: comma-joined `<num>:<op>` (e.g. `0:1,1:-1`), or `-` for none. */
const SEM_OPS: ArgKind = {
  describe: 'semaphore operations <num>:<op>[,<num>:<op>...] or -',
  validate: (value) => {
    if (value === '-') return undefined;
    let offset = 0;
    for (const item of value.split(',')) {
      if (!SEM_OP_ITEM.test(item)) return { message: `expected a semaphore operation <num>:<op> (e.g. 0:-1), found '${item}'`, offset };
      offset += item.length + 1;
    }
    return undefined;
  },
};
const PROPAGATION = ['shared', 'private', 'slave', 'unbindable', 'rshared', 'rprivate', 'rslave'];

/** Every op of the format, version 1. */
export const FORMAT_OPS: OpTable = defineOps([
  // Tasks and namespaces
  spec('tasks', 'clone <name> <types>', 2, ['task', 'types']),
  spec('tasks', 'unshare <types>', 1, ['types']),
  spec('tasks', 'ns <file>', 1, ['nsfile']),
  spec('tasks', 'nsof <task> <file>', 2, ['task', 'nsfile']),
  spec('tasks', 'setns <task> <type> [any]', 2, ['task', 'type', { oneOf: ['any'] }]),
  spec('tasks', 'setns-pidfd <task> <types>', 2, ['task', 'types']),
  spec('tasks', 'open <task> <file> <fd>', 3, ['task', 'nsfile', 'name']),
  spec('tasks', 'setns-fd <fd> [<type>|any]', 1, ['name', 'typeOrAny']),
  spec('tasks', 'close <fd>', 1, ['name']),
  spec('tasks', 'fdns <fd>', 1, ['name']),
  spec('tasks', 'ioctl <fd> <request> [<newfd>]', 2, ['name', { oneOf: NS_IOCTLS }, 'name'], (args) => {
    const request = args[1] ?? '';
    const keepsFd = request === 'NS_GET_USERNS' || request === 'NS_GET_PARENT';
    if (keepsFd && args.length < 3) return { index: 3, message: `ioctl ${request} needs a name for the new fd (ioctl <fd> ${request} <newfd>)` };
    if (!keepsFd && args.length > 2) return { index: 2, message: `ioctl ${request} keeps no fd (ioctl <fd> ${request})` };
    return undefined;
  }),
  spec('tasks', 'pin <task> <file> <path>', 3, ['task', 'nsfile', 'path']),
  spec('tasks', 'setns-path <path> [<type>|any]', 1, ['abspath', 'typeOrAny']),
  spec('tasks', 'nspath <path>', 1, ['abspath']),
  spec('tasks', 'exit [<code>]', 0, ['int']),
  spec('tasks', 'alive <task>', 1, ['task']),
  // Credentials (user namespaces)
  spec('user', 'id', 0, []),
  spec('user', 'caps', 0, []),
  spec('user', 'setuid <n>', 1, ['int']),
  spec('user', 'setgid <n>', 1, ['int']),
  spec('user', 'uid_map <task> <lines>', 2, ['task', 'text']),
  spec('user', 'gid_map <task> <lines>', 2, ['task', 'text']),
  spec('user', 'setgroups <task> allow|deny', 2, ['task', { oneOf: ['allow', 'deny'] }]),
  spec('user', 'read uid_map|gid_map <task>', 2, [{ oneOf: ['uid_map', 'gid_map'] }, 'task']),
  // UTS
  spec('uts', 'sethostname <name>', 1, ['text']),
  spec('uts', 'setdomainname <name>', 1, ['text']),
  spec('uts', 'hostname', 0, []),
  spec('uts', 'domainname', 0, []),
  // IPC
  spec('ipc', 'shmget <key> [create]', 1, [IPC_KEY, { oneOf: ['create'] }]),
  spec('ipc', 'msgget <key> [create]', 1, [IPC_KEY, { oneOf: ['create'] }]),
  spec('ipc', 'semget <key> [create]', 1, [IPC_KEY, { oneOf: ['create'] }]),
  spec('ipc', 'ipcs shm|msg|sem', 1, [IPC_KIND]),
  // IPC extensions (@nsproxy/ipc): IPC_RMID and IPC_STAT by id, POSIX message queues, the ipc sysctls, messages, semop.
  spec('ipc', 'ipcrm shm|msg|sem <id>', 2, [IPC_KIND, 'int']),
  spec('ipc', 'ipcstat shm|msg|sem <id>', 2, [IPC_KIND, 'int']),
  spec('ipc', 'mq_open <name> [create|excl]', 1, ['word', { oneOf: ['create', 'excl'] }]),
  spec('ipc', 'mq_unlink <name>', 1, ['word']),
  spec('ipc', 'sysctl <name> [<value>]', 1, [SYSCTL_NAME, 'text']),
  // System V messages and semaphore operations, always with IPC_NOWAIT (the model has no blocking).
  spec('ipc', 'msgsnd <id> <mtype> <size> [<text>]', 3, ['int', 'int', 'int', 'text']),
  spec('ipc', 'msgrcv <id> <size> <msgtyp> [noerror|except|copy]...', 3, ['int', 'int', 'int', { oneOf: MSG_FLAGS }, { oneOf: MSG_FLAGS }], (args) => {
    if (args.length > 4 && args[3] === args[4]) return { index: 4, message: `msgrcv flag '${args[4] ?? ''}' given twice` };
    return undefined;
  }),
  spec('ipc', 'semop <id> <num>:<op>[,<num>:<op>...]', 2, ['int', SEM_OPS]),
  // PID
  spec('pid', 'getpid', 0, []),
  spec('pid', 'getppid', 0, []),
  spec('pid', 'pid <task>', 1, ['task']),
  spec('pid', 'kill <task> <SIGNAME>', 2, ['task', 'signal']),
  // Mounts
  spec('mnt', 'mkdir <path>', 1, ['path']),
  spec('mnt', 'mount tmpfs|bind|rbind <path> [<dst>]', 2, [{ oneOf: ['tmpfs', 'bind', 'rbind'] }, 'path', 'path'], (args) => {
    if (args[0] === 'tmpfs' && args.length > 2) return { index: 2, message: 'mount tmpfs takes one path (mount tmpfs <path>)' };
    if (args[0] !== 'tmpfs' && args.length < 3) return { index: 3, message: `mount ${args[0] ?? 'bind'} takes a source and a target (mount ${args[0] ?? 'bind'} <src> <dst>)` };
    return undefined;
  }),
  spec('mnt', 'umount <path>', 1, ['path']),
  spec('mnt', 'umount-lazy <path>', 1, ['path']),
  ...PROPAGATION.map((kind) => spec('mnt', `make-${kind} <path>`, 1, ['path'])),
  spec('mnt', 'mounted <path>', 1, ['path']),
  spec('mnt', 'propagation <path>', 1, ['path']),
  // Network
  spec('net', 'links', 0, []),
  spec('net', 'veth <name> <peer>', 2, ['word', 'word']),
  spec('net', 'link-netns <dev> <task>', 2, ['word', 'task']),
  spec('net', 'link-up <dev>', 1, ['word']),
  spec('net', 'link-down <dev>', 1, ['word']),
  spec('net', 'link-state <dev>', 1, ['word']),
  spec('net', 'bind tcp|udp <port> <sock>', 3, [{ oneOf: ['tcp', 'udp'] }, 'port', 'name']),
  spec('net', 'close-sock <sock>', 1, ['name']),
]);

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

/** The closest known word to a typo, if one is close enough. */
export function suggest(word: string, known: Iterable<string>): string | undefined {
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
