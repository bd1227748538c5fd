/**
 * Signals. Models kernel/signal.c: kill (kill_something_info,
 * kill_proc_info), pidfd_send_signal, rt_sigaction (do_sigaction), the
 * permission check kill_ok_by_cred, sig_task_ignored (the unkillable init),
 * the default actions of send_signal_locked / get_signal, and the
 * parent-death signal of kernel/exit.c forget_original_parent.
 */
import { CAP_KILL, SIGCHLD, SIGCONT, SIGKILL, SIGSTOP } from './constants.ts';
import { nsCapable } from './cred.ts';
import { KernelError, fail } from './errors.ts';
import { emit } from './events.ts';
import { killThreadGroup } from './exit.ts';
import { fget } from './file.ts';
import type { Kernel } from './kernel.ts';
import { checkAlive } from './args.ts';
import type { SignalAction, Task } from './task.ts';

/** Default-ignored signals (sig_kernel_ignore). */
const DEFAULT_IGNORED = new Set([SIGCHLD, 23 /* SIGURG */, 28 /* SIGWINCH */, SIGCONT]);
/** Default-stop signals (sig_kernel_stop). */
const DEFAULT_STOP = new Set([SIGSTOP, 20, 21, 22]);

/** SIGNAL_UNKILLABLE: whether the task is the init of its pid namespace. */
export function isUnkillable(task: Task): boolean {
  return task.leader.pid.ns.childReaper === task.leader;
}

/** rt_sigaction (do_sigaction): what the task's group does with a signal. SIGKILL and SIGSTOP can't be changed (EINVAL). */
export function sigaction(k: Kernel, task: Task, sig: number, action: SignalAction | 'default'): void {
  checkAlive(k, task, 'rt_sigaction');
  if (sig < 1 || sig > 64 || sig === SIGKILL || sig === SIGSTOP) fail('EINVAL', 'rt_sigaction', undefined, 'C10.5');
  if (action === 'default') task.sighand.actions.delete(sig);
  else task.sighand.actions.set(sig, action);
}

/**
 * kill(2) (kill_something_info): `pid` in the sender's pid namespace; -1
 * signals every visible process but init and the sender's group. Process
 * groups (0 and below -1) are not modelled: EINVAL.
 */
export function kill(k: Kernel, task: Task, pid: number, sig: number): void {
  const sys = 'kill';
  checkAlive(k, task, sys);
  const ns = task.pid.ns;
  if (pid !== -1 && pid <= 0) {
    checkSignalNumber(sig, sys);
    fail('EINVAL', sys, 'process groups are not modelled', 'C10.9');
  }
  // The targets first (ESRCH), then the signal number: check_kill_permission checks it once a target is found.
  let targets: Task[];
  if (pid > 0) {
    const target = ns.findTask(pid);
    if (!target) fail('ESRCH', sys, undefined, 'K2.1');
    targets = [target.leader];
  } else {
    // kill(-1): every visible process but init and the sender's group.
    targets = [...ns.idr.values()].map((p) => p.task).filter((t): t is Task =>
      !!t && t.isLeader && t.leader !== task.leader && t.pid.nrIn(ns) > 1);
    if (targets.length === 0) fail('ESRCH', sys, undefined, 'C10.4');
  }
  checkSignalNumber(sig, sys);
  if (pid > 0) {
    sendSignal(k, task, targets[0] as Task, sig, sys);
    return;
  }
  for (const t of targets) {
    try {
      sendSignal(k, task, t, sig, sys);
    } catch (e) {
      // kill_something_info: EPERM from single targets is not reported.
      if (!(e instanceof KernelError && e.code === 'EPERM')) throw e;
    }
  }
}

/** valid_signal: 0 (a probe) to 64. */
function checkSignalNumber(sig: number, sys: string): void {
  if (!Number.isInteger(sig) || sig < 0 || sig > 64) fail('EINVAL', sys, 'invalid signal', 'C10.2');
}

/**
 * pidfd_send_signal(2): flags 0, PIDFD_SIGNAL_THREAD (1) or
 * PIDFD_SIGNAL_THREAD_GROUP (2), at most one (EINVAL; process groups, 4, are
 * not modelled: EINVAL); the fd must be a pidfd (EBADF); its pid must live in
 * the caller's active pid namespace or below it (access_pidfd_pidns, EINVAL);
 * a reaped task is ESRCH. Then as kill(2), with the same unkillable-init rules.
 */
