/**
 * The contract between the scenario runner and a kernel: the simulated one
 * (`@nsproxy/core/scenario`, with the namespace packages' areas) or the real
 * Linux kernel (`@nsproxy/linux`). It is also exported alone as
 * `@nsproxy/scenario/contract`, and loads nothing of the model.
 *
 * A backend runs one step at a time and answers with a raw result; the runner
 * turns raw results into the normalized text of `scenario-format.md`
 * (namespace identities into labels such as `uts:2`, lists sorted and joined).
 *
 * The tables of the Linux ABI that both backends need are here, once each:
 * namespace flags by type name, the ns files, signal numbers by name, the ns
 * ioctls, and the normalization of an id-map file's text. So are the argument
 * readers of the extension ops (`args.ts`), re-exported.
 */

export * from './args.ts';
export * from './clone-flags.ts';

/** One step of a scenario: `actor: op args...`. */
export interface Step {
  /** Task name of the actor (`init` exists at the start). */
  readonly actor: string;
  /** The op word, e.g. `clone`, `setns`, `uid_map`. */
  readonly op: string;
  /** Arguments, with quoted strings already unquoted. */
  readonly args: readonly string[];
}

/** A raw step result, before normalization. */
export type StepResult =
  /** The call succeeded and returned nothing of interest. */
  | { readonly kind: 'ok' }
  /**
   * The call failed with this errno name (`EPERM`), or a runner-level name
   * (`ENOTASK`). The simulated kernel also says which rule of its catalog gave
   * it (`rule`, e.g. `U3.2`); the real kernel cannot. Not part of the transcript.
   */
  | { readonly kind: 'errno'; readonly code: string; readonly rule?: string }
  /** A number: a pid, a uid, a count, an ipc id. */
  | { readonly kind: 'int'; readonly value: number }
  /** A word or text: a hostname, `yes`/`no`, `uid=0 gid=0`, a capability mask. */
  | { readonly kind: 'text'; readonly value: string }
  /**
   * A namespace. `id` identifies it uniquely for the whole run on this backend
   * (the 64-bit ns_id of NS_GET_ID on Linux 6.18, never reused); the runner
   * turns (type, id) into a label numbered in order of first appearance.
   */
  | { readonly kind: 'ns'; readonly type: string; readonly id: string }
  /** A list of words; the runner sorts and joins them (`-` when empty). */
  | { readonly kind: 'list'; readonly items: readonly string[] };

/** Options for opening a session. */
export interface SessionOptions {
  /**
   * The effective capability set `init` starts with (CapEff as a number).
   * A diff run passes the real kernel's set to the simulated backend so both agree.
   */
  readonly initCaps?: bigint;
  /**
   * The roads not taken to open (the scenario's `@road:`), on a backend that
   * can (`Backend.roads`). Default none: Linux as merged.
   */
  readonly roads?: readonly string[];
}

/** One running scenario on one backend. */
export interface BackendSession {
  /**
   * The namespaces of `init` before the first step, one result per ns file
   * (`cgroup ipc mnt net pid pid_for_children time time_for_children user uts`,
   * those the backend has), so the starting namespaces are all `<type>:1`.
   */
  observeInit(): Promise<readonly StepResult[]>;
  /** Runs one step as its actor. Never throws for a kernel error: it answers `errno`. */
  run(step: Step): Promise<StepResult>;
  /** `init`'s effective capability set (the `caps` of `init`), for a diff run. */
  initCaps(): Promise<bigint>;
  /** Ends the scenario: every task and process it created is gone after this. */
  close(): Promise<void>;
}

/** A kernel the runner can run scenarios on. */
export interface Backend {
  /** `sim` or `linux`. */
  readonly name: string;
  /** `undefined` when this backend can run here, else one line saying why not. */
  unavailable(): Promise<string | undefined>;
  /** The namespace types this backend has (for `@needs`). */
  readonly types: readonly string[];
  /** Whether this backend implements an op; a scenario using an unsupported op is skipped. */
  supportsOp(op: string): boolean;
  /**
   * The roads not taken this backend can open (`@road:`, `SessionOptions.roads`).
   * Absent or empty: the kernel as merged (the real kernel), which skips every
   * scenario that names a road.
   */
  readonly roads?: readonly string[];
  /**
   * When this backend, as it can run here, builds its world one user
   * namespace deeper than the format's, in a user namespace that maps only
   * one uid and one gid as 0 (the real kernel without root): those host ids.
   * A runner that has the model too runs each scenario in such a world on the
   * model and skips, with the reason, exactly the scenarios whose results it
   * changes. Optional; undefined: the format's world.
   */
  nestedWorld?(): { readonly uid: number; readonly gid: number } | undefined;
  /** Starts a fresh world (see "The world at the start" in the format). */
  open(options?: SessionOptions): Promise<BackendSession>;
}

