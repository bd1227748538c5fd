/**
 * The simulated machine the shell runs on: a Kernel booted with every
 * namespace type it is given, the way a Debian machine comes up (init as
 * pid 1, a hostname, `lo` and `eth0` in the initial network namespace, a
 * root file system with `/proc`, `/tmp` and `/run/netns`), and what the
 * userland keeps beside the kernel: each process's argv (what
 * `/proc/PID/cmdline` holds: `execve` sets it), the contents of regular
 * files (the mount model keeps none: this is the page cache), a clock that
 * `sleep` advances, and the command table.
 *
 * Time is the machine's own: it moves only when a foreground `sleep` or
 * `wait` makes it, so a script gives the same output on every run, and the
 * kernel's clocks (@nsproxy/time's CLOCK_MONOTONIC, BOOTTIME, REALTIME) move
 * with it. A background process that sleeps is a promise waiting for the
 * clock; a program a background job starts runs once the shell has gone on
 * (`startLater`), and everything that can run does before the clock moves
 * (`drain`).
 */
import { KernelError, Kernel, USER_SYSCTL_NAMES, composeRules, coreRules, userSysctlRead, userSysctlWrite } from '@nsproxy/core';
import type { NamespaceOperations, Rule, RuleCatalog, Task } from '@nsproxy/core';
import { IPC_SYSCTL_NAMES, ipcNamespaceType, ipcRules, ipcSysctlRead, ipcSysctlWrite } from '@nsproxy/ipc';
import { creat, lookup, mkdir, mntNamespaceType, mntRules, mount, readFile as mntReadFile } from '@nsproxy/mnt';
import { NET_SYSCTL_NAMES, netNamespaceType, netRules, netSysctlRead, netSysctlWrite } from '@nsproxy/net';
import { pidNamespaceType, pidRules } from '@nsproxy/pid';
import { advanceClocks } from '@nsproxy/time';
import { execCaps, openUserNsFile, userNamespaceType, userRules, writeIdMapFile, writeSetgroupsFile } from '@nsproxy/user';
import type { UserProcFile } from '@nsproxy/user';
import { sethostname, utsNamespaceType, utsRules } from '@nsproxy/uts';
import type { CommandDef } from './command.ts';
import { installPasswd } from './passwd.ts';
import type { Reader, Writer } from './io.ts';

/** The namespace types the shell package itself knows; a host adds others (cgroup, time) with `types`. */
export const SHELL_TYPES: readonly NamespaceOperations[] = [userNamespaceType, mntNamespaceType, utsNamespaceType, ipcNamespaceType, pidNamespaceType, netNamespaceType] as readonly NamespaceOperations[];

/** The rule lists of those types' packages (and core's). */
export const SHELL_RULES: readonly (readonly Rule[])[] = [coreRules, userRules, mntRules, utsRules, ipcRules, pidRules, netRules];

/** How a simulated machine boots: its kernel's namespace types, the rule catalog, the hostname (init_uts_ns) and the commands. */
export interface MachineOptions {
  /** The namespace types to register, in order (default: `SHELL_TYPES`). */
  readonly types?: readonly NamespaceOperations[];
  /**
   * The rule lists of the catalog errors are explained from (default: none, so
   * nothing is explained; `createMachine` of index.ts gives `SHELL_RULES`). A page
   * that loads the catalogs later gives them with `useRules`.
   */
  readonly rules?: readonly (readonly Rule[])[];
  /** The hostname set at boot (default `nsproxy`). */
  readonly hostname?: string;
  /** Print the rule behind a failing system call under the tool's error line (an interactive prompt, `--explain`). */
  readonly explain?: boolean;
  /** The commands (default: none; `createMachine` of index.ts gives them all). */
  readonly commands?: readonly CommandDef[];
  /**
   * The roads not taken the kernel opens (`KernelOptions.roads`: docs/roads/),
   * e.g. `['nsproxy-ids']`; default none, Linux 6.18. Each must be a road of
   * core or of one of `types` (else the kernel refuses it).
   */
  readonly roads?: readonly string[];
  /** @internal A kernel to run on instead of booting one (`loadMachine`, state.ts): nothing is set up on it, `hostname` is ignored. */
  readonly kernel?: Kernel;
}

/** A task was killed while it waited (for the clock). */
export class Killed extends Error {
  override readonly name = 'Killed';
}