export function pidfdSendSignal(k: Kernel, task: Task, fd: number, sig: number, flags: number): void {
  const sys = 'pidfd_send_signal';
  checkAlive(k, task, sys);
  if (flags !== 0 && flags !== 1 && flags !== 2) fail('EINVAL', sys, 'bad flags (process groups are not modelled)', 'C10.6');
  const file = fget(task, fd, sys);
  if (file.kind !== 'pidfd') fail('EBADF', sys, 'not a pidfd', 'C10.7');
  if (!file.pid.ns.isDescendantOf(task.pid.ns)) fail('EINVAL', sys, 'the pidfd\'s task is outside the caller\'s pid namespace', 'K2.3');
  const target = file.pid.task;
  if (!target || target.state === 'dead') fail('ESRCH', sys, undefined, 'C10.8');
  checkSignalNumber(sig, sys);
  sendSignal(k, task, target.leader, sig, sys);
}

/**
 * forget_original_parent's parent-death signal: `child`'s pdeath_signal, sent
 * to its process by the exiting thread `father` as group_send_sig_info(sig,
 * SEND_SIG_NOINFO) sends it: with the father's credentials
 * (check_kill_permission; a refusal is silent), and past a namespace init's
 * protection when the father is outside the child's pid namespace (the
 * `force` of send_signal_locked).
 */
export function sendPdeathSignal(k: Kernel, father: Task, child: Task): void {
  if (!child.alive) return;
  try {
    sendSignal(k, father, child.leader, child.pdeathSignal, 'exit');
  } catch (e) {
    if (!(e instanceof KernelError && e.code === 'EPERM')) throw e;
  }
}

/**
 * check_kill_permission (kill_ok_by_cred, and SIGCONT within the sender's
 * session) + send_signal_locked, with the default actions.
 */
function sendSignal(k: Kernel, sender: Task, target: Task, sig: number, sys: string): void {
  const c = sender.cred;
  const t = target.cred;
  const ok = sender.leader === target.leader ||
    c.euid === t.suid || c.euid === t.uid || c.uid === t.suid || c.uid === t.uid || nsCapable(c, t.userNs, CAP_KILL) ||
    // SIGCONT may be sent to any process of the sender's session, whatever the credentials. The model
    // has one session (setsid(2) is not modelled): every task is in its first task's.
    sig === SIGCONT;
  if (!ok) fail('EPERM', sys, undefined, 'C10.3');
  deliverSignal(k, sender, target, sig);
}

/**
 * send_signal_locked with the default actions, once the permission checks
 * passed: `sender` is the sending task, or null for a signal the kernel
 * generates itself (send_sigio's SIGIO to a file's owner).
 */
export function deliverSignal(k: Kernel, sender: Task | null, target: Task, sig: number): void {
  // A group whose leader exited still takes signals while a thread lives (the group is the target).
  if (sig === 0 || target.threadCount === 0) return;
  const action = target.sighand.action(sig);
  // SIGCONT always resumes a stopped group, whatever its disposition; a
  // fatal signal that waited while it was stopped is then delivered.
  if (sig === SIGCONT) {
    setGroupState(target, 'running');
    const waiting = target.leader.pendingFatal;
    target.leader.pendingFatal = 0;
    if (waiting !== 0) killThreadGroup(k, target.leader, waiting);
  }
  const kernelOnly = sig === SIGKILL || sig === SIGSTOP;
  if (!kernelOnly && action === 'ignore') return;
  if (isUnkillable(target) && (kernelOnly || action === undefined)) {
    // sig_task_ignored: init only gets what it handles, and from an ancestor namespace also SIGKILL/SIGSTOP.
    const force = kernelOnly && (sender === null || sender.pid.nrIn(target.pid.ns) === 0);
    if (!force) return;
  }
  if (!kernelOnly && action === 'handle') {
    // The handler runs (signal_deliver, with a handler): what a tracer would see.
    if (k.to['signal-handled'].length) emit(k, k.to['signal-handled'], { type: 'signal-handled', task: target.leader, sig });
    return;
  }
  // complete_signal: a stopped group wants no signal but SIGKILL (wants_signal),
  // so a fatal one stays pending until SIGCONT resumes the group.
  if (sig !== SIGKILL && target.leader.state === 'stopped' && !DEFAULT_STOP.has(sig) && !DEFAULT_IGNORED.has(sig)) {
    if (target.leader.pendingFatal === 0) target.leader.pendingFatal = sig;
    return;
  }
  if (sig === SIGKILL) {
    killThreadGroup(k, target.leader, SIGKILL);
    return;
  }
  if (DEFAULT_STOP.has(sig)) {
    setGroupState(target, 'stopped');
    return;
  }
  if (DEFAULT_IGNORED.has(sig)) return;
  killThreadGroup(k, target.leader, sig);
}

/** The group stop (do_signal_stop) and SIGCONT's resume. */
function setGroupState(target: Task, state: 'running' | 'stopped'): void {
  const leader = target.leader;
  for (const t of [leader, ...(leader.threads ?? [])]) if (t.alive) t.state = state;
}
