/**
 * Core's scenario area: the format's "Tasks and namespaces" section, and the
 * ops core implements without any namespace package: credentials (`id`,
 * `caps`, `setuid`, `setgid`, the `capset` extension), the pid system calls (`getpid`, `getppid`,
 * `pid`, `kill`, and the `pdeathsig` extension: prctl(PR_SET_PDEATHSIG); the signal extensions
 * `sigaction`, `caught`, `pidfd-open`, `pidfd-send` and `wait`, and `kill` by pid or number), and
 * the `sysctl` extension op, which serves every area's
 * `/proc/sys` files (core's own: `user.max_<type>_namespaces`).
 *
 * `pin`, `setns-path` and `nspath` belong to the Tasks section but need a
 * file system: `@nsproxy/mnt`'s area brings them.
 */
import { INIT_PDEATHSIG_REFUSAL, NS_IOCTL_REQUESTS, NS_IOCTLS, SIGACTION_WORDS, SIGNALS, cIntArg, cIntProblem, pdeathsigArg, pidTargetArg, pidfdSendRefusal, processGroupRefusal, sigactionRefusal, showWord, signalNumberArg, signalWord, userSysctlRefusal } from '@nsproxy/scenario/contract';
import { NS_TYPE_FLAGS, cloneFlagsArg, cloneFlagsProblem, cloneSharingRefusal } from '@nsproxy/scenario/contract';
import { opSpec } from '@nsproxy/scenario';
import { flagsOr } from '../flags.ts';
import type { ArgKind, OpSpec } from '@nsproxy/scenario';
import type { SigHand, Task } from '../task.ts';
import { fromKgidMunged, fromKuidMunged } from '../user-namespace.ts';
import { USER_SYSCTL_NAMES, userSysctlRead, userSysctlWrite } from '../user-sysctl.ts';
import type { SimArea, SimSysctl } from './area.ts';
import { defineSimArea } from './area.ts';
import { coreRules } from '../core-rules.ts';
import { CORE_ROADS } from '../roads.ts';
import { KernelError } from '../errors.ts';
import { CLONE_SIGHAND, CLONE_THREAD, CLONE_VM, NS_GET_NSTYPE } from '../constants.ts';
import { NSPROXY_IDS, bindNs, nsproxyId, unshareNs } from '../nsproxy-ids.ts';
import { SETNS_NSTYPE_FD, setnsNstypeFd } from '../setns-nstype-fd.ts';
import type { SimOpTable, SimWorld } from './world.ts';
import { OK, nsResult } from './world.ts';

/** A sysctl name as sysctl(8) writes it: dotted words, e.g. kernel.shmmni. */
export const SYSCTL_NAME: ArgKind = {
  describe: 'a sysctl name (e.g. kernel.shmmni)',
  validate: (value) => (/^[a-z0-9_]+(?:\.[a-z0-9_-]+)+$/.test(value) ? undefined : { message: `expected a sysctl name such as kernel.shmmni, found '${value}'` }),
};

/** A `pdeathsig` argument: a signal name, or a number as prctl(PR_SET_PDEATHSIG) receives it (an unsigned long). */
const PDEATHSIG_ARG: ArgKind = {
  describe: 'a signal name (SIGKILL) or a number (an unsigned long)',
  validate: (value) => (pdeathsigArg(value, SIGNALS) !== undefined ? undefined : { message: `expected a signal name such as SIGKILL or a number, found '${value}'` }),
  samples: ['SIGKILL', 'SIGTERM', '0', '64', '65'],
};

/** A signal of the signal extension ops: a name, or a number as the system call receives it (a C int). */
export const SIGNAL_ARG: ArgKind = {
  describe: 'a signal name (SIGKILL) or a number (an int)',
  validate: (value) => (signalNumberArg(value, SIGNALS) !== undefined ? undefined : { message: `unknown signal '${showWord(value)}' (e.g. SIGKILL, SIGTERM, or a number)` }),
  samples: ['SIGKILL', 'SIGTERM', 'SIGSTOP', 'SIGCONT', 'SIGUSR1', 'SIGCHLD', 'SIGHUP', 'SIGTSTP', '0', '64', '65'],
};

/** `sigaction`'s signal: SIGNAL_ARG, drawn by the fuzzer without SIGCHLD (whose disposition the runner keeps). */
const SIGACTION_SIGNAL: ArgKind = { ...SIGNAL_ARG, samples: ['SIGKILL', 'SIGTERM', 'SIGSTOP', 'SIGUSR1', 'SIGHUP', '0', '32', '64', '65'] };

