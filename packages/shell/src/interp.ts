/**
 * The shell: dash's evaluator (src/eval.c `evaltree`, `evalcommand`,
 * `evalpipe`, `evalsubshell`, `evalloop`, `evalfor`, `evalcase`,
 * `evalfun`; src/main.c `cmdloop`; src/jobs.c) over the processes of the
 * simulated kernel. A shell is a process (a core task); a command that is
 * not one of dash's builtins or a function runs in a child it forks (so it
 * takes a pid, as on Linux), and the last command of a subshell, of a
 * pipeline element or of a background job is exec'd in the process that
 * runs it (dash's EV_EXIT, unless a trap is set; Debian's dash does not do
 * it for a `sh -c` string), which is what decides the pid numbers `ps` and
 * `$!` show.
 *
 * Messages and statuses are dash's: `sh: 1: foo: not found` (127),
 * `sh: 1: Cannot fork` (2, and the end of a non-interactive shell),
 * `sh: 1: Syntax error: ...` (2), `cannot create`, `cannot open`; `set -e`
 * ends the shell where dash's evaltree does (a simple command, a subshell
 * or a pipeline that fails outside a condition), after its EXIT trap.
 */
import type { Task } from '@nsproxy/core';
import { ArithSignal } from './arith.ts';
import type { Command, FunctionDefinition, List, Pipeline, Redir, SimpleCommand } from './ast.ts';
import type { CommandDef } from './command.ts';
import { Expander } from './expand.ts';
import { patternMatch } from './glob.ts';
import { Buffer, EMPTY, TextReader } from './io.ts';
import type { Reader } from './io.ts';
import { Killed, settle } from './machine.ts';
import { bodyWord } from './lex.ts';
import { Incomplete, SyntaxError, incompleteMessage, parseAll, parseCommand } from './parse.ts';
import { openRedirs } from './redir.ts';
import type { Io } from './redir.ts';
import { EV_EXIT, EV_TESTED, ExitShell, FunctionReturn, LoopControl, ShellCore, ShellError, takeTrappedSignals } from './shell-core.ts';
import type { Job } from './shell-core.ts';
import { SPECIAL_BUILTINS } from './vars.ts';

export type { Io } from './redir.ts';
export { EV_EXIT, EV_TESTED, ExitShell, FunctionReturn, LoopControl, ShellError, queueTrappedSignal, shellStatus } from './shell-core.ts';
export type { ShellOptions } from './shell-core.ts';

/** The shell: a process reading and evaluating commands. */
export class Shell extends ShellCore {
  /** A subshell: a copy of this shell in another process (fork without exec); traps that run commands are reset. */
  private subshell(task: Task, foreground = this.foreground): Shell {
    const s = new Shell(this.machine, task, { arg0: this.arg0, interactive: false, foreground, input: this.input, bash: this.bash });
    s.copyVars(this);
    s.functions = new Map(this.functions);
    for (const [sig, action] of this.traps) {
      if (action === '') s.traps.set(sig, '');
      else if (sig > 0) this.setSigaction(task, sig, 'default');
    }
    s.status = this.status;
    s.lastBg = this.lastBg;
    s.dollar = this.dollar;
    s.line = this.line;
    s.commandName = this.commandName;
    s.inPs4 = this.inPs4;
    return s;
  }

  /** The expander of words, for commands run with `io`. */
  expander(io: Io): Expander {
    return new Expander({
      param: (n) => this.param(n),
      params: this.params,
      setVar: (n, v) => this.assign(io, n, v),
      nounset: this.options.nounset,
      noglob: this.options.noglob,
      commandSubstitution: (body) => this.commandSubstitution(body, io),
      fail: (m) => this.fail(io, m),
      fs: this.globFs(),
    });
  }

  /**
   * Reads and runs commands from `this.input` to its end or `exit`; returns
   * the exit status after the EXIT trap (dash's `cmdloop` and `exitshell`).
   */
  async run(io: Io): Promise<number> {
    let status: number;
    try {
      status = await this.cmdloop(io);
    } catch (e) {
      // SIGFPE of INTMAX_MIN / -1 kills the process: no EXIT trap.
      if (e instanceof ArithSignal) return this.dieOf(e.signal);
      // Killed by a signal: no EXIT trap.
      if (e instanceof Killed) return this.killedStatus();
      if (e instanceof ExitShell && e.replaced) return e.status;
      if (e instanceof ExitShell) status = e.status;
      else if (e instanceof ShellError) status = e.status;
      else throw e;
    }
    // The exit status is a byte (`return 300` leaves $? 300, the process exits 44).
    return (await this.exitShell(status, io)) & 0xff;
  }

