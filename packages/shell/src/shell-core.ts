/**
 * What a shell is besides its evaluator (interp.ts): its process, `$0` and
 * the line its messages name (dash's `sh: LINE: `), its parameters and
 * variables (vars.ts), functions and traps, its background jobs and their
 * reaping (src/jobs.c), the programs it finds (src/exec.c: PATH is
 * Debian's /usr/bin and /usr/sbin) and runs, and the control-flow
 * exceptions the evaluator unwinds with (dash's exceptions and evalskip).
 */
import { KernelError } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { lookup, readdir } from '@nsproxy/mnt';
import { geteuid } from '@nsproxy/user';
import type { FunctionDefinition } from './ast.ts';
import type { CommandContext, CommandDef } from './command.ts';
import type { GlobFs } from './glob.ts';
import { EMPTY } from './io.ts';
import type { Reader } from './io.ts';
import { Killed, settle, strerror } from './machine.ts';
import type { Machine } from './machine.ts';
import type { Shell } from './interp.ts';
import { strsignal } from './commands/signals.ts';
import type { Io } from './redir.ts';
import { Vars } from './vars.ts';

/** `exit`: unwinds to the shell's top. */
export class ExitShell extends Error {
  override readonly name = 'ExitShell';
  readonly status: number;
  /** `exec cmd`: the process is another program now; the shell's EXIT trap does not run. */
  readonly replaced: boolean;
  constructor(status: number, replaced = false) {
    super(`exit ${status}`);
    this.status = status;
    this.replaced = replaced;
  }
}

/** dash's `sh_error`: an error that ends a non-interactive shell (status 2), and returns an interactive one to its prompt. */
export class ShellError extends Error {
  override readonly name = 'ShellError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** `break n` / `continue n` (dash's evalskip SKIPBREAK / SKIPCONT with skipcount). */
export class LoopControl extends Error {
  override readonly name = 'LoopControl';
  readonly count: number;
  readonly isContinue: boolean;
  constructor(count: number, isContinue: boolean) {
    super(isContinue ? 'continue' : 'break');
    this.count = count;
    this.isContinue = isContinue;
  }
}

/** `return` (SKIPFUNC): ends the function, the dot script, or (outside both) the script. */
export class FunctionReturn extends Error {
  override readonly name = 'FunctionReturn';
  readonly status: number;
  constructor(status: number) {
    super('return');
    this.status = status;
  }
}

/** The last command of a subshell or job: exec'd in place (dash's EV_EXIT). */
export const EV_EXIT = 1;
/** A condition (if, while, &&, ||, !): `set -e` does not end the shell (EV_TESTED). */
export const EV_TESTED = 2;

/** A background job (one process: dash without job control). */
export interface Job {
  readonly task: Task;
  readonly pid: number;
  done: boolean;
  status: number;
  readonly promise: Promise<number>;
}

/** How a shell is started. */
export interface ShellOptions {
  /** `$0` and the name in messages (`sh`, or the script's name). */
  readonly arg0?: string;
  /** `$1`... */
  readonly params?: readonly string[];
  /** The environment it inherits (exported variables). */
  readonly env?: ReadonlyMap<string, string>;
  /** Where it reads commands (a script, its stdin). */
  readonly input?: Reader;
  /** Prompts, and errors that do not end it. */
  readonly interactive?: boolean;
  /** False in a background job: `sleep` waits for the clock instead of moving it. */
  readonly foreground?: boolean;
  /** GNU bash's ways where they differ from dash's (commands/bash.ts): messages, and the exec of a `-c` string's last command. */
  readonly bash?: boolean;
}

/** A wait status as the shell reports it: the exit code, or 128 + the signal. */
export function shellStatus(waitStatus: number): number {
  return (waitStatus & 0x7f) !== 0 ? 128 + (waitStatus & 0x7f) : (waitStatus >> 8) & 0xff;
}

/** The directories of the programs that Debian 12 keeps in /usr/sbin (the others are in /usr/bin): what `command -v` prints. */
const SBIN = new Set(['ip', 'chroot', 'pivot_root', 'switch_root', 'sysctl', 'losetup', 'iptables', 'nft', 'bridge', 'tc', 'ifconfig', 'route', 'modprobe', 'mkfs', 'fdisk', 'blkid', 'swapon', 'swapoff', 'agetty']);