/** A target of `kill`, `pidfd-open` and `wait`: a task name, or a pid passed as it is (a pid_t). */
export const PID_TARGET: ArgKind = {
  describe: 'a task name, or a pid (a pid_t, passed as it is)',
  validate: (value) => (pidTargetArg(value) !== undefined ? undefined : { message: `expected a task name or a pid, found '${value}'` }),
  // The fuzzer's first tasks are init, a, b, c; no process group (0, below -1), which both backends refuse.
  samples: ['init', 'a', 'b', 'c', 'a', 'b', '-1', '99'],
};

/** Flags of pidfd_open and pidfd_send_signal: an unsigned int. */
const PIDFD_FLAGS: ArgKind = { int: 'u32', ctype: 'unsigned int' };

/** The flags of `clone` and `unshare` besides the types: flag words (fs, files, parent, sysvsem, ...) and refused raw bits, comma-joined, or `-`. */
const CLONE_FLAGS: ArgKind = {
  describe: 'clone flags (vm fs files sighand parent thread sysvsem clear_sighand, or 0x bits Linux refuses), comma-joined, or -',
  validate: (value) => (value === '-' ? undefined : cloneFlagsProblem(value)),
  samples: ['-', 'fs', 'files', 'fs,files', 'parent', 'sysvsem', 'thread', 'sighand', 'sighand,clear_sighand', '0x11', '0x400000', '0x400000000'],
};

/** Every bit a `clone` step asks for: its types (those of the format; a type of another area has no fixed bit here) and its flags. */
function stepCloneFlags(types: string | undefined, flags: string | undefined): bigint {
  let bits = 0n;
  if (types !== undefined && types !== '-') for (const t of types.split(',')) bits |= BigInt(NS_TYPE_FLAGS[t] ?? 0);
  if (flags !== undefined && cloneFlagsProblem(flags) === undefined) bits |= cloneFlagsArg(flags);
  return bits;
}

/**
 * What a task of the `thread` extension shares with its creator: a thread by default; `sighand,vm`, a process
 * sharing the memory and signal handlers. (Not `vm` alone: the model has no mm, and knows a process sharing the
 * memory only by its shared signal handlers, so current_is_single_threaded would pass where Linux refuses.)
 */
const THREAD_SHARING = ['thread,sighand,vm', 'sighand,vm'];

/** A capability set as capset(2) takes it: 64 bits (the two 32-bit words of version 3), e.g. 0x1ffffffffff. */
const CAP_SET: ArgKind = { int: 'u64', ctype: 'kernel_cap_t' };