  private async cmdloop(io: Io): Promise<number> {
    let buf = '';
    let startLine = 1;
    /** The last line read had no newline (the end of a file without one). */
    let unterminated = false;
    for (;;) {
      const prompt = this.interactive ? await this.expandPrompt(buf === '' ? 'PS1' : 'PS2', io) : undefined;
      if (prompt !== undefined && !this.input.showsPrompt) io.stderr.write(prompt);
      const line = await this.input.readLine(prompt);
      // set -v: the input is written to stderr as it is read.
      if (line !== null && this.options.verbose) io.stderr.write(line);
      let list: List;
      if (line === null) {
        if (buf.trim() === '') return this.status;
        // The end of the input: what is left is the last command (a here-document ends here) or a syntax error.
        try {
          list = parseAll(buf, startLine);
        } catch (e) {
          const message = e instanceof Incomplete ? incompleteMessage(e) : e instanceof Error ? e.message : String(e);
          this.line = e instanceof SyntaxError ? e.line : startLine + (buf.match(/\n/g) ?? []).length - (unterminated ? 1 : 0);
          this.error(io, `Syntax error: ${message}`);
          if (!this.interactive) return 2;
          return this.status;
        }
        buf = '';
      } else {
        unterminated = !line.endsWith('\n');
        buf += unterminated ? `${line}\n` : line;
        // A line that ends in an unquoted backslash goes on in the next one (dash's pgetc of a backslash-newline).
        if (!unterminated && /(?:^|[^\\])(?:\\\\)*\\\n$/.test(buf)) continue;
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
        list = parsed.list;
      }
      try {
        await this.evalList(list, io, 0);
      } catch (e) {
        if (e instanceof FunctionReturn) return e.status;
        if (e instanceof LoopControl) continue;
        if (e instanceof ShellError && this.interactive) {
          this.status = e.status;
          continue;
        }
        throw e;
      }
      if (line === null) return this.status;
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
      if (!(e instanceof Incomplete || e instanceof SyntaxError)) throw e;
      this.line = e instanceof SyntaxError ? e.line : src.split('\n').length;
      this.error(io, `Syntax error: ${e instanceof Incomplete ? incompleteMessage(e) : e.message}`);
      return 2;
    }
    let status: number;
    try {
      // bash 5.2 execs the string's last simple command in place, also after ;, && or || (ONESHOT, optimize_connection_fork).
      status = await this.evalList(list, io, this.bash && lastIsSimple(list) ? EV_EXIT : 0);
    } catch (e) {
      if (e instanceof ArithSignal) return this.dieOf(e.signal);
      if (e instanceof Killed) return this.killedStatus();
      if (e instanceof ExitShell && e.replaced) return e.status;
      if (e instanceof ExitShell || e instanceof ShellError || e instanceof FunctionReturn) status = e.status;
      else if (e instanceof LoopControl) status = this.status;
      else throw e;
    }
    // The exit status is a byte (`return 300` leaves $? 300, the process exits 44).
    return (await this.exitShell(status, io)) & 0xff;
  }

  /** exitshell: the EXIT trap (once), run with `$?` the exit status; an `exit` in it gives the status. */
  async exitShell(status: number, io: Io): Promise<number> {
    const trap = this.traps.get(0);
    if (trap === undefined || trap === '' || this.exiting) return status;
    this.exiting = true;
    this.traps.delete(0);
    this.status = status;
    try {
      await this.evalString(trap, io, 0);
    } catch (e) {
      if (e instanceof ExitShell || e instanceof ShellError) return e.status;
      if (!(e instanceof FunctionReturn || e instanceof LoopControl)) throw e;
    }
    return status;
  }