/** @internal A sleeper: when it wakes, and the task that sleeps. */
export interface Timer {
  readonly at: number;
  readonly task: Task;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

/** glibc's strerror for the errno names the model gives. */
const STRERROR: Readonly<Record<string, string>> = {
  EPERM: 'Operation not permitted', ENOENT: 'No such file or directory', ESRCH: 'No such process', EINTR: 'Interrupted system call',
  EBADF: 'Bad file descriptor', ECHILD: 'No child processes', EAGAIN: 'Resource temporarily unavailable', ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied', EBUSY: 'Device or resource busy', EEXIST: 'File exists', EXDEV: 'Invalid cross-device link',
  ENODEV: 'No such device', ENOTDIR: 'Not a directory', EISDIR: 'Is a directory', EINVAL: 'Invalid argument', ENFILE: 'Too many open files in system',
  EMFILE: 'Too many open files', ENOSPC: 'No space left on device', EROFS: 'Read-only file system', ERANGE: 'Numerical result out of range',
  ENOSYS: 'Function not implemented', ENOTEMPTY: 'Directory not empty', ELOOP: 'Too many levels of symbolic links', ENOMSG: 'No message of desired type',
  EIDRM: 'Identifier removed', EUSERS: 'Too many users', EOPNOTSUPP: 'Operation not supported', EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address', ENETUNREACH: 'Network is unreachable', ENETDOWN: 'Network is down', ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer', EHOSTUNREACH: 'No route to host', ENOTCONN: 'Transport endpoint is not connected',
  EISCONN: 'Transport endpoint is already connected', E2BIG: 'Argument list too long', EFAULT: 'Bad address', ENAMETOOLONG: 'File name too long',
  EOVERFLOW: 'Value too large for defined data type', EDESTADDRREQ: 'Destination address required', EAFNOSUPPORT: 'Address family not supported by protocol',
  EPROTONOSUPPORT: 'Protocol not supported', ENOTSOCK: 'Socket operation on non-socket', ENOTTY: 'Inappropriate ioctl for device',
  ENXIO: 'No such device or address', ENOBUFS: 'No buffer space available',
};

/** strerror(3) of an error of the model (its errno name's text), or the message of anything else. */
export function strerror(e: unknown): string {
  if (e instanceof KernelError) return STRERROR[e.code] ?? e.code;
  if (e instanceof Error && typeof (e as { code?: unknown }).code === 'string') return STRERROR[(e as unknown as { code: string }).code] ?? e.message;
  return e instanceof Error ? e.message : String(e);
}

/** The simulated machine. */
export class Machine {
  readonly kernel: Kernel;
  readonly init: Task;
  /** The rule catalog errors are explained from (`useRules` replaces it). */
  catalog: RuleCatalog;
  /** Whether a failing command's error line is followed by the rule behind it. */
  explain: boolean;
  /** The session's terminal input (a shell reading it is interactive when `tty`). */
  terminal: Reader | undefined;
  /** Whether `terminal` is a terminal (dash's isatty on stdin). */
  tty = false;
  readonly commands: Map<string, CommandDef> = new Map();
  /** The machine's clock, in milliseconds since boot. */
  now = 0;
  /** @internal The sleepers, in time order (state.ts saves them). */
  readonly timers: Timer[] = [];
  /** @internal Each process's argv (state.ts saves them). */
  readonly argvs: WeakMap<Task, readonly string[]> = new WeakMap();
  /** @internal The contents of regular files, by dentry (state.ts saves them). */
  readonly contents: WeakMap<object, string> = new WeakMap();

  constructor(options: MachineOptions = {}) {
    this.kernel = options.kernel ?? new Kernel({
      namespaces: [...(options.types ?? SHELL_TYPES)], initComm: 'init', ...(options.roads !== undefined && options.roads.length > 0 ? { roads: options.roads } : {}),
    });
    this.init = this.kernel.initTask;
    this.catalog = composeRules(options.rules ?? []);
    this.explain = options.explain ?? false;
    for (const c of options.commands ?? []) this.commands.set(c.name, c);
    if (!options.kernel) {
      this.argvs.set(this.init, ['/sbin/init']);
      sethostname(this.kernel, this.init, options.hostname ?? 'nsproxy');
      mkdir(this.kernel, this.init, '/run/netns');
      mountCgroup2(this.kernel, this.init);
      installPasswd(this);
    }
    // A task that exits (killed) while it sleeps wakes up to die.
    this.kernel.on((e) => {
      if (e.type !== 'task-exited') return;
      // init reaps the children it is left (systemd's SIGCHLD handler), once the exit is done.
      if (e.task.leader.parent === this.init) void Promise.resolve().then(() => this.reapInit());
      for (let i = this.timers.length - 1; i >= 0; i--) {
        const t = this.timers[i];
        if (t && t.task.leader === e.task.leader) {
          this.timers.splice(i, 1);
          t.reject(new Killed('killed'));
        }
      }
    }, { types: ['task-exited'] });
  }

  /** wait(2) by init for each of its zombie children. */
  private reapInit(): void {
    for (const t of this.kernel.tasks()) {
      if (t.leader === t && t.parent === this.init && t.state === 'zombie') this.kernel.wait(this.init, this.kernel.pidOf(t, this.init));
    }
  }