/** The specs of core's ops. */
export const CORE_OPS: readonly OpSpec[] = [
  // Tasks and namespaces
  // The flags extension of clone and unshare: the other clone flags by word (fs, files, parent, ...) and raw refused bits.
  opSpec('tasks', 'clone <name> <types> [<flags>]', 2, ['task', 'types', CLONE_FLAGS], (args) => {
    const message = cloneSharingRefusal(stepCloneFlags(args[1], args[2]));
    return message === undefined ? undefined : { index: 2, message };
  }),
  // The thread extension: clone(CLONE_THREAD|CLONE_SIGHAND|CLONE_VM), a thread of the actor's process (own fd table and fs_struct);
  // `sighand,vm`: a process of its own that shares the actor's memory and signal handlers.
  opSpec('tasks', 'thread <name> [thread,sighand,vm|sighand,vm]', 1, ['task', { oneOf: THREAD_SHARING }]),
  opSpec('tasks', 'unshare <types> [<flags>]', 1, ['types', CLONE_FLAGS]),
  opSpec('tasks', 'ns <file>', 1, ['nsfile']),
  opSpec('tasks', 'nsof <task> <file>', 2, ['task', 'nsfile']),
  opSpec('tasks', 'setns <task> <type> [any]', 2, ['task', 'type', { oneOf: ['any'] }]),
  opSpec('tasks', 'setns-pidfd <task> <types>', 2, ['task', 'types']),
  // The open-mode extension: `wronly` or `rdwr` opens for writing (N2.5); without it, read-only as the format says.
  opSpec('tasks', 'open <task> <file> <fd> [wronly|rdwr]', 3, ['task', 'nsfile', 'name', { oneOf: ['wronly', 'rdwr'] }]),
  opSpec('tasks', 'setns-fd <fd> [<type>|any]', 1, ['name', 'typeOrAny']),
  opSpec('tasks', 'close <fd>', 1, ['name']),
  opSpec('tasks', 'fdns <fd>', 1, ['name']),
  // The fstat extension: fstat(2) of a kept fd, `dev=dev:1 ino=4026531837 mode=0100444 size=0` (labels: transcript.ts formatFstat).
  opSpec('tasks', 'fstat <fd>', 1, ['name']),
  opSpec('tasks', 'ioctl <fd> <request> [<newfd>|<pid>]', 2, ['name', { oneOf: NS_IOCTLS }, 'name'], (args) => {
    const request = args[1] ?? '';
    const keepsFd = NS_IOCTL_REQUESTS[request]?.newFd === true;
    if (keepsFd && args.length < 3) return { index: 3, message: `ioctl ${request} needs a name for the new fd (ioctl <fd> ${request} <newfd>)` };
    // The pid-translation extension: NS_GET_{PID,TGID}_{FROM,IN}_PIDNS take a pid number (a pid_t).
    if (NS_IOCTL_REQUESTS[request]?.pidArg === true) {
      if (args.length < 3) return { index: 3, message: `ioctl ${request} needs a pid (ioctl <fd> ${request} <pid>)` };
      const problem = cIntProblem(args[2] ?? '', 'i32', 'pid_t');
      return problem === undefined ? undefined : { index: 2, message: `ioctl ${request}: ${problem}` };
    }
    if (!keepsFd && args.length > 2) return { index: 2, message: `ioctl ${request} keeps no fd (ioctl <fd> ${request})` };
    return undefined;
  }),
  opSpec('tasks', 'exit [<code>]', 0, [{ int: 'i32', ctype: 'int' }]),
  opSpec('tasks', 'alive <task>', 1, ['task']),
  // Credentials (user namespaces): what core's cred does without @nsproxy/user.
  opSpec('user', 'id', 0, []),
  opSpec('user', 'caps', 0, []),
  opSpec('user', 'setuid <n>', 1, [{ int: 'u32', ctype: 'uid_t' }]),
  opSpec('user', 'setgid <n>', 1, [{ int: 'u32', ctype: 'gid_t' }]),
  // The capset extension: capset(2) of the actor's effective, permitted and inheritable sets.
  opSpec('user', 'capset <effective> <permitted> <inheritable>', 3, [CAP_SET, CAP_SET, CAP_SET]),
  // PID: the system calls core implements (with or without @nsproxy/pid).
  opSpec('pid', 'getpid', 0, []),
  opSpec('pid', 'getppid', 0, []),
  opSpec('pid', 'pid <task>', 1, ['task']),
  // `kill` as the format has it, extended: a pid instead of a task (-1: every process the actor may signal), a number instead of a name.
  opSpec('pid', 'kill <task>|<pid> <SIGNAME>|<n>', 2, [PID_TARGET, SIGNAL_ARG]),
  // The signal extensions: rt_sigaction, the signals a handler caught, pidfd_open and pidfd_send_signal, wait4 with WNOHANG.
  opSpec('pid', 'sigaction <SIGNAME>|<n> default|ignore|handle', 2, [SIGACTION_SIGNAL, { oneOf: SIGACTION_WORDS }]),
  opSpec('pid', 'caught', 0, []),
  opSpec('pid', 'pidfd-open <task>|<pid> <fd> [<flags>]', 2, [PID_TARGET, 'name', PIDFD_FLAGS]),
  opSpec('pid', 'pidfd-send <fd> <SIGNAME>|<n> [<flags>]', 2, ['name', SIGNAL_ARG, PIDFD_FLAGS]),
  opSpec('pid', 'wait <task>|<pid>', 1, [PID_TARGET]),
  // The pdeathsig extension: prctl(PR_SET_PDEATHSIG) (what unshare --kill-child asks for in its child).
  opSpec('pid', 'pdeathsig <SIGNAME>|<n>', 1, [PDEATHSIG_ARG]),
  // The sysctl extension: /proc/sys files of every loaded area.
  opSpec('sysctl', 'sysctl <name> [<value>]', 1, [SYSCTL_NAME, 'text']),
  // Roads not taken (docs/roads/): system calls that exist only on a kernel that opened the road (`@road:`), ENOSYS elsewhere.
  // Road nsproxy-ids: unshare_ns(flags), bind_ns(id, flags) (flags `-`: bind), and the actor's nsproxy id (nsproxy->id, read by the model).
  opSpec('roads', 'unshare_ns <types>', 1, ['types']),
  opSpec('roads', 'bind_ns <id> <types>', 2, [{ int: 'i32', ctype: 'int' }, 'types']),
  opSpec('roads', 'nsproxy-id', 0, []),
  // Road setns-nstype-fd: setns(nstype, fd), the argument order first proposed.
  opSpec('roads', 'setns-nstype <type>|any <fd>', 2, ['typeOrAny', 'name']),
];