/**
 * The CLONE_NEW* flag of each namespace type of the format, by its kernel
 * name (include/uapi/linux/sched.h; the same on every architecture).
 */
export const NS_TYPE_FLAGS: Readonly<Record<string, number>> = Object.freeze({
  cgroup: 0x02000000,
  ipc: 0x08000000,
  mnt: 0x00020000,
  net: 0x40000000,
  pid: 0x20000000,
  time: 0x00000080,
  user: 0x10000000,
  uts: 0x04000000,
});

/** The namespace types of the format: the kernel's names, sorted. */
export const NAMESPACE_TYPES: readonly string[] = Object.freeze(Object.keys(NS_TYPE_FLAGS).sort());

/** Every entry of `/proc/<pid>/ns/` of the format, with the type it names. */
export const NS_FILE_TYPES: Readonly<Record<string, string>> = Object.freeze({
  ...Object.fromEntries(NAMESPACE_TYPES.map((t) => [t, t])),
  pid_for_children: 'pid',
  time_for_children: 'time',
});

/** The ns files of `/proc/<pid>/ns/`: the types plus the two `*_for_children` links. */
export const NS_FILES: readonly string[] = Object.freeze(Object.keys(NS_FILE_TYPES));

/** The ns files of `init` a backend observes before the first step (`observeInit`), in this order. */
export const INIT_NS_FILES: readonly string[] = Object.freeze([...NS_FILES].sort());

/** Signal numbers by name (Linux, x86-64 numbering 1..31; `SIGIOT` and `SIGPOLL` are aliases). */
export const SIGNALS: Readonly<Record<string, number>> = Object.freeze({
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGIOT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGSTKFLT: 16,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPOLL: 29,
  SIGPWR: 30,
  SIGSYS: 31,
});

/** Signal names accepted by `kill`. */
export const SIGNAL_NAMES: readonly string[] = Object.freeze(Object.keys(SIGNALS));

/** How a signal number is shown (`caught`): its first name (SIGABRT, not SIGIOT), or the number for a real-time signal (34). */
export function signalWord(sig: number): string {
  return Object.keys(SIGNALS).find((name) => SIGNALS[name] === sig) ?? String(sig);
}

/**
 * One request of the `ioctl` op: its number (include/uapi/linux/nsfs.h), whether it keeps a new fd,
 * and (the pid-translation extension) whether it takes a pid number as its argument.
 */
export interface NsIoctl {
  readonly request: number;
  readonly newFd: boolean;
  readonly pidArg?: boolean;
}

/**
 * The `ioctl` requests of the format, by name; `NS_GET_ID` and the four pid translations are
 * nsproxy extensions (`ioctl <fd> NS_GET_ID`: the namespace's label; `ioctl <fd> NS_GET_PID_FROM_PIDNS <pid>`: an integer).
 */
export const NS_IOCTL_REQUESTS: Readonly<Record<string, NsIoctl>> = Object.freeze({
  NS_GET_USERNS: { request: 0xb701, newFd: true },
  NS_GET_PARENT: { request: 0xb702, newFd: true },
  NS_GET_NSTYPE: { request: 0xb703, newFd: false },
  NS_GET_OWNER_UID: { request: 0xb704, newFd: false },
  NS_GET_PID_FROM_PIDNS: { request: 0x8004b706, newFd: false, pidArg: true },
  NS_GET_TGID_FROM_PIDNS: { request: 0x8004b707, newFd: false, pidArg: true },
  NS_GET_PID_IN_PIDNS: { request: 0x8004b708, newFd: false, pidArg: true },
  NS_GET_TGID_IN_PIDNS: { request: 0x8004b709, newFd: false, pidArg: true },
  NS_GET_ID: { request: 0x8008b70d, newFd: false },
});

/** The names of the `ioctl` requests of the format; the first two keep a new fd. */
export const NS_IOCTLS: readonly string[] = Object.freeze(Object.keys(NS_IOCTL_REQUESTS));

/**
 * The text of a file read by `read uid_map|gid_map` (or `setgroups`): lines
 * trimmed, blanks collapsed, `;`-joined, `-` when empty. Idempotent (a `;`
 * separates lines too), so the runner may apply it to a backend's answer again.
 */
export function formatFileText(text: string): string {
  const lines = text
    .split(/[\n;]/)
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .filter((line) => line !== '');
  return lines.length === 0 ? '-' : lines.join(';');
}
