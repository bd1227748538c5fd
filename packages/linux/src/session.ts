/**
 * One scenario on the real kernel: a world of agent processes, one per task,
 * driven step by step.
 */
import { closeSync, constants, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { INIT_NS_FILES, INIT_PDEATHSIG_REFUSAL, IPC_GET_FLAGS, groupListArg, MQ_OPEN_FLAGS, MSGRCV_FLAG_BITS, OPEN_ACCMODES, NS_FILE_TYPES, NS_IOCTL_REQUESTS, NS_TYPE_FLAGS, PRCTL_OPTIONS, SIGNALS, cIntArg, formatFileText, pdeathsigArg, prctlArgsProblem, semOpsArg, userSysctlRefusal } from '@nsproxy/scenario/contract';
import { cloneFlagsArg, cloneFlagsProblem, cloneSharingRefusal } from '@nsproxy/scenario/contract';
import { SIGACTION_WORDS, pidTargetArg, pidfdSendRefusal, processGroupRefusal, sigactionRefusal, signalNumberArg, signalWord } from '@nsproxy/scenario/contract';
import type { CIntType } from '@nsproxy/scenario/contract';
import type { BackendSession, Step, StepResult } from '@nsproxy/scenario/contract';
import type { WaitOutcome } from './link.ts';
import { AgentLink, isInterrupted } from './link.ts';
import type { Message } from './protocol.ts';
import { makeRunCgroup, removeRunCgroup, runCgroupOp } from './cgroup.ts';
import { mayFreePeerGroup, PeerGroups, runMountOp } from './mounts.ts';
import { givesNetnsId, mayEndNetNamespace, movesLink, runNetOp } from './net.ts';
import { runTimeOp } from './time.ts';
import { effectiveCaps, isQuiet, isStopped, isZombie, readStat } from './proc.ts';
import type { ProcStat } from './proc.ts';
import { StepError, arg, need } from './step-error.ts';
import { INIT_FLAGS } from './tables.ts';

/** Tunables of a session. */
export interface SessionConfig {
  /** The agent binary. */
  readonly agentPath: string;
  /** A step without an answer after this long is an error (ms). */
  readonly stepTimeoutMs: number;
  /** How long to wait at most for asynchronous effects after a step (ms). */
  readonly settleTimeoutMs: number;
  /** How long a clone or unshare that fails with ENOSPC is retried, for namespaces still being freed (ms). */
  readonly teardownTimeoutMs: number;
}

/** A scenario task: one agent process. */
interface Task {
  readonly name: string;
  readonly hostPid: number;
  /** With the pid, identifies the process (pids are reused). */
  readonly startTime: string;
  /** Our end of the task's request pipe (opened read-write through /proc, so a write never meets EPIPE). */
  readonly requestFd: number;
  /** Known to be gone. */
  gone: boolean;
  /** A thread (the `thread` extension): the host pid of its thread group's leader. */
  readonly group?: number;
}

const OK: StepResult = { kind: 'ok' };
const errno = (code: string): StepResult => ({ kind: 'errno', code });
const int = (value: number): StepResult => ({ kind: 'int', value });
const text = (value: string): StepResult => ({ kind: 'text', value });


/** `uts,net` or `-` to CLONE_NEW* flags. */
function parseTypes(list: string): number {
  if (list === '-') return 0;
  let flags = 0;
  for (const type of list.split(',')) {
    const flag = NS_TYPE_FLAGS[type];
    if (flag === undefined) throw new StepError(`unknown namespace type '${type}'`);
    flags |= flag;
  }
  return flags;
}

/** The flags argument of `clone` and `unshare` (flag words and refused raw bits; none when absent). */
function stepFlags(word: string | undefined): bigint {
  if (word === undefined || word === '-') return 0n;
  const problem = cloneFlagsProblem(word);
  if (problem !== undefined) throw new StepError(problem.message);
  return cloneFlagsArg(word);
}

/** A name of /proc/<pid>/ns/ (left to the kernel to reject if it is no such entry). */
function nsFile(name: string): string {
  if (!/^[a-z_]+$/.test(name)) throw new StepError(`bad namespace file name '${name}'`);
  return name;
}

/** The nstype argument of setns for `<type>`, `any`, or none (-1: the fd's own type). */
function nstypeArg(value: string | undefined): number {
  if (value === undefined) return -1;
  if (value === 'any') return 0;
  const type = NS_FILE_TYPES[value];
  const flag = type === undefined ? undefined : NS_TYPE_FLAGS[type];
  if (flag === undefined) throw new StepError(`unknown namespace type '${value}'`);
  return flag;
}

/**
 * An integer argument of C type `type` (decimal, maybe negative, or 0x-hex),
 * exactly, as the decimal text the agent reads with strtoll: the value as a
 * long long (a size_t above LLONG_MAX is sent as the negative long long of its
 * bits), which the agent's cast to the C type turns back into the exact value.
 */
function integer(value: string, type: CIntType = 'i32', ctype?: string): string {
  try {
    return BigInt.asIntN(64, cIntArg(value, type, ctype)).toString();
  } catch (error) {
    throw new StepError(error instanceof Error ? error.message : String(error));
  }
}

/** The access mode a map or setgroups file is opened with (`rdonly`, `wronly`, `rdwr`), as the agent's flag number. */
function fileMode(word: string | undefined, otherwise: 'rdonly' | 'wronly'): number {
  const mode = word === 'wronly,rdwr' ? undefined : OPEN_ACCMODES[word ?? otherwise];
  if (mode === undefined) throw new StepError(`expected rdonly, wronly or rdwr, not '${word ?? ''}'`);
  return mode;
}

/** An ipc key: decimal, 0x-hex, or IPC_PRIVATE; as the kernel's 32-bit key_t. */
function ipcKey(value: string): string {
  return value === 'IPC_PRIVATE' ? '0' : integer(value, 'i32', 'key_t');
}

/** A map file as the format prints it: lines trimmed, blanks collapsed, `;`-joined (the contract's `formatFileText`). */
export const normalizeMap: (content: string) => string = formatFileText;

function toResult(message: Message): StepResult {
  switch (message.kind) {
    case 'ok':
      return OK;
    case 'err':
      return errno(message.rest);
    case 'int':
      return int(Number(message.rest));
    case 'text':
      return text(message.rest);
    case 'ns': {
      const [type = '', id = ''] = message.rest.split(' ');
      return { kind: 'ns', type, id };
    }
    case 'refused':
      // The agent would not touch the host: a mount op in its mount namespace, a file on its file systems.
      throw new StepError(`refused: ${message.rest}`);
    default:
      throw new Error(`unexpected answer from an agent: ${message.kind} ${message.rest}`);
  }
}

function describe(step: Step): string {
  return `${step.actor}: ${[step.op, ...step.args].join(' ')}`;
}

export class LinuxSession implements BackendSession {
  private readonly byName = new Map<string, Task>();
  private readonly tasks: Task[] = [];
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private broken: string | undefined;
  /** The world's initial user namespace (init's at the start): `user <ns id>`. */
  private worldUserNs: string | undefined;
  private closed = false;
  /**
   * Telling a task killed from outside the run from one the scenario ended:
   * steps are numbered (0: opening the session), each task remembers the last
   * step in which it was seen alive, and `lastLethalStep` is the last step that
   * could end a task (`exit`, `kill`: a task dies only by a signal or by exit,
   * and a pid namespace's tasks with its init). A task seen alive after that
   * step and found gone now died of something else.
   */
  private stepNo = 0;
  private lastLethalStep = -1;
  private readonly seenAlive = new Map<Task, number>();
  /**
   * The tasks the current step sent a signal to or made exit: the only ones
   * whose state can still change after its answer (settle waits for them).
   */
  private readonly touched = new Set<Task>();
  /**
   * The tasks that asked for a parent-death signal (`pdeathsig`): a step that
   * ends a task may signal them, so it settles them too.
   */
  private readonly orphanSignals = new Set<Task>();
  /** Generations of the kernel's peer-group ids shown so far (mounts.ts). */
  private readonly peerGroups = new PeerGroups();
  /**
   * Some veth pair has had its ends in two net namespaces (a link was moved),
   * or a net namespace was given an id for another (`nsid-set`): from then
   * on, the death of a net namespace can delete a link or an id in another,
   * and the steps that may end one wait for that (settleNet).
   */
  private netWatch = false;
  /** The run's own cgroup (cgroup.ts), init's cgroup namespace root; undefined where none could be made. */
  private runCgroup: string | undefined;

  private readonly link: AgentLink;
  private readonly config: SessionConfig;

  private constructor(link: AgentLink, config: SessionConfig) {
    this.link = link;
    this.config = config;
  }

  /** Starts the host agent and `init` in its fresh namespaces. */
  static async open(config: SessionConfig): Promise<LinuxSession> {
    const link = await AgentLink.start(config.agentPath, config.stepTimeoutMs);
    const session = new LinuxSession(link, config);
    try {
      const cgroup = makeRunCgroup();
      if ('path' in cgroup) session.runCgroup = cgroup.path;
      const init = await session.spawn('init', (id) => link.sendHost(id, 'spawn-init', [INIT_FLAGS, session.runCgroup ?? '']), () => undefined);
      if (init.kind !== 'task') throw new Error(`cannot create init: ${init.result.kind === 'errno' ? init.result.code : ''}`);
      session.worldUserNs = await session.userNsOf(session.mustGet('init'));
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  // ---------------------------------------------------------------------------
  // The BackendSession interface.

  observeInit(): Promise<readonly StepResult[]> {
    return this.serialize(async () => {
      const init = this.mustGet('init');
      const results: StepResult[] = [];
      for (const file of INIT_NS_FILES) results.push(await this.nsof(init, file));
      return results;
    });
  }

  initCaps(): Promise<bigint> {
    return this.serialize(() => {
      const init = this.mustGet('init');
      const caps = this.isAlive(init) ? effectiveCaps(init.hostPid) : undefined;
      if (caps === undefined) throw new Error('init is not alive');
      return Promise.resolve(caps);
    });
  }

  run(step: Step): Promise<StepResult> {
    return this.serialize(async () => {
      if (this.closed) throw new Error('the session is closed');
      if (this.broken !== undefined) throw new Error(`the session is unusable: ${this.broken}`);
      this.stepNo += 1;
      const actor = this.byName.get(step.actor);
      if (actor === undefined || !this.isAlive(actor)) {
        const killed = actor === undefined ? undefined : this.killedFromOutside(actor);
        if (killed === undefined) return errno('ENOTASK');
        this.broken = killed;
        throw new Error(`${describe(step)}: ${killed}`);
      }
      // A stopped actor cannot act (scenarios.md, "Stopped tasks"): no call is made.
      if (this.isStoppedNow(actor)) return errno('ESTOPPED');
      this.touched.clear();
      let result: StepResult;
      try {
        result = await this.dispatch(actor, step);
        result = await this.retryCreation(actor, step, result);
        if (step.op === 'exit' || step.op === 'kill' || step.op === 'pidfd-send') {
          this.lastLethalStep = this.stepNo;
          for (const t of this.orphanSignals) if (this.exists(t)) this.touched.add(t);
        }
        const child = (step.op === 'clone' || step.op === 'clone-into' || step.op === 'clone-into-fd' || step.op === 'thread') && result.kind === 'int' ? this.byName.get(step.args[0] ?? '') : undefined;
        if (child !== undefined) this.seenAlive.set(child, this.stepNo);
        if (movesLink(step.op, result) || givesNetnsId(step.op, result)) this.netWatch = true;
      } catch (error) {
        // A step the runner refuses: the same text as the simulated backend's (the runner names the step).
        if (error instanceof StepError) throw new Error(error.message, { cause: error });
        const message = error instanceof Error ? error.message : String(error);
        this.broken = message;
        throw new Error(`${describe(step)}: ${message}`, { cause: error });
      }
      // A signal or an exit that reaches one thread may end its whole thread group: settle them all.
      for (const t of [...this.touched]) for (const member of this.threadGroup(t)) this.touched.add(member);
      if (this.touched.size > 0) await this.settle([actor, ...this.touched]);
      if (this.peerGroups.watching && mayFreePeerGroup(step.op, step.args)) await this.refreshPeerGroups();
      if (this.netWatch && mayEndNetNamespace(step.op)) await this.settleNet();
      return result;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // SIGKILL to init ends its whole pid namespace (every task lives there or
    // below); the others are killed one by one in case init is gone already.
    for (const task of this.tasks) {
      const stat = readStat(task.hostPid);
      if (stat === undefined || stat.startTime !== task.startTime) continue;
      try {
        process.kill(task.hostPid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    const deadline = Date.now() + this.config.settleTimeoutMs;
    while (Date.now() < deadline && this.tasks.some((t) => this.exists(t))) await sleep(2);
    await this.link.stop(300);
    for (const task of this.tasks) this.forget(task);
    // Every process of the run is gone: its cgroup subtree goes too, bottom-up.
    if (this.runCgroup !== undefined) {
      const path = this.runCgroup;
      this.runCgroup = undefined;
      await removeRunCgroup(path, this.config.settleTimeoutMs);
    }
  }

  // ---------------------------------------------------------------------------
  // Tasks and their processes.

  /** Runs one thing at a time, in call order. */
  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private mustGet(name: string): Task {
    const task = this.byName.get(name);
    if (task === undefined) throw new Error(`no task ${name}`);
    return task;
  }

  /** The process still exists (possibly as a zombie). */
  private exists(task: Task): boolean {
    if (task.gone) return false;
    const stat = readStat(task.hostPid);
    if (stat === undefined || stat.startTime !== task.startTime) {
      this.forget(task);
      return false;
    }
    return true;
  }

  /** Alive: the process exists and is not a zombie. A stopped task is alive. */
  private isAlive(task: Task): boolean {
    if (!this.exists(task)) return false;
    const stat = readStat(task.hostPid);
    const alive = stat !== undefined && !isZombie(stat);
    if (alive) this.seenAlive.set(task, this.stepNo);
    return alive;
  }

  /**
   * Why a task that is gone did not end by the scenario (undefined if it may
   * have): it was seen alive after the last step that could end a task, so
   * its agent was killed from outside the run. One runner error then, instead
   * of an ENOTASK for every later step of the task.
   */
  private killedFromOutside(task: Task): string | undefined {
    const seen = this.seenAlive.get(task);
    if (seen === undefined || seen <= this.lastLethalStep) return undefined;
    return `task ${task.name}'s agent (pid ${task.hostPid}) was killed from outside the run`;
  }

  private forget(task: Task): void {
    if (task.gone) return;
    task.gone = true;
    try {
      closeSync(task.requestFd);
    } catch {
      // already closed
    }
  }

  /**
   * A target task by name: undefined when no task ever had that name. Such a
   * target behaves like a task that is gone (ENOENT for its /proc files,
   * ESRCH for pidfd_open and kill, 0 for `pid`); only the actor of a step
   * yields ENOTASK.
   */
  /** Every live task may be signalled by the step (kill(-1), pidfd-send): settle waits for them all. */
  private touchAll(): void {
    for (const task of this.tasks) if (this.exists(task)) this.touched.add(task);
  }

  private target(name: string): Task | undefined {
    const task = this.byName.get(name);
    if (task !== undefined && !this.isAlive(task)) {
      const killed = this.killedFromOutside(task);
      if (killed !== undefined) throw new Error(killed);
    }
    return task;
  }

  /**
   * The kernel frees some namespaces after their last reference is gone, in
   * the background: free_user_ns runs from a workqueue (kernel/user_namespace.c),
   * a net namespace from cleanup_net. Until then the namespace still counts
   * against its creator's max_*_namespaces, so a creation right after the last
   * task of one exited can get ENOSPC for a moment where the model (which frees
   * at once) succeeds. That count is the only trace of the teardown a step can
   * see, whatever step dropped the last reference (an exit, a kill, `close`,
   * `umount` or `umount-lazy` of a pinned ns file, a `setns` or `unshare` that
   * left the namespace), so this is where the teardown is waited for. A clone or unshare that fails with ENOSPC is therefore
   * tried again, bounded (`teardownTimeoutMs`): the failed attempt changed
   * nothing (the charge fails before anything is made), and an ENOSPC that
   * lasts is the answer.
   */
  private async retryCreation(actor: Task, step: Step, first: StepResult): Promise<StepResult> {
    if ((step.op !== 'clone' && step.op !== 'unshare') || !isErrno(first, 'ENOSPC')) return first;
    const deadline = Date.now() + this.config.teardownTimeoutMs;
    let result = first;
    while (isErrno(result, 'ENOSPC') && Date.now() < deadline && this.isAlive(actor)) {
      await sleep(5);
      result = await this.dispatch(actor, step);
    }
    return result;
  }

  /**
   * Waits, bounded, until nothing asynchronous is under way for the tasks a
   * step touched: none exiting, no zombie waiting to be reaped, no signal
   * waiting for delivery. Two quiet looks in a row, to step over the short
   * window in which a task has taken a signal off its queue but not yet acted
   * on it.
   *
   * Only a step that sends a signal (`kill`) or exits can leave anything
   * under way, and only for its actor and its target: a task dies only by a
   * signal or by exit. When the one that dies is the init of a pid namespace,
   * every task of that namespace and below dies too, but its init is reaped
   * only once they all are (zap_pid_ns_processes waits for them), so waiting
   * for the init to be gone covers them. The cost of a step is therefore
   * independent of the number of live tasks: /proc is read for these tasks only.
   */
  private async settle(tasks: readonly Task[]): Promise<void> {
    const deadline = Date.now() + this.config.settleTimeoutMs;
    let quietLooks = 0;
    while (Date.now() < deadline) {
      quietLooks = tasks.every((task) => this.quietTask(task)) ? quietLooks + 1 : 0;
      if (quietLooks >= 2) return;
      await sleep(1);
    }
  }

  /** Whether nothing is under way for one task (gone counts as quiet, and so does a leader that waits for its threads). */
  private quietTask(task: Task): boolean {
    if (!this.exists(task)) return true;
    const stat = readStat(task.hostPid);
    return stat !== undefined && (isQuiet(task.hostPid, stat) || this.leaderOfLiveThreads(task, stat));
  }

  /** The tasks of a task's thread group (the `thread` extension), itself included. */
  private threadGroup(task: Task): Task[] {
    const tgid = task.group ?? task.hostPid;
    return this.tasks.filter((t) => (t.group ?? t.hostPid) === tgid);
  }

  /**
   * A thread-group leader that has exited while a thread of its group lives:
   * it stays a zombie until the last thread goes (kernel/exit.c
   * delay_group_leader), and that is all there is to wait for.
   */
  private leaderOfLiveThreads(task: Task, stat: ProcStat): boolean {
    if (task.group !== undefined || !isZombie(stat)) return false;
    return this.tasks.some((t) => t.group === task.hostPid && this.isAlive(t));
  }

  /**
   * Waits, bounded (`settleTimeoutMs`), until no net namespace is being torn
   * down under a link of the run. A net namespace whose last reference went
   * is dismantled by a kernel worker (cleanup_net), which deletes its veths
   * and so their other ends, in namespaces that live on: until then a
   * `links` there would still show them. Some last references go later than
   * the step that dropped them (a socket lets go of its namespace only after
   * an RCU grace period: seen with UDP sockets and TCP listeners), so the
   * wait starts with a grace period (membarrier) and lasts at least
   * NET_SETTLE_MIN_MS.
   *
   * Done is: in the net namespace of every live task, no link is one end of
   * a pair whose other end lives in a dying namespace (the agent's
   * `net-settle`: IFLA_LINK_NETNSID unassigned, or naming no namespace that
   * can still be taken) and no id names a dying namespace, twice in a row. A namespace held by no task (by an
   * fd, a pin or a socket) is looked at when a task enters it: entering is a
   * `setns`, which waits too.
   */
  private async settleNet(): Promise<void> {
    const started = Date.now();
    const deadline = started + this.config.settleTimeoutMs;
    let quietLooks = 0;
    for (;;) {
      await this.host('rcu-sync', []);
      const pending = await this.pendingNetTeardown();
      quietLooks = pending === 0 ? quietLooks + 1 : 0;
      if (quietLooks >= 2 && Date.now() - started >= NET_SETTLE_MIN_MS) return;
      if (Date.now() >= deadline) return;
      await sleep(2);
    }
  }

  /** The links of the run's live tasks' net namespaces whose other end's namespace is dying (one look). */
  private async pendingNetTeardown(): Promise<number> {
    const seen = new Set<string>();
    let pending = 0;
    for (const task of this.tasks) {
      if (!this.isAlive(task) || this.isStoppedNow(task)) continue;
      const ns = await this.host('ns', [`/proc/${task.hostPid}/ns/net`]);
      if (ns.kind !== 'ns' || seen.has(ns.rest)) continue;
      seen.add(ns.rest);
      const outcome = await this.ask(task, 'net-settle', []);
      if (isInterrupted(outcome)) continue;
      if (outcome.kind === 'int') pending += Number(outcome.rest);
    }
    return pending;
  }

  /** Whether the task is stopped (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU): one read of its stat. */
  private isStoppedNow(task: Task): boolean {
    const stat = readStat(task.hostPid);
    return stat !== undefined && stat.startTime === task.startTime && isStopped(stat);
  }

  // ---------------------------------------------------------------------------
  // Requests.

  private nextId(): string {
    this.seq += 1;
    return String(this.seq);
  }

  /** A stopped task cannot read its requests: a step it should act in is an error. */
  private ensureRunning(task: Task): void {
    const stat = readStat(task.hostPid);
    if (stat !== undefined && isStopped(stat)) throw new StepError(`${task.name} is stopped (SIGSTOP) and cannot act`);
  }

  /** Why a waiting request's actor can no longer answer, if it cannot. */
  private actorCheck(task: Task): () => string | undefined {
    return () => {
      const stat = readStat(task.hostPid);
      if (stat === undefined || stat.startTime !== task.startTime || isZombie(stat) || stat.exiting) return 'gone';
      if (isStopped(stat)) return 'stopped';
      return undefined;
    };
  }

  /** Sends a request to a task's agent and waits for its answer (or its death). */
  private async ask(task: Task, op: string, args: readonly (string | number)[]): Promise<WaitOutcome> {
    this.ensureRunning(task);
    const id = this.nextId();
    this.link.sendTask(task.requestFd, id, op, args);
    try {
      const outcome = await this.link.receive(id, { timeoutMs: this.config.stepTimeoutMs, check: this.actorCheck(task) });
      if (isInterrupted(outcome)) {
        // Only a task that kills or stops itself (or exits) ends a request
        // this way; look once more in case its answer is still in the pipe.
        await sleep(5);
        const late = await this.link.receive(id, { timeoutMs: 0, check: () => 'none' });
        this.link.abandon(id);
        return isInterrupted(late) ? outcome : late;
      }
      return outcome;
    } catch (error) {
      this.link.abandon(id);
      throw error;
    }
  }

  /** A request to a task whose answer is the step's result. */
  private async askResult(task: Task, op: string, args: readonly (string | number)[]): Promise<StepResult> {
    const outcome = await this.ask(task, op, args);
    if (isInterrupted(outcome)) throw new Error(`${task.name} ${outcome.why === 'stopped' ? 'stopped' : 'died'} during the step`);
    return toResult(outcome);
  }

  /** A request to the host agent. */
  private async host(op: string, args: readonly (string | number)[]): Promise<Message> {
    const id = this.nextId();
    this.link.sendHost(id, op, args);
    try {
      return await this.link.receive(id, { timeoutMs: this.config.stepTimeoutMs });
    } catch (error) {
      this.link.abandon(id);
      throw error;
    }
  }

  /**
   * Makes a new task: `send` asks some agent to clone. The parent answers
   * with the pid or an errno, the child with `born <host pid> <fd>`, in
   * either order; the child's requests then go through the pipe it inherited
   * (fd <fd>), which we open as /proc/<host pid>/fd/<fd>.
   */
  private async spawn(
    name: string,
    send: (id: string) => void,
    check: () => string | undefined,
    group?: number,
  ): Promise<{ kind: 'task'; pid: number } | { kind: 'failed'; result: StepResult }> {
    const id = this.nextId();
    let pid: number | undefined;
    let born: { hostPid: number; fd: number } | undefined;
    try {
      send(id);
      while (pid === undefined || born === undefined) {
        const message = await this.link.receive(id, { timeoutMs: this.config.stepTimeoutMs, check });
        if (isInterrupted(message)) throw new Error(`the cloning task ${message.why === 'stopped' ? 'stopped' : 'died'}`);
        if (message.kind === 'err') {
          this.link.abandon(id);
          return { kind: 'failed', result: errno(message.rest) };
        }
        if (message.kind === 'int') pid = Number(message.rest);
        else if (message.kind === 'born') born = parseBorn(message.rest);
        else if (message.kind === 'fail') throw new Error(`the new task ${name} could not start: ${message.rest}`);
        else throw new Error(`unexpected answer to clone: ${message.kind} ${message.rest}`);
      }
    } finally {
      this.link.abandon(id);
    }
    const { hostPid } = born;
    let requestFd: number;
    try {
      requestFd = openSync(`/proc/${hostPid}/fd/${born.fd}`, constants.O_RDWR);
    } catch (error) {
      throw new Error(`cannot open the request pipe of ${name} (/proc/${hostPid}/fd/${born.fd}): ${(error as { code?: string }).code ?? String(error)}`, { cause: error });
    }
    const stat = readStat(hostPid);
    const task: Task = { name, hostPid, startTime: stat?.startTime ?? '', requestFd, gone: false, ...(group === undefined ? {} : { group }) };
    this.tasks.push(task);
    this.byName.set(name, task);
    if (stat === undefined) this.forget(task);
    return { kind: 'task', pid };
  }

  /** The pid `target` has in the active pid namespace of `viewer`; 0 if none. */
  private async pidIn(viewer: Task, target: Task): Promise<number> {
    if (!this.isAlive(target)) return 0;
    const answer = await this.host('pidin', [viewer.hostPid, target.hostPid]);
    if (answer.kind !== 'int') throw new Error(`pid translation failed: ${answer.kind} ${answer.rest}`);
    return Number(answer.rest);
  }

  /** A task's user namespace as the host agent reads it (`user <ns id>`). */
  private async userNsOf(task: Task): Promise<string> {
    const answer = await this.host('ns', [`/proc/${task.hostPid}/ns/user`]);
    if (answer.kind !== 'ns') throw new Error(`cannot read the user namespace of ${task.name}: ${answer.kind} ${answer.rest}`);
    return answer.rest;
  }

  /**
   * /proc/sys/user/* belongs to the writer's user namespace. The world's init
   * starts in the runner's user namespace, the host's initial one when run as
   * root, so a write from there would change the host's limits: that is a
   * runner error, not an errno (the simulated backend refuses it the same way).
   * Scenarios write user.* only from a user namespace they created.
   */
  private async guardUserSysctl(actor: Task, name: string): Promise<void> {
    const ns = await this.userNsOf(actor);
    if (this.worldUserNs === undefined || ns === this.worldUserNs) {
      throw new StepError(userSysctlRefusal(name));
    }
  }

  /**
   * After a step that may have freed a peer group: the ids shown so far that
   * no live task's mountinfo holds any more are gone, so their next
   * appearance is a new group ("Peer-group labels follow groups, not
   * numbers"). Every live task's view is read (a chrooted task sees only
   * part of its namespace); only while some id has been shown.
   */
  private async refreshPeerGroups(): Promise<void> {
    const pids = this.tasks.filter((task) => this.isAlive(task)).map((task) => task.hostPid);
    const answer = await this.host('peer-groups', [pids.join(',')]);
    if (answer.kind !== 'text') throw new Error(`cannot read the run's peer groups: ${answer.kind} ${answer.rest}`);
    this.peerGroups.forgetAbsent(new Set(answer.rest.split(/\s+/).filter((id) => id !== '')));
  }

  /** A task's namespace, read by the host agent (no permission check). */
  private async nsof(target: Task, file: string): Promise<StepResult> {
    if (!this.isAlive(target)) return errno('ENOENT');
    return toResult(await this.host('ns', [`/proc/${target.hostPid}/ns/${nsFile(file)}`]));
  }

  // ---------------------------------------------------------------------------
  // Ops.

  private async dispatch(actor: Task, step: Step): Promise<StepResult> {
    const { op, args } = step;
    /** A /proc path of a target task, or the result when the target is not there. */
    const procPath = (name: string, rest: string, whenGone: string): { path: string } | { result: StepResult } => {
      const target = this.target(name);
      if (target === undefined || !this.isAlive(target)) return { result: errno(whenGone) };
      return { path: `/proc/${target.hostPid}/${rest}` };
    };
    /** A target's pid as the actor sees it (0: not visible, gone, or no such task). */
    const visiblePid = async (name: string): Promise<number> => {
      const target = this.target(name);
      return target === undefined ? 0 : this.pidIn(actor, target);
    };

    /** A signal word's number (a name, or a C int). */
    const signalArg = (word: string): number => {
      const signal = signalNumberArg(word, SIGNALS);
      if (signal === undefined) throw new StepError(`unknown signal '${word}'`);
      return signal;
    };
    /** The pid a target word names for the actor: a task's as it sees it (0: not seen), or a pid word as it is. */
    const targetPid = async (word: string, what: string): Promise<number> => {
      const target = pidTargetArg(word);
      if (target === undefined) throw new StepError(`expected a task name or a pid, found '${word}'`);
      if ('task' in target) return visiblePid(target.task);
      const refusal = what === 'pidfd-open' ? undefined : processGroupRefusal(what, target.pid);
      if (refusal !== undefined) throw new StepError(refusal);
      return target.pid;
    };

    switch (op) {
      // Tasks and namespaces.
      case 'clone': {
        need(args, 2, 3, 'clone <name> <types> [<flags>]');
        const name = arg(args, 0);
        if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new StepError(`bad task name '${name}'`);
        const flags = (BigInt(parseTypes(arg(args, 1))) | stepFlags(args[2])).toString();
        // A clone sharing the agent's memory would break it: refused here too, whatever the parser let through.
        const sharing = cloneSharingRefusal(BigInt(flags));
        if (sharing !== undefined) throw new StepError(sharing);
        this.ensureRunning(actor);
        const made = await this.spawn(name, (id) => this.link.sendTask(actor.requestFd, id, 'clone', [flags]), this.actorCheck(actor));
        return made.kind === 'task' ? int(made.pid) : made.result;
      }
      case 'thread': {
        // The thread extension: clone(CLONE_THREAD|CLONE_SIGHAND|CLONE_VM) by the actor (agent.c op_thread).
        need(args, 1, 2, 'thread <name> [thread,sighand,vm|sighand,vm]');
        const name = arg(args, 0);
        if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new StepError(`bad task name '${name}'`);
        // CLONE_THREAD 0x10000, CLONE_SIGHAND 0x800, CLONE_VM 0x100; without `thread`, a process of its own sharing the memory and handlers.
        const sharing = args[1] ?? 'thread,sighand,vm';
        const flags = { 'thread,sighand,vm': 0x10900, 'sighand,vm': 0x900 }[sharing];
        if (flags === undefined) throw new StepError(`expected thread,sighand,vm or sighand,vm, not '${sharing}'`);
        this.ensureRunning(actor);
        const group = flags & 0x10000 ? actor.group ?? actor.hostPid : undefined;
        const made = await this.spawn(name, (id) => this.link.sendTask(actor.requestFd, id, 'thread', [flags]), this.actorCheck(actor), group);
        return made.kind === 'task' ? int(made.pid) : made.result;
      }
      case 'unshare':
        need(args, 1, 2, 'unshare <types> [<flags>]');
        return this.askResult(actor, 'unshare', [(BigInt(parseTypes(arg(args, 0))) | stepFlags(args[1])).toString()]);
      case 'ns':
        need(args, 1, 1, 'ns <file>');
        return this.askResult(actor, 'ns', [`/proc/self/ns/${nsFile(arg(args, 0))}`]);
      case 'nsof': {
        need(args, 2, 2, 'nsof <task> <file>');
        const target = this.target(arg(args, 0));
        return target === undefined ? errno('ENOENT') : this.nsof(target, arg(args, 1));
      }
      case 'setns': {
        need(args, 2, 3, 'setns <task> <type> [any]');
        if (args[2] !== undefined && args[2] !== 'any') throw new StepError(`expected 'any', not '${args[2]}'`);
        const nstype = args[2] === 'any' ? 0 : nstypeArg(arg(args, 1));
        const at = procPath(arg(args, 0), `ns/${nsFile(arg(args, 1))}`, 'ENOENT');
        return 'result' in at ? at.result : this.askResult(actor, 'setns-path', [at.path, nstype]);
      }
      case 'setns-pidfd': {
        need(args, 2, 2, 'setns-pidfd <task> <types>');
        const flags = parseTypes(arg(args, 1));
        const pid = await visiblePid(arg(args, 0));
        return pid === 0 ? errno('ESRCH') : this.askResult(actor, 'setns-pid', [pid, flags]);
      }
      case 'open': {
        need(args, 3, 4, 'open <task> <file> <fd> [wronly|rdwr]');
        // O_RDONLY, or (the open-mode extension) O_WRONLY (1) or O_RDWR (2).
        const mode = args[3] === undefined ? 0 : args[3] === 'wronly' ? 1 : args[3] === 'rdwr' ? 2 : undefined;
        if (mode === undefined) throw new StepError(`expected wronly or rdwr, not '${args[3] ?? ''}'`);
        const at = procPath(arg(args, 0), `ns/${nsFile(arg(args, 1))}`, 'ENOENT');
        return 'result' in at ? at.result : this.askResult(actor, 'open', [at.path, arg(args, 2), mode]);
      }
      case 'setns-fd':
        need(args, 1, 2, 'setns-fd <fd> [<type>|any]');
        return this.askResult(actor, 'setns-fd', [arg(args, 0), nstypeArg(args[1])]);
      case 'close':
        need(args, 1, 1, 'close <fd>');
        return this.askResult(actor, 'close', [arg(args, 0)]);
      case 'fdns':
        need(args, 1, 1, 'fdns <fd>');
        return this.askResult(actor, 'fdns', [arg(args, 0)]);
      case 'fstat':
        need(args, 1, 1, 'fstat <fd>');
        return this.askResult(actor, 'fstat', [arg(args, 0)]);
      case 'ioctl': {
        need(args, 2, 3, 'ioctl <fd> <NS_GET_...> [<newfd>]');
        const request = NS_IOCTL_REQUESTS[arg(args, 1)];
        if (request === undefined) throw new StepError(`unknown ioctl '${arg(args, 1)}'`);
        if (request.pidArg === true) {
          need(args, 3, 3, `ioctl <fd> ${arg(args, 1)} <pid>`);
          return this.askResult(actor, 'ioctl', [arg(args, 0), arg(args, 1), integer(arg(args, 2), 'i32', 'pid_t')]);
        }
        if (request.newFd !== (args.length === 3)) throw new StepError(`${arg(args, 1)} ${request.newFd ? 'needs' : 'takes no'} <newfd>`);
        return this.askResult(actor, 'ioctl', args);
      }
      case 'exit': {
        need(args, 0, 1, 'exit [<code>]');
        const code = args[0] === undefined ? 0 : integer(args[0]);
        this.touched.add(actor);
        const outcome = await this.ask(actor, 'exit', [code]);
        if (!isInterrupted(outcome)) throw new Error(`unexpected answer to exit: ${outcome.kind}`);
        // `ok` once the process is gone (an init waits for its namespace to empty),
        // or, for a leader whose threads live on, a zombie until they are gone.
        const deadline = Date.now() + this.config.stepTimeoutMs;
        const waiting = (): boolean => {
          if (!this.exists(actor)) return false;
          const stat = readStat(actor.hostPid);
          return stat === undefined || !this.leaderOfLiveThreads(actor, stat);
        };
        while (waiting()) {
          if (Date.now() > deadline) throw new Error(`${actor.name} did not go away after exit`);
          await sleep(1);
        }
        return OK;
      }
      case 'alive': {
        need(args, 1, 1, 'alive <task>');
        const target = this.target(arg(args, 0));
        return text(target !== undefined && this.isAlive(target) ? 'yes' : 'no');
      }

      // Credentials.
      case 'id':
      case 'caps':
        need(args, 0, 0, op);
        return this.askResult(actor, op, []);
      case 'setuid':
      case 'setgid':
        need(args, 1, 1, `${op} <n>`);
        return this.askResult(actor, op, [integer(arg(args, 0), 'u32', op === 'setuid' ? 'uid_t' : 'gid_t')]);
      case 'capset':
        need(args, 3, 3, 'capset <effective> <permitted> <inheritable>');
        // capset(2) of the actor: each set 64 bits, as the agent splits it into the two words of version 3.
        return this.askResult(actor, 'capset', args.map((word) => integer(word, 'u64', 'kernel_cap_t')));
      case 'prctl': {
        need(args, 1, 2, 'prctl <option> [<n>]');
        const option = arg(args, 0);
        if (PRCTL_OPTIONS[option] === undefined) throw new StepError(`prctl: unknown option '${option}'`);
        const problem = prctlArgsProblem(args);
        if (problem !== undefined) throw new StepError(problem.message);
        return this.askResult(actor, 'prctl', args[1] === undefined ? [option] : [option, integer(args[1], 'u64', 'unsigned long')]);
      }
      case 'uid_map':
      case 'gid_map':
      case 'projid_map': {
        need(args, 2, 3, `${op} <task> "<line>;<line>" [rdonly|wronly|rdwr]`);
        const at = procPath(arg(args, 0), op, 'ENOENT');
        return 'result' in at ? at.result : this.askResult(actor, 'write', [at.path, arg(args, 1).split(';').join('\n'), fileMode(args[2], 'wronly')]);
      }
      case 'setgroups': {
        need(args, 2, 3, 'setgroups <task> allow|deny|<text> [rdonly|wronly|rdwr]');
        const at = procPath(arg(args, 0), 'setgroups', 'ENOENT');
        return 'result' in at ? at.result : this.askResult(actor, 'write', [at.path, arg(args, 1), fileMode(args[2], 'wronly')]);
      }
      case 'read': {
        need(args, 2, 3, 'read uid_map|gid_map|projid_map|setgroups <task> [rdonly|wronly|rdwr]');
        const file = arg(args, 0);
        if (file !== 'uid_map' && file !== 'gid_map' && file !== 'projid_map' && file !== 'setgroups') throw new StepError(`cannot read '${file}'`);
        const at = procPath(arg(args, 1), file, 'ENOENT');
        if ('result' in at) return at.result;
        const result = await this.askResult(actor, 'read', [at.path, fileMode(args[2], 'rdonly')]);
        return result.kind === 'text' ? text(normalizeMap(result.value)) : result;
      }
      case 'setgroups-call': {
        need(args, 1, 1, 'setgroups-call <gid>[*<count>][,...]|-');
        let gids: number[];
        try {
          gids = groupListArg(arg(args, 0));
        } catch (error) {
          throw new StepError(error instanceof Error ? error.message : String(error));
        }
        return this.askResult(actor, 'setgroups', [gids.length === 0 ? '-' : gids.join(',')]);
      }

      // UTS.
      case 'sethostname':
      case 'setdomainname':
        need(args, 1, 1, `${op} <name>`);
        return this.askResult(actor, op, [arg(args, 0)]);
      case 'hostname':
      case 'domainname':
        need(args, 0, 0, op);
        return this.askResult(actor, op, []);

      // IPC.
      case 'shmget':
      case 'msgget':
      case 'semget': {
        const sized = op !== 'msgget';
        need(args, 1, sized ? 3 : 2, `${op} <key> [create|excl|-]${op === 'shmget' ? ' [<size>]' : op === 'semget' ? ' [<nsems>]' : ''}`);
        // The format's `create` (IPC_CREAT|0600); the extensions `excl` (IPC_CREAT|IPC_EXCL|0600), `-` (0), a size or count.
        const flags = IPC_GET_FLAGS[args[1] ?? '-'];
        if (flags === undefined) throw new StepError(`expected create, excl or -, not '${args[1] ?? ''}'`);
        const size = args[2] === undefined ? [] : [op === 'shmget' ? integer(args[2], 'u64', 'size_t') : integer(args[2])];
        return this.askResult(actor, 'ipcget', [op.slice(0, 3), ipcKey(arg(args, 0)), flags, ...size]);
      }
      case 'ipcctl': {
        need(args, 3, 3, 'ipcctl shm|msg|sem <id> <cmd>');
        const kind = arg(args, 0);
        if (kind !== 'shm' && kind !== 'msg' && kind !== 'sem') throw new StepError(`ipcctl: unknown kind '${kind}'`);
        return this.askResult(actor, 'ipcctl', [kind, integer(arg(args, 1)), integer(arg(args, 2))]);
      }
      case 'ipcs': {
        need(args, 1, 1, 'ipcs shm|msg|sem');
        const kind = arg(args, 0);
        if (kind !== 'shm' && kind !== 'msg' && kind !== 'sem') throw new StepError(`ipcs: unknown kind '${kind}'`);
        return this.askResult(actor, 'ipcs', [kind]);
      }
      case 'ipcrm':
      case 'ipcstat': {
        need(args, 2, 2, `${op} shm|msg|sem <id>`);
        const kind = arg(args, 0);
        if (kind !== 'shm' && kind !== 'msg' && kind !== 'sem') throw new StepError(`${op}: unknown kind '${kind}'`);
        return this.askResult(actor, op, [kind, integer(arg(args, 1))]);
      }
      case 'msgsnd': {
        need(args, 3, 4, 'msgsnd <id> <mtype> <size> [<text>]');
        // msgsnd(id, {mtype, text zero-padded}, size, IPC_NOWAIT).
        return this.askResult(actor, 'msgsnd', [integer(arg(args, 0)), integer(arg(args, 1), 'i64', 'long'), integer(arg(args, 2), 'u64', 'size_t'), args[3] ?? '']);
      }
      case 'msgrcv': {
        need(args, 3, 5, 'msgrcv <id> <size> <msgtyp> [noerror|except|copy]...');
        // IPC_NOWAIT (0o4000), with MSG_NOERROR, MSG_EXCEPT, MSG_COPY as asked.
        let flags = 0o4000;
        for (const word of args.slice(3)) {
          const bit = MSGRCV_FLAG_BITS[word];
          if (bit === undefined) throw new StepError(`expected noerror, except or copy, not '${word}'`);
          flags |= bit;
        }
        return this.askResult(actor, 'msgrcv', [integer(arg(args, 0)), integer(arg(args, 1), 'u64', 'size_t'), integer(arg(args, 2), 'i64', 'long'), flags]);
      }
      case 'semop': {
        need(args, 2, 3, 'semop <id> <num>:<op>[,<num>:<op>...] [undo]');
        const sops = arg(args, 1);
        if (!semOpsArg(sops)) throw new StepError(`bad semaphore operations '${sops}'`);
        if (args[2] !== undefined && args[2] !== 'undo') throw new StepError(`expected 'undo', not '${args[2]}'`);
        // Every operation with IPC_NOWAIT, and SEM_UNDO (0x1000) with `undo`; the agent parses the list.
        return this.askResult(actor, 'semop', [integer(arg(args, 0)), sops, args[2] === 'undo' ? 0x1000 : 0]);
      }
      case 'mq_open': {
        need(args, 1, 3, 'mq_open <name> [create|excl|-] [rdonly|wronly|rdwr|wronly,rdwr]');
        // O_RDONLY unless an access mode is given, with O_CREAT (0o100) and O_EXCL (0o200) as asked.
        const how = MQ_OPEN_FLAGS[args[1] ?? '-'];
        if (how === undefined) throw new StepError(`expected create, excl or -, not '${args[1] ?? ''}'`);
        const mode = OPEN_ACCMODES[args[2] ?? 'rdonly'];
        if (mode === undefined) throw new StepError(`expected rdonly, wronly, rdwr or wronly,rdwr, not '${args[2] ?? ''}'`);
        return this.askResult(actor, 'mq_open', [arg(args, 0), how | mode]);
      }
      case 'mq_unlink':
        need(args, 1, 1, 'mq_unlink <name>');
        return this.askResult(actor, 'mq_unlink', [arg(args, 0)]);
      case 'sysctl': {
        need(args, 1, 2, 'sysctl <name> [<value>]');
        const name = arg(args, 0);
        if (!/^[a-z0-9_]+(?:\.[a-z0-9_-]+)+$/.test(name)) throw new StepError(`bad sysctl name '${name}'`);
        // The file of the actor's own namespaces, as sysctl(8) reads and writes it.
        const path = `/proc/sys/${name.split('.').join('/')}`;
        if (args[1] !== undefined) {
          if (name.startsWith('user.')) await this.guardUserSysctl(actor, name);
          return this.askResult(actor, 'write', [path, args[1]]);
        }
        const result = await this.askResult(actor, 'read', [path]);
        return result.kind === 'text' ? text(result.value.trim().split(/\s+/).join(' ')) : result;
      }

      // PID.
      case 'getpid':
      case 'getppid':
        need(args, 0, 0, op);
        return this.askResult(actor, op, []);
      case 'pid': {
        need(args, 1, 1, 'pid <task>');
        return int(await visiblePid(arg(args, 0)));
      }
      case 'kill': {
        need(args, 2, 2, 'kill <task>|<pid> <SIGNAME>|<n>');
        const signal = signalArg(arg(args, 1));
        const pid = await targetPid(arg(args, 0), 'kill');
        if (pid === 0) return errno('ESRCH');
        const target = this.target(arg(args, 0));
        if (target !== undefined) this.touched.add(target);
        else this.touchAll(); // a pid word: kill(-1) reaches every task the actor sees
        // A task that kills or stops itself never answers: kill(2) has succeeded.
        const outcome = await this.ask(actor, 'kill', [pid, signal]);
        return isInterrupted(outcome) ? OK : toResult(outcome);
      }
      case 'sigaction': {
        need(args, 2, 2, 'sigaction <SIGNAME>|<n> default|ignore|handle');
        const signal = signalArg(arg(args, 0));
        const refusal = sigactionRefusal(signal);
        if (refusal !== undefined) throw new StepError(refusal);
        const how = arg(args, 1);
        if (!SIGACTION_WORDS.includes(how)) throw new StepError(`expected default, ignore or handle, not '${how}'`);
        return this.askResult(actor, 'sigaction', [signal, how]);
      }
      case 'caught': {
        need(args, 0, 0, 'caught');
        const result = await this.askResult(actor, 'caught', []);
        if (result.kind !== 'text') return result;
        return { kind: 'list', items: result.value.split(' ').filter((w) => w !== '-' && w !== '').map((w) => signalWord(Number(w))) };
      }
      case 'pidfd-open': {
        need(args, 2, 3, 'pidfd-open <task>|<pid> <fd> [<flags>]');
        const pid = await targetPid(arg(args, 0), 'pidfd-open');
        // A task the actor does not see: ESRCH without any call (a pid word goes to the kernel as it is).
        if (pid === 0 && pidTargetArg(arg(args, 0)) !== undefined && /^[a-z]/.test(arg(args, 0))) return errno('ESRCH');
        return this.askResult(actor, 'pidfd-open', [pid, arg(args, 1), args[2] === undefined ? 0 : integer(args[2], 'u32', 'unsigned int')]);
      }
      case 'pidfd-send': {
        need(args, 2, 3, 'pidfd-send <fd> <SIGNAME>|<n> [<flags>]');
        const signal = signalArg(arg(args, 1));
        const flags = args[2] === undefined ? 0 : integer(args[2], 'u32', 'unsigned int');
        const refusal = pidfdSendRefusal(Number(cIntArg(args[2] ?? '0', 'u32')));
        if (refusal !== undefined) throw new StepError(refusal);
        this.touchAll(); // the driver does not know which task the fd names
        const outcome = await this.ask(actor, 'pidfd-send', [arg(args, 0), signal, flags]);
        return isInterrupted(outcome) ? OK : toResult(outcome);
      }
      case 'wait': {
        need(args, 1, 1, 'wait <task>|<pid>');
        const pid = await targetPid(arg(args, 0), 'wait');
        // A task the actor does not see is no child of it: ECHILD without any call.
        if (pid === 0) return errno('ECHILD');
        return this.askResult(actor, 'wait', [pid]);
      }
      case 'pdeathsig': {
        need(args, 1, 1, 'pdeathsig <SIGNAME>|<n>');
        // A signal name, or a number as prctl receives it: an unsigned long, sent as the long long of its bits.
        const value = pdeathsigArg(arg(args, 0), SIGNALS);
        if (value === undefined) throw new StepError(`unknown signal '${arg(args, 0)}'`);
        const signal = BigInt.asIntN(64, value).toString();
        // init's own is the runner's: it dies with the host agent (agent.c rearm_pdeathsig).
        if (actor === this.byName.get('init')) throw new StepError(INIT_PDEATHSIG_REFUSAL);
        const result = await this.askResult(actor, 'pdeathsig', [signal]);
        if (result.kind !== 'errno') this.orphanSignals.add(actor);
        return result;
      }
      default: {
        const mounts = await runMountOp(op, args, {
          ask: (request, requestArgs) => this.askResult(actor, request, requestArgs),
          nsFile: (name, file) => procPath(name, `ns/${nsFile(file)}`, 'ENOENT'),
          nstype: (value) => nstypeArg(value),
          groups: this.peerGroups,
        });
        if (mounts !== undefined) return mounts;
        const net = await runNetOp(op, args, {
          ask: (request, requestArgs) => this.askResult(actor, request, requestArgs),
          nsFile: (name, file) => procPath(name, `ns/${nsFile(file)}`, 'ENOENT'),
          visiblePid,
        });
        if (net !== undefined) return net;
        const time = await runTimeOp(op, args, {
          ask: (request, requestArgs) => this.askResult(actor, request, requestArgs),
          host: async (request, requestArgs) => toResult(await this.host(request, requestArgs)),
          procPath: (name, rest, whenGone) => procPath(name, rest, whenGone),
        });
        if (time !== undefined) return time;
        const cgroup = await runCgroupOp(op, args, {
          ask: (request, requestArgs) => this.askResult(actor, request, requestArgs),
          procPath: (name, rest) => procPath(name, rest, 'ENOENT'),
          visiblePid,
          parseTypes,
          cloneInto: async (name, flags, rel) => {
            if (this.runCgroup === undefined) throw new StepError('the run has no cgroup of its own (the cgroup ops need root and a cgroup2 mount)');
            this.ensureRunning(actor);
            const made = await this.spawn(name, (id) => this.link.sendTask(actor.requestFd, id, 'clone-into', [flags, rel]), this.actorCheck(actor));
            return made.kind === 'task' ? int(made.pid) : made.result;
          },
          cloneIntoFd: async (name, flags, fd) => {
            if (this.runCgroup === undefined) throw new StepError('the run has no cgroup of its own (the cgroup ops need root and a cgroup2 mount)');
            this.ensureRunning(actor);
            const made = await this.spawn(name, (id) => this.link.sendTask(actor.requestFd, id, 'clone-into-fd', [flags, fd]), this.actorCheck(actor));
            return made.kind === 'task' ? int(made.pid) : made.result;
          },
        });
        if (cgroup !== undefined) return cgroup;
        throw new StepError(`op '${op}' is not supported by the linux backend`);
      }
    }
  }
}

/**
 * The shortest teardown wait (ms): long enough for the last references that
 * the kernel drops after the step to have gone, so that the namespace is
 * seen dying. A UDP socket or a TCP listener lets go of its namespace in an
 * RCU callback (SOCK_RCU_FREE), which runs some time after a grace period:
 * membarrier waits for the grace period, not for the callbacks. 15 ms was
 * too short on a 250 Hz kernel (the corpus's socket-keeps-netns failed about
 * one run in two; 30 ms passed every run, 50 ms leaves room).
 */
const NET_SETTLE_MIN_MS = 50;

function isErrno(result: StepResult, code: string): boolean {
  return result.kind === 'errno' && result.code === code;
}

/** `born <host pid> <fd>`: a new task's pid in the host pid namespace and the fd of its request pipe. */
function parseBorn(rest: string): { hostPid: number; fd: number } {
  const m = /^(\d+) (\d+)$/.exec(rest);
  if (!m) throw new Error(`bad born message: '${rest}'`);
  return { hostPid: Number(m[1]), fd: Number(m[2]) };
}