/** The target task of a step (by name), or undefined when it does not exist or is gone. */
function target(world: SimWorld, name: string): Task | undefined {
  return world.task(name);
}

/** /proc/<pid>/ns/<file> through the initial procfs; a task that is gone has no /proc entry. */
function nsPath(t: Task | undefined, file: string): string {
  return `/proc/${t && t.state !== 'dead' ? t.globalPid : 0}/ns/${file}`;
}

function keep(world: SimWorld, actor: Task, name: string, fd: number): void {
  const fds = world.fdsOf(actor);
  const old = fds.get(name);
  if (old !== undefined) world.kernel.close(actor, old);
  fds.set(name, fd);
}

/** An id argument as the syscall receives it: a 32-bit uid_t, exactly (-1 and 4294967295 keep the id). */
function idArg(value: string): number {
  const n = cIntArg(value, 'u32', 'uid_t');
  return n === 4294967295n ? -1 : Number(n);
}

/** The fd the actor keeps under `name`, or -1 (never open: the kernel answers EBADF) for a name it does not hold. */
function heldFd(world: SimWorld, actor: Task, name: string): number {
  return world.fdsOf(actor).get(name) ?? -1;
}

/** A signal argument's number (the parser has checked the word). */
function signalOf(word: string): number {
  const sig = signalNumberArg(word, SIGNALS);
  if (sig === undefined) throw new Error(`unknown signal ${word}`);
  return sig;
}

/**
 * The pid a target argument names for the actor: a task's pid in its active
 * pid namespace (0 when it does not see it), or a pid word as it is (0 and
 * the process groups below -1 are refused: a runner error).
 */
function targetPid(world: SimWorld, actor: Task, word: string, op: string): number {
  const arg = pidTargetArg(word);
  if (arg === undefined) throw new Error(`expected a task name or a pid, found '${word}'`);
  if ('pid' in arg) {
    const refusal = op === 'pidfd-open' ? undefined : processGroupRefusal(op, arg.pid);
    if (refusal !== undefined) throw new Error(refusal);
    return arg.pid;
  }
  const t = target(world, arg.task);
  return t ? world.kernel.pidOf(t, actor) : 0;
}

/**
 * The signals whose handler ran since the last `caught` (the kernel's
 * `signal-handled` events), per world and per set of handlers: the real
 * backend's handler notes them in the agent's memory, which the tasks sharing
 * their handlers (CLONE_SIGHAND, which needs CLONE_VM) share, and only they.
 */
const caughtByWorld = new WeakMap<SimWorld, WeakMap<SigHand, Set<number>>>();

function caughtSignals(world: SimWorld): WeakMap<SigHand, Set<number>> {
  let m = caughtByWorld.get(world);
  if (!m) caughtByWorld.set(world, (m = new WeakMap<SigHand, Set<number>>()));
  return m;
}