  /** evalstring: parses and runs a text command by command (eval, traps, dot scripts); a syntax error is an error. */
  async evalString(src: string, io: Io, flags: number, firstLine = 1): Promise<number> {
    let offset = 0;
    let line = firstLine;
    let status = 0;
    for (;;) {
      let parsed;
      try {
        parsed = parseCommand(src, offset, line);
      } catch (e) {
        if (!(e instanceof Incomplete || e instanceof SyntaxError)) throw e;
        if (e instanceof Incomplete) {
          try {
            parsed = { list: parseAll(src.slice(offset), line), end: src.length, nextLine: line };
          } catch (e2) {
            if (!(e2 instanceof Incomplete || e2 instanceof SyntaxError)) throw e2;
            // The end of the text is on the line after its last newline.
            this.line = e2 instanceof SyntaxError ? e2.line : line + (src.slice(offset).match(/\n/g) ?? []).length;
            this.fail(io, `Syntax error: ${e2 instanceof Incomplete ? incompleteMessage(e2) : e2.message}`);
          }
        } else {
          this.line = e.line;
          this.fail(io, `Syntax error: ${e.message}`);
        }
      }
      if (!parsed) return status;
      const list = parsed.list;
      offset = parsed.end;
      line = parsed.nextLine;
      if (list.length > 0) status = await this.evalList(list, io, offset >= src.length ? flags : flags & EV_TESTED);
    }
  }

  /** getprompt: PS1 or PS2, expanded (expandstr); unset, dash's defaults. */
  private async expandPrompt(name: 'PS1' | 'PS2', io: Io): Promise<string> {
    const value = this.vars.get(name);
    if (value === undefined) return name === 'PS1' ? this.prompt() : '> ';
    try {
      return await this.expander(io).string(bodyWord(value, this.line));
    } catch (e) {
      if (e instanceof SyntaxError || e instanceof Incomplete || e instanceof ShellError) return value;
      throw e;
    }
  }

  /** dotrap: the traps of the signals that came, each run with `$?` kept. */
  private async dotrap(io: Io): Promise<void> {
    for (const sig of takeTrappedSignals(this.task)) {
      const action = this.traps.get(sig);
      if (action === undefined || action === '') continue;
      const saved = this.status;
      await this.evalString(action, io, 0);
      this.status = saved;
    }
  }