  /** A process's argv (what ps shows in CMD with -f). */
  argv(task: Task): readonly string[] {
    return this.argvs.get(task.leader) ?? [task.comm];
  }

  /** execve(2) as far as the model cares: the new program's name (comm, 15 bytes) and argv. */
  exec(task: Task, argv: readonly string[]): void {
    // cap_bprm_creds_from_file: a program (no file capabilities) run by a uid that is not root in its user namespace keeps only its ambient set.
    const old = task.cred;
    execCaps(this.kernel, task);
    // begin_new_exec: the new mm is dumpable (SUID_DUMP_USER) when the effective ids are the real ones, and commit_creds
    // then makes it not when the program gained capabilities (suid_dumpable, 0).
    task.dumpable = old.euid === old.uid && old.egid === old.gid && (task.cred.capPermitted & ~old.capPermitted) === 0n;
    const name = (argv[0] ?? '').split('/').pop() ?? '';
    task.comm = name.slice(0, 15);
    this.argvs.set(task.leader, [...argv]);
  }

  /** fork(2): a child of `parent` with its argv, in the namespaces of `flags` (clone3). */
  fork(parent: Task, flags = 0): Task {
    const child = this.kernel.clone(parent, flags);
    this.argvs.set(child, this.argv(parent));
    return child;
  }

  /** Sleeps `ms` of machine time: resolves when the clock gets there, rejects with Killed if the task dies first. */
  sleep(task: Task, ms: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.timers.push({ at: this.now + ms, task, resolve, reject });
      this.timers.sort((a, b) => a.at - b.at);
    });
  }

  /** The time of the next timer, if any. */
  nextTimer(): number | undefined {
    return this.timers[0]?.at;
  }

  /**
   * Moves the clock to `to`, waking each sleeper in time order and letting it
   * run (what it starts may set timers of its own, which are honoured too).
   */
  async advance(to: number): Promise<void> {
    // What was started and has yet to run (a background job's program) runs first, at the time it was started.
    await this.drain();
    for (;;) {
      const t = this.timers[0];
      if (!t || t.at > to) break;
      this.timers.shift();
      this.tick(t.at);
      t.resolve();
      await this.drain(true);
    }
    this.tick(to);
    await this.drain(true);
  }

  /** Programs a background job started that have yet to run (`startLater`). */
  private starting = 0;

  /** What a program started in the background waits before it runs: a scheduler turn (the shell that started it goes on first). */
  async startLater(): Promise<void> {
    this.starting++;
    try {
      await settle();
    } finally {
      this.starting--;
    }
  }

  /**
   * Lets the programs started in the background run (before the clock moves,
   * and before a foreground program runs): scheduler turns until none waits
   * to start (at most 1000), at least one with `turn`.
   */
  async drain(turn = false): Promise<void> {
    if (turn) await settle();
    for (let turns = 0; this.starting > 0 && turns < 1000; turns++) await settle();
  }

  /** The clock moves to `to` (never back), and the kernel's clocks with it (@nsproxy/time: CLOCK_MONOTONIC, BOOTTIME, REALTIME). */
  private tick(to: number): void {
    if (to <= this.now) return;
    if (Number.isFinite(to)) advanceClocks(this.kernel, BigInt(Math.round((to - this.now) * 1e6)));
    this.now = to;
  }

  /** The contents of the regular file at `path` (procfs and sysctl files are generated). */
  readFile(task: Task, path: string): string {
    const sysctl = sysctlName(path);
    if (sysctl) return this.sysctlRead(task, sysctl);
    const at = lookup(this.kernel, task, path, 'open');
    if (at.dentry.isDir) return mntReadFile(this.kernel, task, path);
    if (at.dentry.proc || at.dentry.node || at.dentry.ns) return mntReadFile(this.kernel, task, path);
    return this.contents.get(at.dentry) ?? '';
  }

  /**
   * open(2) for writing (`>`, `>>`): a regular file is created (ENOENT when
   * its directory is missing) and truncated unless appending; a procfs file
   * is checked as its open checks it (the id maps and setgroups:
   * proc_id_map_open, proc_setgroups_open); a directory is EISDIR. Returns
   * the open file: each `write` is one write(2).
   */
  openForWrite(task: Task, path: string, append: boolean): { write(text: string): void } {
    const sysctl = sysctlName(path);
    if (sysctl) return { write: (text) => this.sysctlWrite(task, sysctl, text) };
    let at;
    try {
      at = lookup(this.kernel, task, path, 'open');
    } catch (e) {
      if (!(e instanceof KernelError && e.code === 'ENOENT')) throw e;
      creat(this.kernel, task, path);
      at = lookup(this.kernel, task, path, 'open');
    }
    const d = at.dentry;
    if (d.isDir) throw new KernelError('EISDIR', 'open', 'a directory cannot be opened for writing', 'M10.5');
    const proc = d.proc;
    if (proc?.kind === 'type-file') {
      const file = proc.file;
      const target = proc.task;
      if (file.write) return { write: (text) => file.write?.(this.kernel, task, target, text) };
      if (['uid_map', 'gid_map', 'projid_map', 'setgroups'].includes(file.name)) {
        const f = openUserNsFile(this.kernel, task, target, file.name as UserProcFile, { write: true });
        return { write: (text) => void (file.name === 'setgroups' ? writeSetgroupsFile(this.kernel, task, f, text) : writeIdMapFile(this.kernel, task, f, text)) };
      }
      throw new KernelError('EACCES', 'open', 'the file is read-only');
    }
    if (d.node) {
      const node = d.node as { write?: (k: Kernel, t: Task, text: string) => void };
      return {
        write: (text) => {
          if (!node.write) throw new KernelError('EACCES', 'open', 'the file is read-only');
          node.write(this.kernel, task, text);
        },
      };
    }
    if (proc || d.ns) throw new KernelError('EACCES', 'open', 'the file is read-only');
    if (!append) this.contents.set(d, '');
    return { write: (text) => void this.contents.set(d, (this.contents.get(d) ?? '') + text) };
  }

  /** Writes a whole file (open, write, close). */
  writeFile(task: Task, path: string, text: string, append = false): void {
    const f = this.openForWrite(task, path, append);
    if (text !== '') f.write(text);
  }

  private sysctlRead(task: Task, name: string): string {
    if (USER_SYSCTL_NAMES.includes(name)) return `${userSysctlRead(this.kernel, task, name)}\n`;
    if (IPC_SYSCTL_NAMES.includes(name)) return `${ipcSysctlRead(this.kernel, task, name)}\n`;
    if (NET_SYSCTL_NAMES.includes(name)) return `${netSysctlRead(this.kernel, task, name)}\n`;
    throw new KernelError('ENOENT', 'open', `no sysctl ${name}`);
  }

  private sysctlWrite(task: Task, name: string, text: string): void {
    if (USER_SYSCTL_NAMES.includes(name)) return userSysctlWrite(this.kernel, task, name, text);
    if (IPC_SYSCTL_NAMES.includes(name)) return ipcSysctlWrite(this.kernel, task, name, text);
    if (NET_SYSCTL_NAMES.includes(name)) return netSysctlWrite(this.kernel, task, name, text);
    throw new KernelError('ENOENT', 'open', `no sysctl ${name}`);
  }

  /** Replaces the rule catalog errors are explained from (a page that loaded the catalogs after the machine booted). */
  useRules(rules: readonly (readonly Rule[])[]): void {
    this.catalog = composeRules(rules);
  }

  /**
   * The second line of an error at an interactive prompt (or with
   * `--explain`): the rule of the catalog behind a failed system call.
   */
  explainError(err: Writer, e: unknown): void {
    if (!this.explain || !(e instanceof KernelError) || e.rule === undefined) return;
    const rule = this.catalog.get(e.rule);
    err.write(`  why: ${e.syscall} gave ${e.code}: ${rule ? rule.rule : 'rule'} [${e.rule}; nsproxy explain ${e.rule}]\n`);
  }
}

