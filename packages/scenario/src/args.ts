/**
 * Argument words of the extension ops that both backends read: defined once
 * here, so that the simulated backend and the real one (`@nsproxy/linux`)
 * cannot drift apart.
 */

/**
 * The C integer types of the integer argument kinds (`{ int: 'u32' }`, ...):
 * a width in bits and a signedness. An op's integer argument names the type the
 * system call receives (uid_t is `u32`, key_t and int are `i32`, long `i64`,
 * size_t `u64`, unsigned short `u16`, short `i16`).
 */
export type CIntType = 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64';

/** The C name of each type, for messages (an op's kind may name its own: `uid_t`, `key_t`, `size_t`). */
export const C_INT_NAMES: Readonly<Record<CIntType, string>> = Object.freeze({
  i16: 'short',
  u16: 'unsigned short',
  i32: 'int',
  u32: 'unsigned int',
  i64: 'long',
  u64: 'unsigned long',
});

/** The width of a C integer type, in bits. */
export function cIntBits(type: CIntType): number {
  return Number(type.slice(1));
}

/**
 * The words an argument of a C integer type accepts: every value of its width,
 * written signed or unsigned, -2^(N-1) .. 2^N-1 (so `setuid -1` and
 * `setuid 4294967295` are both uid_t 0xffffffff, and `shmget 0xdeadbeef` is a
 * key_t). What does not fit in N bits is rejected: C would need a cast.
 */
export function cIntBounds(type: CIntType): { readonly min: bigint; readonly max: bigint } {
  const bits = BigInt(cIntBits(type));
  return { min: -(1n << (bits - 1n)), max: (1n << bits) - 1n };
}

/** An integer word exactly: decimal (maybe negative) or 0x-hex; undefined when it is neither. */
export function integerBig(word: string): bigint | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(word)) return BigInt(`0x${word.slice(2)}`);
  if (/^-?[0-9]+$/.test(word)) return BigInt(word);
  return undefined;
}

/**
 * An integer word as a JS number: decimal (maybe negative) or 0x-hex; undefined
 * when it is neither, or when a number cannot hold it exactly (beyond ±2^53:
 * use {@link integerBig} or {@link cIntArg}).
 */