/** The simulated ops of core's area. */
export const coreOps: SimOpTable = {
  clone(world, actor, [name = '', types = '-', flags]) {
    const child = world.kernel.clone(actor, flagsOr(world.typeFlags(types), Number(cloneFlagsArg(flags))), { comm: name });
    world.tasks.set(name, child);
    world.fds.set(child, new Map(world.fdsOf(actor)));
    return { kind: 'int', value: world.kernel.pidOf(child, actor) };
  },
  thread(world, actor, [name = '', sharing = 'thread,sighand,vm']) {
    // A thread shares the actor's thread group, signal handlers and memory; its fd table is a copy, as `clone`'s.
    const flags = sharing === 'sighand,vm' ? CLONE_SIGHAND | CLONE_VM : CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
    const t = world.kernel.clone(actor, flags, { comm: name });
    world.tasks.set(name, t);
    world.fds.set(t, new Map(world.fdsOf(actor)));
    return { kind: 'int', value: world.kernel.pidOf(t, actor) };
  },
  unshare(world, actor, [types = '-', flags]) {
    world.kernel.unshare(actor, flagsOr(world.typeFlags(types), Number(cloneFlagsArg(flags))));
    return OK;
  },
  ns(world, actor, [file = '']) {
    world.kernel.readlink(actor, `/proc/self/ns/${file}`);
    // /proc/self is the thread group's directory (proc_self_get_link: the tgid): a thread reads its leader's namespaces.
    const ns = world.kernel.nsOf(actor.leader, file);
    if (!ns) throw new Error('readlink succeeded but there is no namespace');
    return nsResult(ns);
  },
  nsof(world, _actor, [name = '', file = '']) {
    const t = world.task(name) ?? world.tasks.get(name);
    const ns = t ? world.kernel.nsOf(t, file) : undefined;
    return ns ? nsResult(ns) : { kind: 'errno', code: 'ENOENT' };
  },
  setns(world, actor, [name = '', type = '', any]) {
    const k = world.kernel;
    const fd = k.open(actor, nsPath(target(world, name), type));
    try {
      k.setns(actor, fd, any === 'any' ? 0 : world.typeFlags(type));
    } finally {
      k.close(actor, fd);
    }
    return OK;
  },
  'setns-pidfd'(world, actor, [name = '', types = '-']) {
    const k = world.kernel;
    const t = target(world, name);
    const pid = t ? k.pidOf(t, actor) : 0;
    if (pid === 0) return { kind: 'errno', code: 'ESRCH' };
    const fd = k.pidfdOpen(actor, pid);
    try {
      k.setns(actor, fd, world.typeFlags(types));
    } finally {
      k.close(actor, fd);
    }
    return OK;
  },
  open(world, actor, [name = '', file = '', fdName = '', mode]) {
    const fd = world.kernel.open(actor, nsPath(target(world, name), file), mode === undefined ? {} : { write: true });
    keep(world, actor, fdName, fd);
    return OK;
  },
  'setns-fd'(world, actor, [fdName = '', type]) {
    const k = world.kernel;
    const fd = world.fd(actor, fdName);
    // No type: the fd's own, as ioctl(NS_GET_NSTYPE) tells it (ENOTTY for a pidfd or another file that is no ns file).
    const nstype = type === undefined ? k.ioctl(actor, fd, NS_GET_NSTYPE) : type === 'any' ? 0 : world.typeFlags(type);
    k.setns(actor, fd, nstype);
    return OK;
  },
  close(world, actor, [fdName = '']) {
    // A name the actor does not hold: close(2) answers EBADF (C9.2).
    world.kernel.close(actor, heldFd(world, actor, fdName));
    world.fdsOf(actor).delete(fdName);
    return OK;
  },
  fdns(world, actor, [fdName = '']) {
    const fd = world.fd(actor, fdName);
    // As the real backend asks it: ioctl(NS_GET_NSTYPE) first, ENOTTY for a kept fd that is no ns file (a pidfd).
    world.kernel.ioctl(actor, fd, NS_GET_NSTYPE);
    return nsResult(world.kernel.nsOfFd(actor, fd, 'readlink')); // readlink(/proc/self/fd/N)
  },
  ioctl(world, actor, [fdName = '', cmdName = '', newName]) {
    const k = world.kernel;
    const ioctl = NS_IOCTL_REQUESTS[cmdName];
    if (ioctl === undefined) throw new Error(`unknown ioctl ${cmdName}`);
    const fd = world.fd(actor, fdName);
    if (cmdName === 'NS_GET_ID') {
      // The 64-bit id, shown as the namespace's label (labels are made of these ids, scenario-format.md 3.2).
      k.ioctl(actor, fd, ioctl.request);
      return nsResult(k.nsOfFd(actor, fd, 'ioctl'));
    }
    const r = k.ioctl(actor, fd, ioctl.request, ioctl.pidArg === true ? Number(cIntArg(newName ?? '', 'i32', 'pid_t')) : 0);
    if (ioctl.newFd) {
      keep(world, actor, newName ?? '', r);
      return OK;
    }
    if (cmdName === 'NS_GET_NSTYPE') {
      const t = k.typeByFlag(r);
      return { kind: 'text', value: t?.name ?? String(r) };
    }
    return { kind: 'int', value: r };
  },
  fstat(world, actor, [fdName = '']) {
    const st = world.kernel.fstat(actor, world.fd(actor, fdName));
    return { kind: 'text', value: `dev=${String(st.dev)} ino=${String(st.ino)} mode=0${st.mode.toString(8)} size=${String(st.size)}` };
  },
  exit(world, actor, [code = '0']) {
    world.kernel.exit(actor, Number(cIntArg(code, 'i32')));
    return OK;
  },
  alive(world, _actor, [name = '']) {
    return { kind: 'text', value: world.task(name) ? 'yes' : 'no' };
  },

  // Credentials
  id(_world, actor) {
    const c = actor.cred;
    return { kind: 'text', value: `uid=${fromKuidMunged(c.userNs, c.uid)} gid=${fromKgidMunged(c.userNs, c.gid)}` };
  },
  caps(_world, actor) {
    // As /proc/PID/status prints CapEff: 16 lowercase hex digits.
    return { kind: 'text', value: actor.cred.capEffective.toString(16).padStart(16, '0') };
  },
  setuid(world, actor, [n = '']) {
    const id = idArg(n);
    world.kernel.setresuid(actor, id, id, id);
    return OK;
  },
  setgid(world, actor, [n = '']) {
    const id = idArg(n);
    world.kernel.setresgid(actor, id, id, id);
    return OK;
  },
  capset(world, actor, [effective = '0', permitted = '0', inheritable = '0']) {
    const set = (word: string): bigint => cIntArg(word, 'u64', 'kernel_cap_t');
    world.kernel.capset(actor, { effective: set(effective), permitted: set(permitted), inheritable: set(inheritable) });
    return OK;
  },

  // PID
  getpid(world, actor) {
    return { kind: 'int', value: world.kernel.getpid(actor) };
  },
  getppid(world, actor) {
    return { kind: 'int', value: world.kernel.getppid(actor) };
  },
  pid(world, actor, [name = '']) {
    // A task that has exited (even one not yet reaped) is a pid that no longer exists: 0.
    const t = target(world, name);
    return { kind: 'int', value: t ? world.kernel.pidOf(t, actor) : 0 };
  },
  kill(world, actor, [who = '', sigName = '']) {
    const sig = signalOf(sigName);
    const pid = targetPid(world, actor, who, 'kill');
    if (pid === 0) return { kind: 'errno', code: 'ESRCH' };
    world.kernel.kill(actor, pid, sig);
    return OK;
  },
  sigaction(world, actor, [sigName = '', how = 'default']) {
    const sig = signalOf(sigName);
    const refusal = sigactionRefusal(sig);
    if (refusal !== undefined) throw new Error(refusal);
    world.kernel.sigaction(actor, sig, how === 'handle' ? 'handle' : how === 'ignore' ? 'ignore' : 'default');
    return OK;
  },
  caught(world, actor) {
    const seen = caughtSignals(world);
    const sigs = [...(seen.get(actor.sighand) ?? [])].sort((a, b) => a - b);
    seen.delete(actor.sighand);
    return { kind: 'list', items: sigs.map(signalWord) };
  },
  'pidfd-open'(world, actor, [who = '', fdName = '', flags = '0']) {
    const pid = targetPid(world, actor, who, 'pidfd-open');
    // A task the actor does not see: ESRCH without any call (a pid word, 0 included, goes to the kernel as it is).
    if (pid === 0 && /^[a-z]/.test(who)) return { kind: 'errno', code: 'ESRCH' };
    const fd = world.kernel.pidfdOpen(actor, pid, Number(cIntArg(flags, 'u32', 'unsigned int')));
    keep(world, actor, fdName, fd);
    return OK;
  },
  'pidfd-send'(world, actor, [fdName = '', sigName = '', flagWord = '0']) {
    const sig = signalOf(sigName);
    const flags = Number(cIntArg(flagWord, 'u32', 'unsigned int'));
    const refusal = pidfdSendRefusal(flags);
    if (refusal !== undefined) throw new Error(refusal);
    // A name the actor does not hold: EBADF from the kernel.
    world.kernel.pidfdSendSignal(actor, heldFd(world, actor, fdName), sig, flags);
    return OK;
  },
  wait(world, actor, [who = '']) {
    const pid = targetPid(world, actor, who, 'wait');
    // A task the actor does not see is no child of it: ECHILD without any call.
    if (pid === 0) return { kind: 'errno', code: 'ECHILD' };
    const reaped = world.kernel.wait(actor, pid);
    return { kind: 'int', value: reaped?.pid ?? 0 };
  },
  unshare_ns(world, actor, [types = '-']) {
    unshareNs(world.kernel, actor, world.typeFlags(types));
    return OK;
  },
  bind_ns(world, actor, [id = '0', types = '-']) {
    bindNs(world.kernel, actor, Number(cIntArg(id, 'i32', 'int')), world.typeFlags(types));
    return OK;
  },
  'nsproxy-id'(world, actor) {
    const k = world.kernel;
    if (!k.onRoad(NSPROXY_IDS)) throw new KernelError('ENOSYS', 'bind_ns', `no nsproxy ids on Linux as merged (road ${NSPROXY_IDS} is not open)`, 'R1.1');
    if (!actor.nsproxy) throw new Error('the actor has no nsproxy');
    return { kind: 'int', value: nsproxyId(k, actor.nsproxy) };
  },
  'setns-nstype'(world, actor, [type = 'any', fdName = '']) {
    // The road comes first: without it the call does not exist (ENOSYS), whatever its fd.
    const fd = world.kernel.onRoad(SETNS_NSTYPE_FD) ? world.fd(actor, fdName) : -1;
    setnsNstypeFd(world.kernel, actor, type === 'any' ? 0 : world.typeFlags(type), fd);
    return OK;
  },
  pdeathsig(world, actor, [word = '']) {
    const sig = pdeathsigArg(word, SIGNALS);
    if (sig === undefined) throw new Error(`unknown signal ${word}`);
    if (actor === world.tasks.get('init')) throw new Error(INIT_PDEATHSIG_REFUSAL);
    // An unsigned long: beyond 2^53 a number is only less exact, still no signal.
    world.kernel.setPdeathSignal(actor, Number(sig));
    return OK;
  },

  // sysctl: whichever loaded area models the file; another name is a runner error, not a fake errno.
  sysctl(world, actor, [name = '', value]) {
    // A user.max_<word>_namespaces name that is none of the eight is core's to answer
    // (proc_sys_lookup: ENOENT, L1.9); /proc/sys/user's inotify and fanotify files are not modelled.
    const handler = world.sysctls.find((s) => s.names.includes(name))
      ?? world.sysctls.find((s) => s.dirs?.some((dir) => name.startsWith(`${dir}.`)))
      ?? (/^user\.max_[a-z0-9_]+_namespaces$/.test(name) ? userSysctls : undefined);
    if (!handler) throw new Error(`sysctl ${name} is not modelled by this simulated backend`);
    // As sysctl(8) prints a file: its words, one blank between them (ping_group_range's tab too).
    if (value === undefined) return { kind: 'text', value: handler.read(world, actor, name).trim().split(/\s+/).join(' ') };
    handler.write(world, actor, name, value);
    return OK;
  },
};