/**
 * What systemd does at boot on Debian 12: the cgroup2 hierarchy mounted at
 * /sys/fs/cgroup (the model has no sysfs: /sys holds only the directories to
 * it), when a type brings the cgroup2 file system (@nsproxy/cgroup).
 */
function mountCgroup2(kernel: Kernel, init: Task): void {
  for (const dir of ['/sys', '/sys/fs', '/sys/fs/cgroup']) {
    try {
      mkdir(kernel, init, dir);
    } catch (e) {
      if (!(e instanceof KernelError && e.code === 'EEXIST')) throw e;
    }
  }
  try {
    mount(kernel, init, '/sys/fs/cgroup', { kind: 'fs', fstype: 'cgroup2' });
  } catch (e) {
    if (!(e instanceof KernelError && e.code === 'ENODEV')) throw e;
  }
}

/** `/proc/sys/a/b/c` as the sysctl name `a.b.c`, for paths under /proc/sys. */
function sysctlName(path: string): string | undefined {
  const m = /^\/proc\/sys\/(.+)$/.exec(path.replace(/\/+/g, '/'));
  return m?.[1] ? m[1].replace(/\//g, '.') : undefined;
}

/** The host's timer (browsers and Node both have it; the library's types leave out the DOM). */
const timers = globalThis as unknown as { setTimeout(fn: () => void, ms: number): unknown };

/** Lets every promise that can go on do so (a macrotask turn). */
export function settle(): Promise<void> {
  return new Promise((resolve) => timers.setTimeout(resolve, 0));
}