export function integerArg(word: string): number | undefined {
  const n = integerBig(word);
  if (n === undefined) return undefined;
  const value = Number(n);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** A word shortened for a message (an integer of a thousand digits is not repeated whole). */
function short(word: string): string {
  return word.length > 40 ? `${word.slice(0, 20)}...${word.slice(-8)}` : word;
}

/**
 * Why a word is not an argument of C type `type` (named `ctype` in the message),
 * or undefined when it is one. A value that does not fit in the type's width is
 * refused with what a C cast would make of it.
 */
export function cIntProblem(word: string, type: CIntType, ctype: string = C_INT_NAMES[type]): string | undefined {
  const n = integerBig(word);
  if (n === undefined) return `expected an integer, found '${showWord(word)}'`;
  const { min, max } = cIntBounds(type);
  if (n >= min && n <= max) return undefined;
  const cast = toCInt(n, type);
  return `${short(word)} does not fit in ${ctype} (${cIntBits(type)} bits: ${min}..${max}); C would need a cast, and (${ctype})${short(word)} is ${cast}`;
}

/** A value converted to a C integer type, as C converts it (modulo 2^N, two's complement for signed types). */
export function toCInt(n: bigint, type: CIntType): bigint {
  const bits = cIntBits(type);
  return type.startsWith('u') ? BigInt.asUintN(bits, n) : BigInt.asIntN(bits, n);
}

/**
 * An integer argument of C type `type`, exactly, as the system call receives it
 * (`setuid -1` gives 4294967295n). Throws a RangeError for a word that is no
 * integer of that type (the parser has refused such a step already).
 */
export function cIntArg(word: string, type: CIntType, ctype: string = C_INT_NAMES[type]): bigint {
  const problem = cIntProblem(word, type, ctype);
  if (problem !== undefined) throw new RangeError(problem);
  return toCInt(integerBig(word) ?? 0n, type);
}

/**
 * A word as a message shows it, on one line and never confusable: control and
 * format characters (NUL, newline, ESC, zero-width and bidi marks, ...), blanks
 * other than the space, and the backslash are escaped (`cl\x00one`), the rest is kept.
 */
export function showWord(word: string): string {
  return word.replace(/\\|[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}]|(?! )\p{Zs}/gu, (ch) => {
    if (ch === '\\') return '\\\\';
    const code = ch.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** Whether a word shows as itself: nothing in it needs escaping (see {@link showWord}). */
export function isPrintable(word: string): boolean {
  return showWord(word) === word;
}

/** The `msgrcv` flag words and their bits (include/uapi/linux/msg.h; IPC_NOWAIT is always added). */
export const MSGRCV_FLAG_BITS: Readonly<Record<string, number>> = Object.freeze({ noerror: 0o10000, except: 0o20000, copy: 0o40000 });

/** One operation of `semop`'s list: `<num>:<op>`. */
export const SEM_OP_ITEM: RegExp = /^[0-9]+:-?[0-9]+$/;

/** Why one item of `semop`'s list is not `<num>:<op>` with sem_num an unsigned short and sem_op a short; undefined when it is. */
export function semOpItemProblem(item: string): string | undefined {
  if (!SEM_OP_ITEM.test(item)) return `expected a semaphore operation <num>:<op> (e.g. 0:-1), found '${showWord(item)}'`;
  const [num = '', op = ''] = item.split(':');
  const numProblem = cIntProblem(num, 'u16', 'unsigned short');
  if (numProblem !== undefined) return `semaphore operation '${short(item)}': sem_num ${numProblem}`;
  const opProblem = cIntProblem(op, 'i16', 'short');
  return opProblem === undefined ? undefined : `semaphore operation '${short(item)}': sem_op ${opProblem}`;
}

/**
 * `semop`'s operations, `<num>:<op>[,<num>:<op>...]` or `-` (none), with the
 * values of the C types (sem_num an unsigned short, sem_op a short); undefined
 * when malformed or out of those types' range.
 */
export function semOpsArg(word: string): { readonly num: number; readonly op: number }[] | undefined {
  if (word === '-') return [];
  const items = word.split(',');
  if (!items.every((item) => semOpItemProblem(item) === undefined)) return undefined;
  return items.map((item) => {
    const [num = '', op = ''] = item.split(':');
    return { num: Number(cIntArg(num, 'u16')), op: Number(cIntArg(op, 'i16')) };
  });
}

/**
 * Why a write of a `user.*` sysctl by a task of the world's initial user
 * namespace is refused, on both backends, as a runner error: on the real
 * kernel that namespace is the runner's (the host's, as root).
 */
export function userSysctlRefusal(name: string): string {
  return `refusing to write ${name} from the world's initial user namespace (the host's, when run as root); write user.* from a user namespace the scenario created`;
}

/**
 * Why `init: pdeathsig` is refused, on both backends, as a runner error: on
 * the real kernel init's parent-death signal is the runner's (SIGKILL, set
 * again after every change of its credentials, so that init dies with the
 * runner's agent).
 */
export const INIT_PDEATHSIG_REFUSAL = "refusing pdeathsig for init: its parent-death signal is the runner's (init dies with the runner's agent)";

/**
 * The prctl(2) options of the `prctl` extension op (include/uapi/linux/prctl.h;
 * the PR_CAP_AMBIENT ones are PR_CAP_AMBIENT with that arg2), and whether each
 * takes an argument (an unsigned long: the bits, the value or the capability).
 */
export const PRCTL_OPTIONS: Readonly<Record<string, { readonly arg: boolean }>> = Object.freeze({
  PR_GET_SECUREBITS: { arg: false },
  PR_SET_SECUREBITS: { arg: true },
  PR_GET_KEEPCAPS: { arg: false },
  PR_SET_KEEPCAPS: { arg: true },
  PR_GET_NO_NEW_PRIVS: { arg: false },
  PR_SET_NO_NEW_PRIVS: { arg: true },
  PR_CAPBSET_READ: { arg: true },
  PR_CAPBSET_DROP: { arg: true },
  PR_CAP_AMBIENT_RAISE: { arg: true },
  PR_CAP_AMBIENT_LOWER: { arg: true },
  PR_CAP_AMBIENT_IS_SET: { arg: true },
  PR_CAP_AMBIENT_CLEAR_ALL: { arg: false },
  PR_GET_DUMPABLE: { arg: false },
  PR_SET_DUMPABLE: { arg: true },
});

/** Why the words of a `prctl` step do not fit its option (an argument missing or one too many), or undefined. */
export function prctlArgsProblem(args: readonly string[]): { readonly index: number; readonly message: string } | undefined {
  const option = args[0] ?? '';
  const takes = PRCTL_OPTIONS[option]?.arg;
  if (takes === undefined) return undefined;
  if (takes && args.length < 2) return { index: 1, message: `prctl ${option} needs an argument (prctl ${option} <n>)` };
  if (!takes && args.length > 1) return { index: 1, message: `prctl ${option} takes no argument (prctl ${option})` };
  return undefined;
}

/** A `pdeathsig` argument: a signal name (SIGKILL) or a number as prctl receives it (an unsigned long); undefined when it is neither. */
export function pdeathsigArg(word: string, signals: Readonly<Record<string, number>>): bigint | undefined {
  const named = signals[word];
  if (named !== undefined) return BigInt(named);
  return cIntProblem(word, 'u64') === undefined ? cIntArg(word, 'u64', 'unsigned long') : undefined;
}

/**
 * The flag words of the System V get ops (`shmget`, `msgget`, `semget`): the
 * format's `create` (IPC_CREAT|0600), and as extensions `excl`
 * (IPC_CREAT|IPC_EXCL|0600) and `-` (0: a lookup, so that a size or a count
 * can follow).
 */
export const IPC_GET_FLAGS: Readonly<Record<string, number>> = Object.freeze({ '-': 0, create: 0o1000 | 0o600, excl: 0o1000 | 0o2000 | 0o600 });

/** The flag words of `mq_open`: none (`-`), O_CREAT, O_CREAT|O_EXCL (x86_64 values). */
export const MQ_OPEN_FLAGS: Readonly<Record<string, number>> = Object.freeze({ '-': 0, create: 0o100, excl: 0o300 });

/**
 * The access modes an extension op may open a file with: O_RDONLY, O_WRONLY,
 * O_RDWR, and `wronly,rdwr`, the access mode 3 (O_WRONLY|O_RDWR) that open(2)
 * and mq_open(2) treat apart.
 */
export const OPEN_ACCMODES: Readonly<Record<string, number>> = Object.freeze({ rdonly: 0, wronly: 1, rdwr: 2, 'wronly,rdwr': 3 });

/**
 * The commands shmctl, msgctl and semctl know (include/uapi/linux/ipc.h,
 * shm.h, msg.h, sem.h): IPC_RMID, IPC_SET, IPC_STAT, IPC_INFO and each kind's
 * own. Any other command is EINVAL (the default case of ksys_shmctl, ...).
 */
export const IPC_CTL_COMMANDS: Readonly<Record<'shm' | 'msg' | 'sem', readonly number[]>> = Object.freeze({
  shm: Object.freeze([0, 1, 2, 3, 11, 12, 13, 14, 15]),
  msg: Object.freeze([0, 1, 2, 3, 11, 12, 13]),
  sem: Object.freeze([0, 1, 2, 3, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]),
});

/**
 * Why a group list of the `setgroups-call` extension is not `-` (none) or
 * `<gid>[*<count>][,...]` (each gid a gid_t, each count up to 2^20), or undefined.
 */
export function groupListProblem(word: string): { readonly message: string; readonly offset: number } | undefined {
  if (word === '-') return undefined;
  let offset = 0;
  for (const item of word.split(',')) {
    const [gid = '', count, more] = item.split('*');
    const problem = more !== undefined || gid === '' ? `expected <gid> or <gid>*<count>, found '${showWord(item)}'` : cIntProblem(gid, 'u32', 'gid_t');
    if (problem !== undefined) return { message: problem, offset };
    if (count !== undefined && (!/^[0-9]+$/.test(count) || Number(count) > 1 << 20)) {
      return { message: `expected a count of 0 to ${1 << 20} after '*', found '${showWord(count)}'`, offset: offset + gid.length + 1 };
    }
    offset += item.length + 1;
  }
  return undefined;
}

/** The gids of a `setgroups-call` group list (as gid_t values), in order; throws when malformed. */
export function groupListArg(word: string): number[] {
  const problem = groupListProblem(word);
  if (problem !== undefined) throw new Error(problem.message);
  if (word === '-') return [];
  const gids: number[] = [];
  for (const item of word.split(',')) {
    const [gid = '', count = '1'] = item.split('*');
    const value = Number(cIntArg(gid, 'u32', 'gid_t'));
    for (let i = 0; i < Number(count); i++) gids.push(value);
  }
  return gids;
}

/**
 * A signal argument of the signal extension ops (`kill`, `pidfd-send`,
 * `sigaction`): a signal name (SIGKILL), or a number as the system call
 * receives it (a C int, so 0, 65 and -1 reach the kernel, which refuses what
 * is no signal); undefined when it is neither.
 */
export function signalNumberArg(word: string, signals: Readonly<Record<string, number>>): number | undefined {
  const named = signals[word];
  if (named !== undefined) return named;
  return cIntProblem(word, 'i32') === undefined ? Number(cIntArg(word, 'i32')) : undefined;
}

/**
 * A target of `kill`, `pidfd-open` and `wait`: a task name, or a pid as the
 * system call receives it (a C pid_t, passed as it is: `-1`, `0`, `999`).
 * `{ task }` or `{ pid }`; undefined when it is neither.
 */
export function pidTargetArg(word: string): { readonly task: string } | { readonly pid: number } | undefined {
  if (/^[a-z][a-z0-9_]*$/.test(word)) return { task: word };
  return cIntProblem(word, 'i32', 'pid_t') === undefined ? { pid: Number(cIntArg(word, 'i32', 'pid_t')) } : undefined;
}

/**
 * Why `kill` and `wait` refuse a pid, on both backends, as a runner error: 0
 * and the negative pids other than -1 name process groups, which the format
 * leaves out (the world's tasks share one on the real kernel; the model has none).
 */
export function processGroupRefusal(op: string, pid: number): string | undefined {
  return pid === 0 || pid < -1 ? `refusing ${op} of pid ${pid}: process groups are not in the format (0 and pids below -1 name one)` : undefined;
}

/** PIDFD_SIGNAL_PROCESS_GROUP: the scope flag of pidfd_send_signal that the format leaves out (process groups). */
export const PIDFD_SIGNAL_PROCESS_GROUP = 4;

/** Why `pidfd-send` refuses its flags, on both backends, as a runner error (a process group's scope), or undefined. */
export function pidfdSendRefusal(flags: number): string | undefined {
  return (flags & PIDFD_SIGNAL_PROCESS_GROUP) !== 0 && (flags & ~PIDFD_SIGNAL_PROCESS_GROUP) === 0
    ? 'refusing pidfd-send with PIDFD_SIGNAL_PROCESS_GROUP: process groups are not in the format'
    : undefined;
}

/** The dispositions of the `sigaction` op: SIG_DFL, SIG_IGN, or a handler that notes the signal (`caught`). */
export const SIGACTION_WORDS: readonly string[] = Object.freeze(['default', 'ignore', 'handle']);

/**
 * Why `sigaction` refuses a signal, on both backends, as a runner error:
 * every task reaps its children at once, as if SIGCHLD were ignored (the
 * format's world), so its disposition stays.
 */
export function sigactionRefusal(sig: number): string | undefined {
  return sig === 17 ? "refusing sigaction of SIGCHLD: every task reaps its children at once (SIGCHLD stays ignored, as the format's world has it)" : undefined;
}
