/**
 * A machine as JSON and back (`nsproxy shell --save/--load`, a playground
 * session in a URL; no Linux counterpart: CRIU checkpoints a process tree
 * from user space). Browser-safe: no file I/O here, the caller writes the
 * text.
 *
 * The kernel goes through core's snapshot (`Kernel.snapshot`, every type's
 * `save`/`saveState`); beside it, what the userland keeps, with tasks named
 * by serial and files by their place in the mnt type's snapshot
 * (`snapshotDentries`): the clock, each process's argv, the contents of
 * regular files, ipcmk's key sequence, and the processes that were waiting
 * on the clock.
 *
 * Processes. A machine is saved between sessions: the login shell has
 * exited, so what is left running are background processes (`sleep 100 &`),
 * now init's children, each a JavaScript continuation waiting on the clock.
 * A continuation cannot be saved, so on load each process becomes one of
 * three things:
 * - a `sleep` (a process whose program is sleep(1), waiting on its timer)
 *   sleeps again until the same time of the machine's clock, then exits 0;
 * - an `unshare`, `nsenter` or `su` with one child (the parent of
 *   `--fork`, waiting for it) waits for that child and exits with its
 *   status, as forkAndWait does;
 * - anything else (a background subshell or loop, ping) waits forever with
 *   its argv, reaping the children that exit (as the shell waiting for them
 *   would), until it is killed.
 * Either way `ps` shows it, `kill` ends it, and the clock (a foreground
 * `sleep`) wakes it.
 */
import { Kernel, isInvalidArgumentError } from '@nsproxy/core';
import type { KernelSnapshot, Task } from '@nsproxy/core';
import { snapshotDentries } from '@nsproxy/mnt';
import { CLOCK, advanceClocks, kernelClock } from '@nsproxy/time';
import { ipcmkSeed, setIpcmkSeed } from './commands/more.ts';
import { COMMANDS, shellStatus } from './index.ts';
import { Killed, Machine, SHELL_RULES, SHELL_TYPES } from './machine.ts';
import { GROUP_TEXT, PASSWD_TEXT, SUBID_TEXT } from './passwd.ts';
import type { MachineOptions } from './machine.ts';

/** The format's name and version (a state of another version is refused). */
export const MACHINE_STATE_FORMAT = 'nsproxy-machine';
/** The version of a saved machine's format (the kernel snapshot and the machine's files); `loadMachine` refuses another. */
export const MACHINE_STATE_VERSION = 1;

/**
 * A saved process that waited on the clock: a sleep that wakes at `at` (ms
 * of machine time; null: never), a tool waiting for its one child
 * (`parent`), or one that waits forever (`wait`).
 */
export type SavedProcess = [serial: number, kind: 'sleep' | 'parent' | 'wait', at: number | null];

/** The tools whose parent process, after `--fork`, only waits for its child and exits with its status (forkAndWait). */
const FORKING_TOOLS: readonly string[] = ['unshare', 'nsenter', 'su'];

/** The JSON form of a machine (`saveMachine`). */
export interface MachineState {
  readonly format: typeof MACHINE_STATE_FORMAT;
  readonly version: typeof MACHINE_STATE_VERSION;
  /** The machine's clock, in ms since boot. */
  readonly now: number;
  /** Each process's argv where it is not just its comm: [task serial, argv]. */
  readonly argv: [number, string[]][];
  /**
   * The contents of regular files: [number of the dentry in `snapshotDentries`,
   * text], or [number, null, name] for a text the machine writes at boot
   * (`BOOT_TEXTS`: /etc/passwd, ...), which a state need not carry.
   */
  readonly files: ([number, string] | [number, null, string])[];
  /** The processes waiting on the clock, in the kernel's task order. */
  readonly processes: SavedProcess[];
  /** ipcmk's key sequence. */
  readonly ipcmk: number;
  /**
   * The kernel's CLOCK_MONOTONIC and CLOCK_BOOTTIME (ns, decimal), for a
   * machine without the time type (whose `saveState` keeps them otherwise).
   */
  readonly clocks?: [string, string];
  /** The kernel (core's snapshot format). */
  readonly kernel: KernelSnapshot;
}

/** A state that cannot be loaded (not one, another version, other namespace types, inconsistent): one line of text. */
export class MachineStateError extends Error {
  override readonly name = 'MachineStateError';
}

/** The texts a machine writes at boot (passwd.ts), by the name a state gives them. */
const BOOT_TEXTS: Readonly<Record<string, string>> = { passwd: PASSWD_TEXT, group: GROUP_TEXT, subid: SUBID_TEXT };
const BOOT_NAMES = new Map(Object.entries(BOOT_TEXTS).map(([name, text]) => [text, name]));

/** The basename of argv[0]. */
function program(argv: readonly string[]): string {
  return (argv[0] ?? '').split('/').pop() ?? '';
}