/** Signals delivered to a shell that traps them, waiting for its next command (dash's gotsig). */
const pendingSignals = new WeakMap<Task, number[]>();

/** A signal that a shell's trap takes: run at its next command. Called by `kill` after kill(2) succeeds. */
export function queueTrappedSignal(task: Task, sig: number): void {
  const leader = task.leader;
  pendingSignals.set(leader, [...(pendingSignals.get(leader) ?? []), sig]);
}

/** The signals that came for `task`'s shell since it last looked (dash's gotsig), taken. */
export function takeTrappedSignals(task: Task): number[] {
  const pending = pendingSignals.get(task.leader) ?? [];
  pendingSignals.delete(task.leader);
  return pending;
}

/** A shell's state, its messages, its jobs, and the programs it runs. */
export class ShellCore extends Vars {
  readonly machine: Machine;
  task: Task;
  arg0: string;
  status = 0;
  lastBg: number | undefined;
  readonly jobs: Job[] = [];
  interactive: boolean;
  foreground: boolean;
  input: Reader;
  /** `$$`: the pid of the shell process that was started (a subshell keeps its parent's). */
  dollar: number;
  /** The line of the command being run (dash's messages name it). */
  line = 1;
  /** What dash's messages name after the line: `eval`, a dot script's file. */
  commandName: string | undefined;
  /** Functions by name. */
  functions: Map<string, FunctionDefinition> = new Map();
  /** Traps by signal number (0: EXIT): a command, or '' to ignore. */
  traps: Map<number, string> = new Map();
  /** Loops the current function is inside (dash's loopnest). */
  loopDepth = 0;
  /** Functions and dot scripts being run (a `return` ends the innermost). */
  callDepth = 0;
  /** The status of the last `$(...)` of the command being expanded (dash's back_exitstatus). */
  protected cmdsubStatus: number | undefined;
  /** PS4 is being expanded for a trace line: nothing is traced meanwhile (dash's inps4). */
  inPs4 = false;
  /** The evaluation flags of the builtin being run (eval passes EV_TESTED on). */
  builtinFlags = 0;
  protected exiting = false;
  /** The shell is bash (ShellOptions.bash). */
  readonly bash: boolean;

  constructor(machine: Machine, task: Task, options: ShellOptions = {}) {
    super();
    this.machine = machine;
    this.task = task;
    this.arg0 = options.arg0 ?? 'sh';
    this.params = [...(options.params ?? [])];
    for (const [k, v] of options.env ?? []) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    this.interactive = options.interactive ?? false;
    this.foreground = options.foreground ?? true;
    this.bash = options.bash ?? false;
    this.input = options.input ?? EMPTY;
    this.dollar = machine.kernel.getpid(task);
    if (options.env !== undefined) this.initVars();
  }