  async evalList(list: List, io: Io, flags: number): Promise<number> {
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (!item) continue;
      await this.dotrap(io);
      if (item.background) await this.background(item.andOr, io);
      else this.status = await this.evalAndOr(item.andOr, io, i === list.length - 1 ? flags : flags & EV_TESTED);
      // A signal without a trap ended the process (kill $$): nothing more runs in it.
      if (!this.task.alive) throw new Killed('killed');
      await this.dotrap(io);
    }
    return this.status;
  }

  private async evalAndOr(ao: { first: Pipeline; rest: readonly (readonly ['&&' | '||', Pipeline])[] }, io: Io, flags: number): Promise<number> {
    const last = ao.rest.length;
    let status = await this.evalPipeline(ao.first, io, last === 0 ? flags : EV_TESTED);
    for (let i = 0; i < last; i++) {
      const [op, p] = ao.rest[i] ?? ['&&', ao.first];
      this.status = status;
      if (op === '&&' ? status === 0 : status !== 0) status = await this.evalPipeline(p, io, i === last - 1 ? flags : EV_TESTED);
    }
    return status;
  }

  /** A child shell's run to its end: its status, after its EXIT trap. */
  private async runChild(sub: Shell, io: Io, body: () => Promise<number>): Promise<number> {
    let status: number;
    try {
      status = await body();
    } catch (e) {
      if (e instanceof ArithSignal) return sub.dieOf(e.signal);
      if (e instanceof ExitShell && e.replaced) return e.status;
      if (e instanceof ExitShell || e instanceof ShellError || e instanceof FunctionReturn) status = e.status;
      else if (e instanceof LoopControl) status = sub.status;
      else if (e instanceof Killed) return 0;
      else throw e;
    }
    return sub.exitShell(status, io);
  }

  /** `cmd &`: a forked subshell running it, stdin /dev/null (no job control), `$!` its pid. */
  private async background(ao: { first: Pipeline; rest: readonly (readonly ['&&' | '||', Pipeline])[] }, io: Io): Promise<void> {
    const task = this.forkOrFail(io);
    const sub = this.subshell(task, false);
    const bgIo: Io = { ...io, stdin: EMPTY };
    const job: Job = { task, pid: this.machine.kernel.pidOf(task, this.task), done: false, status: 0, promise: Promise.resolve(0) };
    (job as { promise: Promise<number> }).promise = (async () => {
      const status = await this.runChild(sub, bgIo, () => sub.evalAndOr(ao, bgIo, EV_EXIT));
      if (task.state === 'running') this.machine.kernel.exit(task, status & 0xff);
      job.status = status;
      job.done = true;
      return status;
    })();
    this.jobs.push(job);
    this.lastBg = job.pid;
    this.status = 0;
    // The job runs until it waits (for the clock) or ends before the shell goes on, as a child that runs first would.
    await Promise.race([job.promise, settle()]);
  }

  /** checkexit: `set -e` ends the shell when a command that is not a condition fails. */
  private checkExit(status: number, flags: number): void {
    if (this.options.errexit && status !== 0 && !(flags & EV_TESTED)) throw new ExitShell(status);
  }

  private async evalPipeline(p: Pipeline, io: Io, flags: number): Promise<number> {
    let status: number;
    if (p.commands.length === 1) {
      status = await this.evalCommand(p.commands[0] as Command, io, p.bang ? EV_TESTED : flags);
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
        const pio: Io = { ...io, stdin: input, stdout: out };
        const s = await this.runChild(sub, pio, () => sub.evalCommand(p.commands[i] as Command, pio, EV_EXIT));
        if (task.state === 'running') this.machine.kernel.exit(task, s & 0xff);
        if (!last) input = new TextReader((out as Buffer).text);
        if (last) status = s;
      }
      for (const task of tasks) {
        const s = this.reap(task, io);
        if (task === tasks[tasks.length - 1] && s !== undefined) status = s;
      }
      this.reapJobs();
      if (!p.bang) this.checkExit(status, flags);
    }
    return p.bang ? (status === 0 ? 1 : 0) : status;
  }

  /** Opens redirections for a command; null after dash's error line. */
  private redirect(redirs: readonly Redir[], io: Io): Promise<Io | null> {
    const x = this.expander(io);
    return openRedirs(
      {
        machine: this.machine,
        task: this.task,
        noclobber: this.options.noclobber,
        target: (r) => x.string(r.target),
        heredoc: (r) => x.string(r.heredoc?.body ?? { parts: [] }),
        error: (eio, m) => this.error(eio, m),
      },
      redirs,
      io,
    );
  }

  async evalCommand(cmd: Command, io: Io, flags: number): Promise<number> {
    if (cmd.kind === 'simple') return this.evalSimple(cmd, io, flags);
    if (cmd.kind === 'function') {
      this.functions.set(cmd.name, cmd);
      return 0;
    }
    this.line = cmd.line;
    const rio = await this.redirect(cmd.redirs, io);
    if (!rio) {
      this.checkExit(2, flags);
      return 2;
    }
    switch (cmd.kind) {
      case 'group':
        return this.evalList(cmd.body, rio, flags);
      case 'subshell': {
        if (flags & EV_EXIT && !this.hasTraps()) return this.evalList(cmd.body, rio, flags | EV_EXIT);
        const task = this.forkOrFail(rio);
        const sub = this.subshell(task);
        const s = await this.runChild(sub, rio, () => sub.evalList(cmd.body, rio, EV_EXIT));
        const status = this.finish(task, s, rio);
        this.checkExit(status, flags);
        return status;
      }
      case 'if': {
        for (const [cond, body] of cmd.clauses) {
          if ((await this.evalList(cond, rio, EV_TESTED)) === 0) return this.evalList(body, rio, flags);
        }
        if (cmd.otherwise) return this.evalList(cmd.otherwise, rio, flags);
        return 0;
      }
      case 'while':
        return this.loop(async () => {
          const c = await this.evalList(cmd.cond, rio, EV_TESTED);
          return cmd.until ? c !== 0 : c === 0;
        }, () => this.evalList(cmd.body, rio, flags & EV_TESTED));
      case 'for': {
        const items = cmd.items === null ? [...this.params] : await this.expander(rio).fields(cmd.items);
        let i = 0;
        return this.loop(() => {
          if (i >= items.length) return Promise.resolve(false);
          this.assign(rio, cmd.name, items[i++] ?? '');
          return Promise.resolve(true);
        }, () => this.evalList(cmd.body, rio, flags & EV_TESTED));
      }
      case 'case': {
        const x = this.expander(rio);
        const word = await x.string(cmd.word);
        for (const item of cmd.items) {
          for (const p of item.patterns) {
            if (patternMatch(await x.pattern(p), word)) return item.body.length > 0 ? this.evalList(item.body, rio, flags) : 0;
          }
        }
        return 0;
      }
    }
  }

  /** evalloop / evalfor: runs `body` while `next` says so; `break n` and `continue n` unwind n loops. */
  private async loop(next: () => Promise<boolean>, body: () => Promise<number>): Promise<number> {
    this.loopDepth++;
    let status = 0;
    try {
      for (;;) {
        try {
          if (!(await next())) break;
          status = await body();
        } catch (e) {
          if (!(e instanceof LoopControl)) throw e;
          if (e.count > 1) throw new LoopControl(e.count - 1, e.isContinue);
          if (!e.isContinue) break;
        }
      }
    } finally {
      this.loopDepth--;
    }
    return status;
  }

  /** The xtrace line: PS4, the assignments and the words, on the stderr the command was given. */
  private async trace(io: Io, assigns: readonly string[], argv: readonly string[]): Promise<void> {
    if (!this.options.xtrace || this.inPs4) return;
    // expandstr(ps4val()): PS4 is expanded (a syntax error in it leaves it as it is), and what runs for it is not traced (inps4).
    const ps4 = this.vars.get('PS4') ?? '';
    let prefix = ps4;
    this.inPs4 = true;
    try {
      prefix = await this.expander(io).string(bodyWord(ps4, this.line));
    } catch (e) {
      if (!(e instanceof SyntaxError || e instanceof Incomplete)) throw e;
    } finally {
      this.inPs4 = false;
    }
    io.stderr.write(`${prefix}${[...assigns, ...argv].join(' ')}\n`);
  }

  private async evalSimple(cmd: SimpleCommand, io: Io, flags: number): Promise<number> {
    this.line = cmd.line;
    this.cmdsubStatus = undefined;
    const x = this.expander(io);
    let argv = await x.fields(cmd.words);
    // command [-p] name...: the name without the functions (parse_command_args).
    let noFunction = false;
    while (argv[0] === 'command' && argv[1] !== undefined && !/^-[pvV]*[vV]/.test(argv[1])) {
      argv = argv.slice(argv[1] === '-p' || argv[1] === '--' ? 2 : 1);
      noFunction = true;
    }
    const name = argv[0];
    const special = name !== undefined && SPECIAL_BUILTINS.has(name) && !noFunction;
    const fn = name !== undefined && !special && !noFunction ? this.functions.get(name) : undefined;
    const def = name === undefined || fn ? undefined : this.lookupCommand(name);
    const rio = await this.redirect(cmd.redirs, io);
    if (!rio) {
      if (special) throw new ShellError(2, 'redirection');
      this.checkExit(2, flags);
      return 2;
    }
    const assigns: [string, string][] = [];
    for (const [n, w] of cmd.assigns) {
      const v = await x.string(w, true);
      assigns.push([n, v]);
      if (name === undefined || special) this.assign(io, n, v);
    }
    await this.trace(io, assigns.map(([n, v]) => `${n}=${v}`), argv);
    let status: number;
    if (name === undefined) status = this.cmdsubStatus ?? 0;
    else if (fn) status = await this.withTemporary(io, assigns, () => this.callFunction(fn, argv, rio, flags));
    else if (!def) {
      this.error(rio, `${name}: ${this.bash ? 'command not found' : 'not found'}`);
      status = 127;
    } else if (def.builtin && !name.includes('/')) {
      // A name with a slash is a program, even where a builtin has its name (/bin/true).
      const env = this.environment(new Map(assigns));
      this.builtinFlags = flags;
      // evalbltin: the builtin is the command named in its messages (`sh: 1: cd: ...`, not `eval: cd: ...`).
      const savedName = this.commandName;
      this.commandName = undefined;
      status = await this.withTemporary(io, special ? [] : assigns, async () => {
        try {
          return await this.runDef(def, this.task, argv, rio, env);
        } catch (e) {
          // An error of a regular builtin is its status; a special builtin's ends the shell.
          if (e instanceof ShellError && !special) return e.status;
          throw e;
        } finally {
          this.commandName = savedName;
        }
      });
      if (name === 'exec' && argv.length === 1) Object.assign(io, rio);
    } else status = await this.runProgram(def, argv, rio, this.environment(new Map(assigns)), flags);
    this.checkExit(status, flags);
    return status;
  }

  /** A program: forked and exec'd, or exec'd in place as the last command of a subshell (when no trap is set). */
  private async runProgram(def: CommandDef, argv: string[], io: Io, env: Map<string, string>, flags: number): Promise<number> {
    if (!(argv[0] ?? '').includes('/')) this.hashed.add(argv[0] ?? '');
    if (flags & EV_EXIT && !this.hasTraps()) {
      this.execve(this.task, argv);
      return this.runDef(def, this.task, argv, io, env);
    }
    const task = this.forkOrFail(io);
    this.execve(task, argv);
    let s: number;
    try {
      s = await this.runDef(def, task, argv, io, env);
    } catch (e) {
      if (!(e instanceof Killed)) throw e;
      s = 0;
    }
    return this.finish(task, s, io);
  }

  /** Assignments for one command (a regular builtin, a function): set, exported, and put back after it (mklocal). */
  private async withTemporary(io: Io, assigns: readonly [string, string][], body: () => Promise<number>): Promise<number> {
    if (assigns.length === 0) return body();
    const saved = assigns.map(([n]) => this.saveVar(n));
    for (const [n, v] of assigns) {
      this.assign(io, n, v);
      this.exported.add(n);
    }
    try {
      return await body();
    } finally {
      for (const s of saved.reverse()) this.restoreVar(s);
    }
  }

  /** evalfun: the body with the arguments as positional parameters; `local` variables and `return` end with it. */
  async callFunction(fn: FunctionDefinition, argv: readonly string[], io: Io, flags: number): Promise<number> {
    const savedParams = this.params;
    const savedLoops = this.loopDepth;
    const savedOpt = [this.optind, this.optoff] as const;
    this.params = argv.slice(1);
    this.loopDepth = 0;
    // evalfun: the function's getopts start at its first argument.
    this.optind = 1;
    this.optoff = -1;
    this.callDepth++;
    this.locals.push([]);
    try {
      return await this.evalCommand(fn.body, io, flags & EV_TESTED);
    } catch (e) {
      if (e instanceof FunctionReturn) return e.status;
      throw e;
    } finally {
      for (const s of (this.locals.pop() ?? []).reverse()) this.restoreVar(s);
      this.callDepth--;
      this.loopDepth = savedLoops;
      this.params = savedParams;
      [this.optind, this.optoff] = savedOpt;
    }
  }

  /** `. file` and `eval`: a text run in this shell, its messages naming `name`; a `return` in a dot script ends it. */
  async source(src: string, io: Io, name: string, flags: number, dot: boolean): Promise<number> {
    const savedName = this.commandName;
    const savedLine = this.line;
    this.commandName = name;
    if (dot) this.callDepth++;
    try {
      return await this.evalString(src, io, flags);
    } catch (e) {
      if (dot && e instanceof FunctionReturn) return e.status;
      throw e;
    } finally {
      if (dot) this.callDepth--;
      this.commandName = savedName;
      this.line = savedLine;
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
    this.execve(task, argv);
    const shell = new Shell(this.machine, task, { env, input: this.input, foreground: this.foreground });
    return shell.runDef(def, task, argv, io, env);
  }

  /** A new shell process reading `input` (`sh`, or unshare without a program): interactive when that is the machine's terminal. */
  async runShellIn(task: Task, io: Io, env: ReadonlyMap<string, string>, options: { arg0?: string; params?: readonly string[]; command?: string; input?: Reader; options?: string; bash?: boolean } = {}): Promise<number> {
    const input = options.input ?? io.stdin;
    const interactive = options.command === undefined && this.machine.terminal !== undefined && input === this.machine.terminal && this.machine.tty;
    const sh = new Shell(this.machine, task, { arg0: options.arg0 ?? 'sh', params: options.params ?? [], env, input, interactive, foreground: this.foreground, bash: options.bash ?? false });
    if (options.options) sh.setOptionLetters(options.options);
    if (options.command !== undefined) return sh.runString(options.command, io);
    return sh.run(io);
  }

  /** `$(...)`: the list run in a forked subshell, its output. */
  private async commandSubstitution(body: List, io: Io): Promise<string> {
    const task = this.forkOrFail(io);
    const sub = this.subshell(task);
    const out = new Buffer();
    const cio: Io = { ...io, stdout: out };
    const s = await this.runChild(sub, cio, () => sub.evalList(body, cio, EV_EXIT));
    this.cmdsubStatus = this.finish(task, s, io);
    return out.text;
  }
}

/** Whether a list ends in a simple command run in the foreground, alone or at the end of `&&`/`||` (what bash execs in place). */
function lastIsSimple(list: List): boolean {
  const item = list[list.length - 1];
  if (!item || item.background) return false;
  const last = item.andOr.rest.length > 0 ? item.andOr.rest[item.andOr.rest.length - 1]?.[1] : item.andOr.first;
  return last !== undefined && !last.bang && last.commands.length === 1 && last.commands[0]?.kind === 'simple';
}
