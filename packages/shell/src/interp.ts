/**
 * The shell: dash's evaluator (src/eval.c `evaltree`, `evalcommand`,
 * `evalpipe`, `evalsubshell`; src/expand.c; src/redir.c; src/jobs.c) over
 * the processes of the simulated kernel. A shell is a process (a core
 * task); a command that is not one of dash's builtins runs in a child it
 * forks (so it takes a pid, as on Linux), and the last command of a
 * subshell, of a pipeline element or of a background job is exec'd in the
 * process that runs it (dash's EV_EXIT; Debian's dash does not do it for a
 * `sh -c` string), which is what decides the pid numbers `ps` and `$!` show.
 *
 * Messages and statuses are dash's: `sh: 1: foo: not found` (127),
 * `sh: 1: Cannot fork` (2, and the end of a non-interactive shell),
 * `sh: 1: Syntax error: ...` (2), `cannot create`, `cannot open`.
 */
import { KernelError } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { geteuid } from '@nsproxy/user';
import type { CommandContext, CommandDef } from './command.ts';
import { Buffer, EMPTY, NULL_WRITER, TextReader } from './io.ts';
import type { Reader, Writer } from './io.ts';
import { Killed, settle, strerror } from './machine.ts';
import type { Machine } from './machine.ts';
import { Incomplete, SyntaxError, parseAll, parseCommand } from './parse.ts';
import type { AndOr, Command, List, Pipeline, Redir, SimpleCommand, Word } from './parse.ts';

/** A process's three standard streams. */
export interface Io {
  readonly stdin: Reader;
  readonly stdout: Writer;
  readonly stderr: Writer;
}