  /** dash's varinit of a new shell: IFS (never inherited), OPTIND, PPID, and the prompts and PATH unless inherited. */
  private initVars(): void {
    this.vars.set('IFS', ' \t\n');
    this.vars.set('OPTIND', '1');
    this.vars.set('PPID', String(this.machine.kernel.getppid(this.task)));
    const defaults: [string, string][] = [['PS1', geteuid(this.task) === 0 ? '# ' : '$ '], ['PS2', '> '], ['PS4', '+ '], ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']];
    for (const [k, v] of defaults) if (!this.vars.has(k)) this.vars.set(k, v);
  }

  /** execve(2) of a program in `task`: its argv, and the handlers of the traps back to SIG_DFL (flush_signal_handlers; ignored signals stay ignored). */
  execve(task: Task, argv: readonly string[]): void {
    this.machine.exec(task, argv);
    if (task.sighand.size === 0) return;
    for (const [sig, action] of [...task.sighand.actions]) if (action === 'handle') this.setSigaction(task, sig, 'default');
  }

  /** have_traps: a trap that runs a command is set (then the last command of a subshell is forked, not exec'd, so that it can run). */
  hasTraps(): boolean {
    for (const action of this.traps.values()) if (action !== '') return true;
    return false;
  }

  /** rt_sigaction for a trap (SIGKILL and SIGSTOP cannot be trapped: the kernel refuses). */
  setSigaction(task: Task, sig: number, action: 'handle' | 'ignore' | 'default'): void {
    try {
      this.machine.kernel.sigaction(task, sig, action);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
    }
  }

  /** `sh: 1: ` (and `eval: ` inside eval). */
  protected prefix(): string {
    // bash's error_prolog: no line number when $0 is the shell's own name.
    if (this.bash) return this.arg0 === 'bash' ? 'bash: ' : `${this.arg0}: line ${this.line}: `;
    return `${this.arg0}: ${this.line}: ${this.commandName !== undefined ? `${this.commandName}: ` : ''}`;
  }

  /** Prints dash's error line on stderr. */
  error(io: Io, message: string): void {
    io.stderr.write(`${this.prefix()}${message}\n`);
  }

  /** Prints dash's error line and raises the error (status 2): the end of a non-interactive shell. */
  fail(io: Io, message: string): never {
    this.error(io, message);
    throw new ShellError(2, message);
  }

  /** PS1: `# ` for an effective uid 0, else `$ ` (dash's default). */
  prompt(): string {
    return geteuid(this.task) === 0 ? '# ' : '$ ';
  }

  /** A parameter's value; undefined when unset. */
  param(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.status);
      case '!':
        return this.lastBg === undefined ? undefined : String(this.lastBg);
      case '$':
        return String(this.dollar);
      case '#':
        return String(this.params.length);
      case '0':
        return this.arg0;
      case '@':
      case '*':
        return this.params.join(' ');
      case '-':
        return this.optionLetters(this.interactive);
      default:
        if (/^[0-9]+$/.test(name)) return this.params[Number(name) - 1];
        return this.vars.get(name);
    }
  }

  /** Sets a variable; a read-only one is dash's `x: is read only`, an error. */
  assign(io: Io, name: string, value: string): void {
    const err = this.setVar(name, value);
    if (err) this.fail(io, err);
  }

  /** The file system as pathname expansion reads it (as this process sees it). */
  protected globFs(): GlobFs {
    const k = this.machine.kernel;
    return {
      readdir: (path) => {
        try {
          return readdir(k, this.task, path);
        } catch {
          return undefined;
        }
      },
      exists: (path) => {
        try {
          const at = lookup(k, this.task, path, 'stat', { follow: false });
          return !path.endsWith('/') || at.dentry.isDir;
        } catch {
          return false;
        }
      },
    };
  }

  /** Reaps the background jobs that are done, silently (dash's waitpid(-1) while it waits for a foreground job). */
  protected reapJobs(): void {
    for (const j of this.jobs) {
      if (!j.done || j.task.state !== 'zombie') continue;
      const s = this.reap(j.task);
      if (s !== undefined) j.status = s;
    }
  }

  /** wait4 of a child that has exited: its status as `$?` shows it (the shell itself killed meanwhile: Killed). */
  protected reap(task: Task, io?: Io): number | undefined {
    if (!this.task.alive) throw new Killed('the shell was killed');
    if (task.state !== 'zombie') return undefined;
    const r = this.machine.kernel.wait(this.task, this.machine.kernel.pidOf(task, this.task));
    if (!r) return undefined;
    // dowait's sprint_status for a foreground job: the signal that killed it, but SIGINT and SIGPIPE.
    const sig = r.status & 0x7f;
    if (io && sig !== 0 && sig !== 2 && sig !== 13) io.stderr.write(`${strsignal(sig)}\n`);
    return shellStatus(r.status);
  }

  /** A fault's signal (SIGFPE) kills this shell's process (force_sig: no handler, no trap); the status a parent sees. */
  dieOf(sig: number): number {
    try {
      this.machine.kernel.kill(this.task, this.machine.kernel.getpid(this.task), sig);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
    }
    if (this.task.alive) this.machine.kernel.exit(this.task, (128 + sig) & 0xff);
    return 128 + sig;
  }

  /** The status of this shell's process after it was killed (128 + the signal). */
  killedStatus(): number {
    return shellStatus(this.task.exitStatus);
  }

  /** Waits for the job of `pid` (or every job): the clock moves to the next timer while one is running. */
  async waitJobs(pid?: number, io?: Io): Promise<number> {
    const targets = pid === undefined ? [...this.jobs] : this.jobs.filter((j) => j.pid === pid);
    if (pid !== undefined && targets.length === 0) return 127;
    let status = 0;
    for (const j of targets) {
      while (!j.done) {
        // What the job started runs first (and sets its timers).
        await this.machine.drain();
        const next = this.machine.nextTimer();
        if (next === undefined) {
          await Promise.race([j.promise, settle()]);
          if (!j.done) break;
        } else await this.machine.advance(next);
      }
      if (!j.done) continue;
      // `wait PID` reports the job's death by a signal as a foreground one (dowait with the job); `wait` does not.
      const s = this.reap(j.task, pid === undefined ? undefined : io);
      if (s !== undefined) j.status = s;
      status = j.status;
      this.jobs.splice(this.jobs.indexOf(j), 1);
    }
    return status;
  }

  /** fork(2) of the shell, or dash's `Cannot fork`. */
  protected forkOrFail(io: Io): Task {
    try {
      return this.machine.fork(this.task);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      this.error(io, 'Cannot fork');
      this.machine.explainError(io.stderr, e);
      throw new ShellError(2, 'Cannot fork');
    }
  }

  /** Ends a child process and collects its status (waitpid). */
  protected finish(task: Task, status: number, io?: Io): number {
    if (task.state === 'running') this.machine.kernel.exit(task, status & 0xff);
    const s = this.reap(task, io);
    this.reapJobs();
    return s ?? status;
  }

  /** A command by name: a builtin or a program; a path names the program by its last component. */
  lookupCommand(name: string): CommandDef | undefined {
    if (name.includes('/')) {
      const m = /^\/(?:usr\/)?s?bin\/([^/]+)$/.exec(name);
      return m?.[1] ? this.machine.commands.get(m[1]) : undefined;
    }
    return this.machine.commands.get(name);
  }

  /** Where `command -v` finds a program: Debian's /usr/bin or /usr/sbin. */
  programPath(name: string): string {
    return `${SBIN.has(name) ? '/usr/sbin' : '/usr/bin'}/${name}`;
  }

  /** Runs a command's definition in `task`; a KernelError a builtin lets out is dash's `name: name: I/O error`-like line. */
  async runDef(def: CommandDef, task: Task, argv: readonly string[], io: Io, env: ReadonlyMap<string, string>): Promise<number> {
    const ctx: CommandContext = { machine: this.machine, task, shell: this as unknown as Shell, argv, stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, env };
    // A program that a background job runs starts once the shells around it have gone on to wait (Linux runs the parent
    // first after fork, and an execve takes a while): `(ps &); exec sleep 9` lists the shell as sleep already. A
    // foreground program lets those run first: `cmd & ps` shows cmd started.
    if (!def.builtin) {
      if (this.foreground) await this.machine.drain();
      else await this.machine.startLater();
      if (!task.alive) throw new Killed('killed before it ran');
    }
    try {
      return await def.run(ctx);
    } catch (e) {
      if (e instanceof KernelError && def.builtin) {
        this.error(io, `${argv[0] ?? def.name}: ${argv[0] ?? def.name}: I/O error`);
        return 1;
      }
      if (e instanceof KernelError) {
        io.stderr.write(`${def.name}: write error: ${strerror(e)}\n`);
        return 1;
      }
      throw e;
    }
  }

  /**
   * What a shell started without a command reads: its standard input. When
   * that is the session's terminal or pipe, which the shell running the
   * command reads too, it gets the lines after the command (as a child sh
   * reading the same terminal does); a shell reading a script file (sh FILE)
   * leaves its standard input to the child, as dash does (the fixture
   * man-unshare-5-mount.sh: unshare's shell reads the empty stdin and exits).
   */
  stdinFor(stdin: Reader): Reader {
    return stdin;
  }

}