/**
 * The /proc/sys/user files: the per-user-namespace limits of the actor's user
 * namespace. A write by a task of the world's initial user namespace is a
 * runner error, not an errno, on both backends: on the real kernel the world's
 * `init` is in the runner's user namespace (the host's initial one when run as
 * root), so such a write would change the host's limits. Scenarios write
 * `user.*` only from a user namespace they created.
 */
export const userSysctls: SimSysctl = {
  names: USER_SYSCTL_NAMES,
  read: (world, actor, name) => userSysctlRead(world.kernel, actor, name),
  write(world, actor, name, value) {
    if (actor.cred.userNs === world.kernel.initUserNs) throw new Error(userSysctlRefusal(name));
    userSysctlWrite(world.kernel, actor, name, value);
  },
};

/** Core's scenario area: no namespace type of its own (the kernel always has the user type's initial namespace). */
export const coreArea: SimArea = defineSimArea({
  name: 'core',
  types: [],
  ops: CORE_OPS,
  sim: coreOps,
  sysctls: [userSysctls],
  setup: {
    initTask(world) {
      // `caught`: the handlers that ran, noted as the kernel reports them.
      const seen = caughtSignals(world);
      world.kernel.on((e) => {
        if (e.type !== 'signal-handled') return;
        let sigs = seen.get(e.task.sighand);
        if (!sigs) seen.set(e.task.sighand, (sigs = new Set<number>()));
        sigs.add(e.sig);
      }, { types: ['signal-handled'] });
    },
  },
  rules: coreRules,
  roads: CORE_ROADS,
});