/** `exit`: unwinds to the shell's top. */
export class ExitShell extends Error {
  override readonly name = 'ExitShell';
  readonly status: number;
  constructor(status: number) {
    super(`exit ${status}`);
    this.status = status;
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

/** A background job (one process: dash without job control). */
interface Job {
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
}

const IFS_WS = /[ \t\n]+/;

/** A wait status as the shell reports it: the exit code, or 128 + the signal. */
export function shellStatus(waitStatus: number): number {
  return (waitStatus & 0x7f) !== 0 ? 128 + (waitStatus & 0x7f) : (waitStatus >> 8) & 0xff;
}

/** dash's errmsg(): its own short texts for ENOENT. */
function redirErrno(e: unknown, action: 'create' | 'open'): string {
  if (e instanceof KernelError && e.code === 'ENOENT') return action === 'create' ? 'Directory nonexistent' : 'No such file';
  return strerror(e);
}

/** The shell: a process reading and evaluating commands. */
export class Shell {
  readonly machine: Machine;
  task: Task;
  arg0: string;
  params: string[];
  readonly vars: Map<string, string> = new Map();
  readonly exported: Set<string> = new Set();
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

  constructor(machine: Machine, task: Task, options: ShellOptions = {}) {
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
    this.input = options.input ?? EMPTY;
    this.dollar = machine.kernel.getpid(task);
  }

  /** The environment a command gets: the exported variables. */
  environment(extra: ReadonlyMap<string, string> = new Map()): Map<string, string> {
    const env = new Map<string, string>();
    for (const k of this.exported) {
      const v = this.vars.get(k);
      if (v !== undefined) env.set(k, v);
    }
    for (const [k, v] of extra) env.set(k, v);
    return env;
  }

  /** A subshell: a copy of this shell in another process (fork without exec). */
  private subshell(task: Task, foreground = this.foreground): Shell {
    const s = new Shell(this.machine, task, { arg0: this.arg0, params: this.params, interactive: false, foreground, input: this.input });
    for (const [k, v] of this.vars) s.vars.set(k, v);
    for (const k of this.exported) s.exported.add(k);
    s.status = this.status;
    s.lastBg = this.lastBg;
    s.dollar = this.dollar;
    s.line = this.line;
    return s;
  }

  /** `sh: 1: ` */
  private prefix(): string {
    return `${this.arg0}: ${this.line}: `;
  }

  /** Prints dash's error line on stderr. */
  error(io: Io, message: string): void {
    io.stderr.write(`${this.prefix()}${message}\n`);
  }

  /** PS1: `# ` for an effective uid 0, else `$ ` (dash's default). */
  prompt(): string {
    return geteuid(this.task) === 0 ? '# ' : '$ ';
  }

  /**
   * Reads and runs commands from `this.input` to its end or `exit`; returns
   * the exit status (dash's `cmdloop`).
   */
  async run(io: Io): Promise<number> {
    let buf = '';
    let startLine = 1;
    /** The last line read had no newline (the end of a file without one). */
    let unterminated = false;
    for (;;) {
      const prompt = this.interactive ? (buf === '' ? this.prompt() : '> ') : undefined;
      if (prompt !== undefined && !this.input.showsPrompt) io.stderr.write(prompt);
      const line = await this.input.readLine(prompt);
      if (line === null) {
        if (buf.trim() !== '') {
          try {
            parseAll(buf, startLine);
          } catch (e) {
            const message = e instanceof Incomplete ? (e.expecting === 'quote' ? 'Unterminated quoted string' : e.expecting.startsWith('"') ? `end of file unexpected (expecting ${e.expecting})` : 'end of file unexpected') : e instanceof Error ? e.message : String(e);
            this.line = e instanceof SyntaxError ? e.line : startLine + (buf.match(/\n/g) ?? []).length - (unterminated ? 1 : 0);
            this.error(io, `Syntax error: ${message}`);
            if (!this.interactive) return 2;
          }
        }
        return this.status;
      }
      unterminated = !line.endsWith('\n');
      buf += unterminated ? `${line}\n` : line;
      let parsed;
      try {
        parsed = parseCommand(buf, 0, startLine);
      } catch (e) {
        if (e instanceof Incomplete) continue;
        if (!(e instanceof SyntaxError)) throw e;
        this.line = e.line;
        this.error(io, `Syntax error: ${e.message}`);
        this.status = 2;
        if (!this.interactive) return 2;
        startLine += buf.split('\n').length - 1;
        buf = '';
        continue;
      }
      startLine += buf.split('\n').length - 1;
      buf = '';
      if (!parsed) continue;
      try {
        await this.evalList(parsed.list, io, false);
      } catch (e) {
        if (e instanceof ExitShell) return e.status;
        if (e instanceof ShellError) {
          this.status = e.status;
          if (!this.interactive) return e.status;
          continue;
        }
        throw e;
      }
    }
  }

  /**
   * `sh -c STRING`: runs the string. Debian's dash 0.5.12 forks for every
   * program of the string, the last one too (it does not exec it in place;
   * a subshell, a pipeline element and a background job do).
   */
  async runString(src: string, io: Io): Promise<number> {
    let list: List;
    try {
      list = parseAll(src);
    } catch (e) {
      if (e instanceof Incomplete) {
        this.line = src.split('\n').length;
        this.error(io, `Syntax error: ${e.expecting === 'quote' ? 'Unterminated quoted string' : e.expecting.startsWith('"') ? `end of file unexpected (expecting ${e.expecting})` : 'end of file unexpected'}`);
        return 2;
      }
      if (e instanceof SyntaxError) {
        this.line = e.line;
        this.error(io, `Syntax error: ${e.message}`);
        return 2;
      }
      throw e;
    }
    try {
      return await this.evalList(list, io, false);
    } catch (e) {
      if (e instanceof ExitShell) return e.status;
      if (e instanceof ShellError) return e.status;
      throw e;
    }
  }

  /** Reaps the background jobs that are done (dash's dowait before the next command). */
  private reapJobs(): void {
    for (const j of this.jobs) {
      if (!j.done || j.task.state !== 'zombie') continue;
      const s = this.reap(j.task);
      if (s !== undefined) j.status = s;
    }
  }

  private reap(task: Task): number | undefined {
    if (task.state !== 'zombie') return undefined;
    const r = this.machine.kernel.wait(this.task, this.machine.kernel.pidOf(task, this.task));
    return r ? shellStatus(r.status) : undefined;
  }

  async evalList(list: List, io: Io, tail: boolean): Promise<number> {
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (!item) continue;
      this.reapJobs();
      if (item.background) this.background(item.andOr, io);
      else this.status = await this.evalAndOr(item.andOr, io, tail && i === list.length - 1);
    }
    return this.status;
  }

  private async evalAndOr(ao: AndOr, io: Io, tail: boolean): Promise<number> {
    let status = await this.evalPipeline(ao.first, io, tail && ao.rest.length === 0);
    for (let i = 0; i < ao.rest.length; i++) {
      const [op, p] = ao.rest[i] ?? ['&&', ao.first];
      this.status = status;
      if (op === '&&' ? status === 0 : status !== 0) status = await this.evalPipeline(p, io, tail && i === ao.rest.length - 1);
    }
    return status;
  }

  /** `cmd &`: a forked subshell running it, stdin /dev/null (no job control), `$!` its pid. */
  private background(ao: AndOr, io: Io): void {
    const task = this.forkOrFail(io);
    const sub = this.subshell(task, false);
    const bgIo: Io = { stdin: EMPTY, stdout: io.stdout, stderr: io.stderr };
    const job: Job = {
      task,
      pid: this.machine.kernel.pidOf(task, this.task),
      done: false,
      status: 0,
      promise: Promise.resolve(0),
    };
    (job as { promise: Promise<number> }).promise = (async () => {
      let status: number;
      try {
        status = await sub.evalAndOr(ao, bgIo, true);
      } catch (e) {
        if (e instanceof ExitShell || e instanceof ShellError) status = e.status;
        else if (e instanceof Killed) status = 0;
        else throw e;
      }
      if (task.state === 'running') this.machine.kernel.exit(task, status);
      job.status = status;
      job.done = true;
      return status;
    })();
    this.jobs.push(job);
    this.lastBg = job.pid;
    this.status = 0;
  }

  /** Waits for the job of `pid` (or every job): the clock moves to the next timer while one is running. */
  async waitJobs(pid?: number): Promise<number> {
    const targets = pid === undefined ? [...this.jobs] : this.jobs.filter((j) => j.pid === pid);
    if (pid !== undefined && targets.length === 0) return 127;
    let status = 0;
    for (const j of targets) {
      while (!j.done) {
        const next = this.machine.nextTimer();
        if (next === undefined) {
          await Promise.race([j.promise, settle()]);
          if (!j.done) break;
        } else await this.machine.advance(next);
      }
      if (!j.done) continue;
      const s = this.reap(j.task);
      if (s !== undefined) j.status = s;
      status = j.status;
      j.status = status;
      this.jobs.splice(this.jobs.indexOf(j), 1);
    }
    return status;
  }

  /** fork(2) of the shell, or dash's `Cannot fork`. */
  private forkOrFail(io: Io): Task {
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
  private finish(task: Task, status: number): number {
    if (task.state === 'running') this.machine.kernel.exit(task, status);
    const s = this.reap(task);
    return s ?? status;
  }

  private async evalPipeline(p: Pipeline, io: Io, tail: boolean): Promise<number> {
    let status: number;
    if (p.commands.length === 1) {
      status = await this.evalCommand(p.commands[0] as Command, io, tail && !p.bang);
    } else {
      // evalpipe: every element in a forked child, made in order.
      const tasks = p.commands.map(() => this.forkOrFail(io));
      let input = io.stdin;
      status = 0;
      for (let i = 0; i < p.commands.length; i++) {
        const task = tasks[i] as Task;
        const last = i === p.commands.length - 1;
        const out = last ? io.stdout : new Buffer();
        const sub = this.subshell(task);
        let s: number;
        try {
          s = await sub.evalCommand(p.commands[i] as Command, { stdin: input, stdout: out, stderr: io.stderr }, true);
        } catch (e) {
          if (e instanceof ExitShell || e instanceof ShellError) s = e.status;
          else if (e instanceof Killed) s = 0;
          else throw e;
        }
        if (task.state === 'running') this.machine.kernel.exit(task, s);
        if (!last) input = new TextReader((out as Buffer).text);
        if (last) status = s;
      }
      for (const task of tasks) {
        const s = this.reap(task);
        if (task === tasks[tasks.length - 1] && s !== undefined) status = s;
      }
    }
    return p.bang ? (status === 0 ? 1 : 0) : status;
  }

  async evalCommand(cmd: Command, io: Io, tail: boolean): Promise<number> {
    if (cmd.kind === 'simple') return this.evalSimple(cmd, io, tail);
    this.line = cmd.line;
    const opened = await this.openRedirs(cmd.redirs, io);
    if (!opened) return 2;
    const rio = opened.io;
    try {
      switch (cmd.kind) {
        case 'group':
          return await this.evalList(cmd.body, rio, tail);
        case 'subshell': {
          if (tail) return await this.evalList(cmd.body, rio, true);
          const task = this.forkOrFail(rio);
          const sub = this.subshell(task);
          let s: number;
          try {
            s = await sub.evalList(cmd.body, rio, true);
          } catch (e) {
            if (e instanceof ExitShell || e instanceof ShellError) s = e.status;
            else throw e;
          }
          return this.finish(task, s);
        }
        case 'if': {
          for (const [cond, body] of cmd.clauses) {
            if ((await this.evalList(cond, rio, false)) === 0) return await this.evalList(body, rio, tail);
          }
          if (cmd.otherwise) return await this.evalList(cmd.otherwise, rio, tail);
          return 0;
        }
        case 'while': {
          let status = 0;
          for (;;) {
            const c = await this.evalList(cmd.cond, rio, false);
            if (cmd.until ? c === 0 : c !== 0) break;
            status = await this.evalList(cmd.body, rio, false);
          }
          return status;
        }
        case 'for': {
          const items = cmd.items === null ? [...this.params] : await this.expandWords(cmd.items, rio);
          let status = 0;
          for (const v of items) {
            this.vars.set(cmd.name, v);
            status = await this.evalList(cmd.body, rio, false);
          }
          return status;
        }
      }
    } finally {
      opened.close();
    }
  }

  private async evalSimple(cmd: SimpleCommand, io: Io, tail: boolean): Promise<number> {
    this.line = cmd.line;
    this.cmdsubStatus = undefined;
    const argv = await this.expandWords(cmd.words, io);
    const assigns = new Map<string, string>();
    for (const [name, w] of cmd.assigns) assigns.set(name, (await this.expandWord(w, io, false)).join(''));
    if (argv.length === 0) {
      for (const [k, v] of assigns) this.vars.set(k, v);
      const opened = await this.openRedirs(cmd.redirs, io);
      if (!opened) return 2;
      opened.close();
      return this.cmdsubStatus ?? 0;
    }
    const opened = await this.openRedirs(cmd.redirs, io);
    if (!opened) return 2;
    const rio = opened.io;
    try {
      const name = argv[0] ?? '';
      const def = this.lookupCommand(name);
      if (!def) {
        this.error(rio, `${name}: not found`);
        return 127;
      }
      // A name with a slash is a program, even where a builtin has its name (/bin/true).
      if (def.builtin && !name.includes('/')) {
        for (const [k, v] of assigns) this.vars.set(k, v);
        return await this.runDef(def, this.task, argv, rio, this.environment());
      }
      const env = this.environment(assigns);
      if (tail) {
        this.machine.exec(this.task, argv);
        return await this.runDef(def, this.task, argv, rio, env);
      }
      const task = this.forkOrFail(rio);
      this.machine.exec(task, argv);
      let s: number;
      try {
        s = await this.runDef(def, task, argv, rio, env);
      } catch (e) {
        if (!(e instanceof Killed)) throw e;
        s = 0;
      }
      return this.finish(task, s);
    } finally {
      opened.close();
    }
  }

  /** The status of the last `$(...)` of the command being expanded. */
  private cmdsubStatus: number | undefined;

  /** A command by name: a builtin or a program; a path names the program by its last component. */
  lookupCommand(name: string): CommandDef | undefined {
    if (name.includes('/')) {
      const m = /^\/(?:usr\/)?s?bin\/([^/]+)$/.exec(name);
      const def = m?.[1] ? this.machine.commands.get(m[1]) : undefined;
      return def;
    }
    return this.machine.commands.get(name);
  }

  /** Runs a command's definition in `task`; a KernelError a builtin lets out is dash's `name: name: I/O error`-like line. */
  async runDef(def: CommandDef, task: Task, argv: readonly string[], io: Io, env: ReadonlyMap<string, string>): Promise<number> {
    const ctx: CommandContext = { machine: this.machine, task, shell: this, argv, stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, env };
    try {
      return await def.run(ctx);
    } catch (e) {
      if (e instanceof KernelError && def.builtin) {
        this.error(io, `${def.name}: ${def.name}: I/O error`);
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
   * execve(2) of `argv` in `task` by a program (unshare, nsenter, ip netns
   * exec): the command runs in that process. Undefined when there is no such
   * program (the caller prints its own `failed to execute` line).
   */
  async execProgram(task: Task, argv: readonly string[], io: Io, env: ReadonlyMap<string, string>): Promise<number | undefined> {
    const def = this.lookupCommand(argv[0] ?? '');
    if (!def) return undefined;
    this.machine.exec(task, argv);
    const shell = new Shell(this.machine, task, { env, input: this.input, foreground: this.foreground });
    return shell.runDef(def, task, argv, io, env);
  }

  /**
   * What a shell started without a command reads: the session's input (the
   * lines after the command, as a child sh reading the same terminal does)
   * when its stdin is the session's, else its stdin (a pipe, a file).
   */
  stdinFor(stdin: Reader): Reader {
    return stdin === this.machine.terminal ? this.input : stdin;
  }

  /** A new shell process reading `input` (`sh`, or unshare without a program): interactive when that is the machine's terminal. */
  async runShellIn(task: Task, io: Io, env: ReadonlyMap<string, string>, options: { arg0?: string; params?: readonly string[]; command?: string; input?: Reader } = {}): Promise<number> {
    const input = options.input ?? io.stdin;
    const interactive = options.command === undefined && this.machine.terminal !== undefined && input === this.machine.terminal && this.machine.tty;
    const sh = new Shell(this.machine, task, { arg0: options.arg0 ?? 'sh', params: options.params ?? [], env, input, interactive, foreground: this.foreground });
    if (options.command !== undefined) return sh.runString(options.command, io);
    return sh.run(io);
  }

  /** Opens a command's redirections (redir.c `redirect`); null after printing dash's error. */
  private async openRedirs(redirs: readonly Redir[], io: Io): Promise<{ io: Io; close: () => void } | null> {
    if (redirs.length === 0) return { io, close: () => undefined };
    const fds: [Reader, Writer, Writer] = [io.stdin, io.stdout, io.stderr];
    const closers: (() => void)[] = [];
    for (const r of redirs) {
      const target = (await this.expandWord(r.target, io, false)).join('');
      if (r.op === '>&' || r.op === '<&') {
        if (target === '-') continue;
        const n = Number(target);
        if (!/^[0-9]+$/.test(target) || n > 2) {
          this.error(io, `${target}: Bad file descriptor`);
          return null;
        }
        if (r.fd === 0) continue;
        if (r.fd === 1 || r.fd === 2) fds[r.fd] = n === 0 ? NULL_WRITER : (fds[n] as Writer);
        continue;
      }
      if (r.op === '<' || r.op === '<>') {
        let text: string;
        try {
          text = target === '/dev/null' ? '' : this.machine.readFile(this.task, target);
        } catch (e) {
          this.error(io, `cannot open ${target}: ${redirErrno(e, 'open')}`);
          return null;
        }
        if (r.fd === 0) fds[0] = new TextReader(text);
        continue;
      }
      // >, >>, >|: the file is opened (created, truncated) now; what the command writes is written to it as it comes.
      let w: Writer;
      if (target === '/dev/null') w = NULL_WRITER;
      else if (target === '/dev/stdout') w = io.stdout;
      else if (target === '/dev/stderr') w = io.stderr;
      else {
        try {
          w = this.machine.openForWrite(this.task, target, r.op === '>>');
        } catch (e) {
          this.error(io, `cannot create ${target}: ${redirErrno(e, 'create')}`);
          this.machine.explainError(io.stderr, e);
          return null;
        }
      }
      if (r.fd === 1 || r.fd === 2) fds[r.fd] = w;
    }
    return { io: { stdin: fds[0], stdout: fds[1], stderr: fds[2] }, close: () => closers.forEach((c) => c()) };
  }

  /** Expands words into fields (parameter and command substitution, field splitting; no pathname expansion). */
  async expandWords(words: readonly Word[], io: Io): Promise<string[]> {
    const out: string[] = [];
    for (const w of words) out.push(...(await this.expandWord(w, io, true)));
    return out;
  }

  /** One word's fields (`split` false: one field, as in an assignment or a redirection target). */
  async expandWord(word: Word, io: Io, split: boolean): Promise<string[]> {
    const fields: string[] = [];
    let cur = '';
    let has = false;
    const addSplit = (text: string): void => {
      if (!split) {
        cur += text;
        return;
      }
      const pieces = text.split(IFS_WS);
      pieces.forEach((piece, i) => {
        if (i > 0) {
          if (has || cur !== '') fields.push(cur);
          cur = '';
          has = false;
        }
        cur += piece;
      });
    };
    for (const part of word.parts) {
      if (part.kind === 'lit') {
        cur += part.text;
        if (part.quoted) has = true;
        continue;
      }
      if (part.kind === 'param') {
        if (part.name === '@' && part.quoted && split) {
          this.params.forEach((p, i) => {
            if (i > 0) {
              fields.push(cur);
              cur = '';
            }
            cur += p;
            has = true;
          });
          continue;
        }
        const value = await this.paramValue(part.name, part.op, part.arg, io);
        if (part.quoted) {
          cur += value;
          has = true;
        } else addSplit(value);
        continue;
      }
      const output = (await this.commandSubstitution(part.body, io)).replace(/\n+$/, '');
      if (part.quoted) {
        cur += output;
        has = true;
      } else addSplit(output);
    }
    if (has || cur !== '') fields.push(cur);
    return split ? fields : [fields.join(' ')];
  }

  private async paramValue(name: string, op: string | undefined, arg: Word | undefined, io: Io): Promise<string> {
    const value = this.param(name);
    if (op === undefined) return value ?? '';
    const colon = op.startsWith(':');
    const unset = value === undefined || (colon && value === '');
    const word = async (): Promise<string> => (arg ? (await this.expandWord(arg, io, false)).join('') : '');
    switch (op.replace(':', '')) {
      case '-':
        return unset ? word() : (value ?? '');
      case '=':
        if (unset) {
          const w = await word();
          this.vars.set(name, w);
          return w;
        }
        return value ?? '';
      case '+':
        return unset ? '' : word();
      case '?':
        if (unset) {
          const w = await word();
          this.error(io, `${name}: ${w || 'parameter not set'}`);
          throw new ShellError(2, 'parameter not set');
        }
        return value ?? '';
      default:
        return value ?? '';
    }
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
        return this.interactive ? 'i' : '';
      default:
        if (/^[0-9]+$/.test(name)) return this.params[Number(name) - 1];
        return this.vars.get(name);
    }
  }

  /** `$(...)`: the list run in a forked subshell, its output. */
  private async commandSubstitution(body: List, io: Io): Promise<string> {
    const task = this.forkOrFail(io);
    const sub = this.subshell(task);
    const out = new Buffer();
    let s: number;
    try {
      s = await sub.evalList(body, { stdin: io.stdin, stdout: out, stderr: io.stderr }, true);
    } catch (e) {
      if (e instanceof ExitShell || e instanceof ShellError) s = e.status;
      else throw e;
    }
    this.cmdsubStatus = this.finish(task, s);
    return out.text;
  }
}