/** What changes while background processes run: their tasks, states and timers. */
function activity(machine: Machine): string {
  let sig = `${machine.timers.length}:${machine.now}`;
  for (const t of machine.kernel.taskSet) sig += `,${t.serial}${t.state[0] ?? ''}`;
  return sig;
}

/**
 * Lets what the background processes can do without the clock moving run
 * to its end (a killed sleep's shell going on, a program started in the
 * background starting): scheduler turns until nothing changes for three in
 * a row (at most 200). What is left waits on the clock. Call it before
 * `saveMachine`, once the session is over.
 */
export async function settleMachine(machine: Machine): Promise<void> {
  let last = '';
  for (let turns = 0, still = 0; turns < 200 && still < 3; turns++) {
    await machine.drain(true);
    const now = activity(machine);
    still = now === last ? still + 1 : 0;
    last = now;
  }
}

/**
 * The state of `machine` as a JSON-able object: the same machine (the same
 * script run on a fresh one) gives the same object, key for key. Call it
 * between sessions, after `settleMachine`. Throws SnapshotUnsupportedError (core) for
 * what a snapshot cannot keep (an open socket).
 */
export function saveMachine(machine: Machine): MachineState {
  const kernel = machine.kernel.snapshot();
  const k = machine.kernel;
  const argv: [number, string[]][] = [];
  for (const t of k.taskSet) {
    const a = machine.argvs.get(t);
    if (a && !(a.length === 1 && a[0] === t.comm)) argv.push([t.serial, [...a]]);
  }
  const files: MachineState['files'] = [];
  snapshotDentries(k).forEach((d, i) => {
    const text = machine.contents.get(d);
    if (text === undefined) return;
    const boot = BOOT_NAMES.get(text);
    files.push(boot === undefined ? [i, text] : [i, null, boot]);
  });
  const timerOf = new Map<Task, number>();
  for (const t of machine.timers) if (!timerOf.has(t.task)) timerOf.set(t.task, t.at);
  const processes: SavedProcess[] = [];
  for (const t of k.taskSet) {
    if (t === machine.init || t.state !== 'running') continue;
    const at = timerOf.get(t);
    const sleeping = at !== undefined && t.leader === t && program(machine.argv(t)) === 'sleep' && t.comm === 'sleep';
    const parent = !sleeping && FORKING_TOOLS.includes(program(machine.argv(t))) && t.children?.size === 1;
    processes.push(sleeping ? [t.serial, 'sleep', Number.isFinite(at) ? at : null] : [t.serial, parent ? 'parent' : 'wait', null]);
  }
  const state: MachineState = { format: MACHINE_STATE_FORMAT, version: MACHINE_STATE_VERSION, now: machine.now, argv, files, processes, ipcmk: ipcmkSeed(machine), kernel };
  if (kernel.state?.['time'] !== undefined) return state;
  const ns = (clock: number): string => {
    const t = kernelClock(k, clock);
    return (t.sec * 1_000_000_000n + t.nsec).toString();
  };
  return { ...state, clocks: [ns(CLOCK.MONOTONIC), ns(CLOCK.BOOTTIME)] };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNat = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The outline of a state, before anything is built from it. */
function checkShape(state: unknown): asserts state is MachineState {
  if (!isRecord(state) || state.format !== MACHINE_STATE_FORMAT) throw new MachineStateError('not an nsproxy machine state');
  if (state.version !== MACHINE_STATE_VERSION) {
    throw new MachineStateError(`a machine state of version ${JSON.stringify(state.version) ?? 'none'}; this nsproxy reads version ${MACHINE_STATE_VERSION}`);
  }
  if (typeof state.now !== 'number' || !(state.now >= 0) || !Number.isFinite(state.now)) throw new MachineStateError('its clock is not a time');
  const pairs = (key: string, ok: (a: unknown, b: unknown) => boolean): void => {
    const v = state[key];
    if (!Array.isArray(v) || !v.every((x) => Array.isArray(x) && x.length === 2 && ok(x[0], x[1]))) throw new MachineStateError(`its ${key} are not well formed`);
  };
  pairs('argv', (s, a) => isNat(s) && Array.isArray(a) && a.every((x) => typeof x === 'string'));
  const files = state.files;
  if (!Array.isArray(files) || !files.every((f) => Array.isArray(f) && isNat(f[0]) && (f.length === 2 ? typeof f[1] === 'string' : f.length === 3 && f[1] === null && typeof f[2] === 'string' && Object.hasOwn(BOOT_TEXTS, f[2])))) {
    throw new MachineStateError('its files are not well formed');
  }
  const procs = state.processes;
  if (!Array.isArray(procs) || !procs.every((p) => Array.isArray(p) && p.length === 3 && isNat(p[0]) && (p[1] === 'sleep' || p[1] === 'parent' || p[1] === 'wait') && (p[2] === null || typeof p[2] === 'number'))) {
    throw new MachineStateError('its processes are not well formed');
  }
  if (!isNat(state.ipcmk)) throw new MachineStateError('its ipcmk seed is not a number');
  const clocks = state.clocks;
  if (clocks !== undefined && !(Array.isArray(clocks) && clocks.length === 2 && clocks.every((c) => typeof c === 'string' && /^[0-9]{1,30}$/.test(c)))) {
    throw new MachineStateError('its clocks are not well formed');
  }
  if (!isRecord(state.kernel)) throw new MachineStateError('it has no kernel');
}

/** The first line of an error's message, without the call's prefix (`Kernel.restore: `). */
function why(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n')[0] ?? '').replace(/^Kernel\.restore: /, '');
}

/**
 * A machine rebuilt from `saveMachine`'s object (parsed JSON): the same
 * kernel, clock, files and argvs, and its waiting processes back (see the
 * module comment). `options` are `createMachine`'s (the namespace types
 * must be those it was saved with; `hostname` is the saved one). Throws
 * MachineStateError, with one line saying why, for anything else.
 */
export function loadMachine(state: unknown, options: MachineOptions = {}): Machine {
  checkShape(state);
  let kernel: Kernel;
  try {
    kernel = Kernel.restore(state.kernel, { namespaces: [...(options.types ?? SHELL_TYPES)] });
  } catch (e) {
    if (isInvalidArgumentError(e)) throw new MachineStateError(`its kernel cannot be restored: ${why(e)}`);
    throw e;
  }
  const machine = new Machine({ commands: COMMANDS, rules: SHELL_RULES, ...options, kernel });
  try {
    fill(machine, state);
  } catch (e) {
    if (e instanceof MachineStateError) throw e;
    throw new MachineStateError(`it is not consistent: ${why(e)}`);
  }
  return machine;
}

/** The userland's part of a loaded machine. */
function fill(machine: Machine, state: MachineState): void {
  const k = machine.kernel;
  const bySerial = new Map(k.tasks().map((t) => [t.serial, t]));
  const task = (serial: number): Task => {
    const t = bySerial.get(serial);
    if (!t) throw new MachineStateError(`it names task ${serial}, which its kernel does not have`);
    return t;
  };
  machine.now = state.now;
  for (const [serial, argv] of state.argv) machine.argvs.set(task(serial), [...argv]);
  const dentries = snapshotDentries(k);
  for (const [i, text, boot] of state.files) {
    const d = dentries[i];
    if (!d || d.isDir || d.proc || d.ns || d.node) throw new MachineStateError(`its file ${i} is not a regular file of its kernel`);
    machine.contents.set(d, text ?? BOOT_TEXTS[boot ?? ''] ?? '');
  }
  setIpcmkSeed(machine, state.ipcmk);
  if (state.clocks) {
    // The restored kernel's clocks start at boot: forward them (BOOTTIME and REALTIME move together; MONOTONIC stops while suspended).
    const [mono, boot] = state.clocks.map(BigInt) as [bigint, bigint];
    const now = (clock: number): bigint => {
      const t = kernelClock(k, clock);
      return t.sec * 1_000_000_000n + t.nsec;
    };
    const up = mono - now(CLOCK.MONOTONIC);
    if (up < 0n) throw new MachineStateError('its clocks are before boot');
    advanceClocks(k, up);
    const suspended = boot - now(CLOCK.BOOTTIME);
    if (suspended < 0n) throw new MachineStateError('its clocks are before boot');
    advanceClocks(k, suspended, { suspended: true });
  }
  const waiting = new Map<Task, 'parent' | 'wait'>();
  for (const [serial, kind, at] of state.processes) {
    const t = task(serial);
    if (t.state !== 'running' || t === machine.init) throw new MachineStateError(`its process ${serial} is not a running process`);
    const wake = machine.sleep(t, kind === 'sleep' && at !== null ? Math.max(0, at - machine.now) : Infinity);
    if (kind !== 'sleep') waiting.set(t, kind);
    wake.then(
      () => void (t.state === 'running' && k.exit(t, 0)),
      (e: unknown) => {
        // Killed while it slept: the kill ended it.
        if (!(e instanceof Killed)) throw e;
      },
    );
  }
  if (waiting.size === 0) return;
  // A waiting process reaps its children as they exit (the shell or tool waiting for them would); a tool's parent then exits with the child's status.
  k.on((e) => {
    if (e.type !== 'task-exited') return;
    const child = e.task.leader;
    waiting.delete(child);
    const parent = child.parent;
    const kind = parent ? waiting.get(parent) : undefined;
    if (!parent || !kind) return;
    void Promise.resolve().then(() => {
      if (parent.state !== 'running' || child.state !== 'zombie') return;
      const r = k.wait(parent, k.pidOf(child, parent));
      if (kind === 'parent' && r) k.exit(parent, shellStatus(r.status));
    });
  }, { types: ['task-exited'] });
}
