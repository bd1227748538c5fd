/**
 * Exit, reaping and wait. Models kernel/exit.c: do_exit (exit_files,
 * exit_fs, exit_task_namespaces), do_group_exit, exit_notify with
 * forget_original_parent, find_child_reaper, find_new_reaper and
 * find_alive_thread, release_task, and wait4. What a pid namespace does when
 * its init dies (zap_pid_ns_processes) is its type's `childReaperExit` hook.
 */
import { SIGCHLD } from './constants.ts';
import { fail } from './errors.ts';
import { emit } from './events.ts';
import { putFiles } from './file.ts';
import type { Kernel } from './kernel.ts';
import { putNs } from './namespaces.ts';
import { putNsproxy } from './nsproxy.ts';
import type { NamespaceOperations } from './ops.ts';
import { putPid } from './pid.ts';
import { sendPdeathSignal } from './signal.ts';
import type { PidNamespace } from './pid.ts';
import { checkAlive } from './args.ts';
import type { Task } from './task.ts';

/** What `wait` returns. */
export interface WaitResult {
  /** The child's pid as the waiter sees it. */
  readonly pid: number;
  /** The exit status: code << 8, or the signal number for a killed task. */
  readonly status: number;
}

/** exit(2): the task exits; the initial init's last thread cannot (a kernel panic). */
export function exit(k: Kernel, task: Task, code: number): void {
  checkAlive(k, task, 'exit');
  if (task.leader === k.initTask && task.threadCount === 1) throw new Error('Kernel panic - not syncing: Attempted to kill init!');
  doExit(k, task, (code & 0xff) << 8);
}

/** exit_group(2). */
export function exitGroup(k: Kernel, task: Task, code: number): void {
  checkAlive(k, task, 'exit_group');
  killThreadGroup(k, task.leader, (code & 0xff) << 8);
}

/**
 * do_group_exit, or a fatal signal's delivery to a thread group: every live
 * thread of `leader`'s group exits with `status`, the leader last.
 */
export function killThreadGroup(k: Kernel, leader: Task, status: number): void {
  for (const t of [...(leader.threads ?? [])]) if (t.alive) doExit(k, t, status);
  if (leader.alive) doExit(k, leader, status);
}

/**
 * do_exit: closes files, drops the namespaces, and notifies. The child
 * reaper of a pid namespace (its last thread) first runs its type's
 * `childReaperExit` (zap_pid_ns_processes), and stays in its exit (state
 * `exiting`) while that asks it to wait.
 */
function doExit(k: Kernel, task: Task, status: number): void {
  if (!task.alive) return;
  task.state = 'zombie';
  task.exitStatus = status;
  // exit_files, exit_fs
  if (task.files) putFiles(k, task.files);
  task.files = null;
  if (task.fs && --task.fs.users === 0) task.fs.release();
  task.fs = null;
  // exit_task_namespaces
  const nsp = task.nsproxy;
  task.nsproxy = null;
  if (nsp) putNsproxy(k, nsp);
  for (const t of k.exitHooks) t.exited?.(task, nsp);
  if (k.to['task-exited'].length) emit(k, k.to['task-exited'], { type: 'task-exited', task, status });
  // exit_notify -> forget_original_parent -> find_child_reaper
  const pidNs = task.pid.ns;
  if (pidNs.childReaper === task.leader && task.threadCount === 0) {
    if (pidNs.ops.childReaperExit?.(pidNs, task)) {
      task.state = 'exiting';
      return;
    }
    exitNotify(k, task, null);
  } else exitNotify(k, task, pidNs.childReaper);
}

/**
 * The rest of exit_notify: the children go to a new reaper, and the task
 * becomes a zombie, reaped at once when nobody is to wait for it.
 */
function exitNotify(k: Kernel, task: Task, reaper: Task | null): void {
  task.state = 'zombie';
  /** The children that asked for a signal at their parent's death (PR_SET_PDEATHSIG), each thread with its own. */
  let orphans: Task[] | null = null;
  if (task.children?.size) {
    const newParent = findNewReaper(k, task, reaper);
    for (const child of [...task.children]) {
      if (child.isLeader) for (const t of [child, ...(child.threads ?? [])]) if (t.pdeathSignal !== 0) (orphans ??= []).push(t);
      task.children.delete(child);
      child.parent = newParent;
      if (newParent) (newParent.children ??= new Set()).add(child);
      // reparent_leader: a zombie leader is reaped by a new parent that ignores SIGCHLD only once its group
      // is empty (thread_group_empty); with live threads it stays a zombie (delay_group_leader) and the
      // last thread's release_task notifies the new parent.
      if (child.state === 'zombie' && child.isLeader && threadGroupExited(child) && newParent && autoReaps(newParent)) releaseTask(k, child);
    }
  }
  // forget_original_parent: each such thread's process gets its pdeath_signal, sent by the exiting thread.
  if (orphans) for (const t of orphans) sendPdeathSignal(k, task, t);
  // do_notify_parent: threads reap themselves, a process whose parent ignores SIGCHLD is reaped at once.
  if (!task.isLeader) releaseTask(k, task);
  else if (threadGroupExited(task) && (!task.parent || autoReaps(task.parent))) releaseTask(k, task);
}

/** thread_group_empty for a zombie leader: no thread of its group is alive or still in its exit. */
export function threadGroupExited(leader: Task): boolean {
  return leader.threadCount === 0 && !(leader.threads ?? []).some((t) => t.state === 'exiting');
}

/** find_new_reaper: a live thread, a subreaper ancestor in the same pid namespace, or the namespace's init. */
function findNewReaper(k: Kernel, father: Task, childReaper: Task | null): Task | null {
  const thread = findAliveThread(father, father);
  if (thread) return thread;
  if (father.hasChildSubreaper) {
    // The first is_child_subreaper ancestor in father's pid namespace that has a live thread.
    const level = father.pid.level;
    for (let r = father.parent; r && r.pid.level === level && r !== k.initTask; r = r.parent) {
      if (!r.leader.childSubreaper) continue;
      const t = findAliveThread(r, null);
      if (t) return t;
    }
  }
  return childReaper;
}

/** find_alive_thread: a thread of `p`'s group that is not exiting (but `except`), leader first. */
function findAliveThread(p: Task, except: Task | null): Task | null {
  const leader = p.leader;
  if (leader !== except && leader.alive) return leader;
  for (const t of leader.threads ?? []) if (t !== except && t.alive) return t;
  return null;
}

/** Whether a parent reaps its children at once (SIGCHLD set to SIG_IGN). */
function autoReaps(parent: Task): boolean {
  return parent.sighand.action(SIGCHLD) === 'ignore';
}

/** The child reaper thread waiting in its exit for `ns` to empty (childReaperExit returned true), if any. */
function reaperInExit(ns: PidNamespace): Task | null {
  const r = ns.childReaper;
  if (!r) return null;
  if (r.state === 'exiting') return r;
  return (r.threads ?? []).find((t) => t.state === 'exiting') ?? null;
}

/** release_task: the zombie is gone; its pid numbers are free (free_pid wakes a waiting child reaper). */
export function releaseTask(k: Kernel, task: Task): void {
  if (task.state === 'dead') return;
  task.state = 'dead';
  task.parent?.children?.delete(task);
  if (!task.isLeader && task.leader.threads) {
    task.leader.threads = task.leader.threads.filter((t) => t !== task);
  }
  task.sighand.users--;
  putPid(k, task.pid, true);
  putNs(k, task.cred.userNs);
  k.taskSet.delete(task);
  if (k.to['task-reaped'].length) emit(k, k.to['task-reaped'], { type: 'task-reaped', task });
  // A leader whose last thread went may now be reaped.
  const leader = task.leader;
  if (leader !== task && leader.state === 'zombie' && threadGroupExited(leader) && (!leader.parent || autoReaps(leader.parent))) {
    releaseTask(k, leader);
  }
  // free_pid: a dying child reaper waiting for the last other pid of its namespace finishes its exit.
  for (let ns: PidNamespace | null = task.pid.ns; ns; ns = ns.parent) {
    if (ns.adding) continue;
    const ops: NamespaceOperations = ns.ops;
    if (!ops.childReaperWaits) continue;
    const waiter = reaperInExit(ns);
    if (waiter && !ops.childReaperWaits(ns, waiter)) exitNotify(k, waiter, null);
  }
}

/**
 * wait4(pid, WEXITED): reaps a zombie child (pid -1: any). ECHILD when there
 * is no such child; `undefined` when children exist but none has exited (WNOHANG).
 */
export function wait(k: Kernel, task: Task, pid: number): WaitResult | undefined {
  checkAlive(k, task, 'wait4');
  const kids = [...(task.leader.children ?? [])].filter((c) => c.isLeader);
  const candidates = pid === -1 ? kids : kids.filter((c) => c.pid.nrIn(task.pid.ns) === pid);
  if (candidates.length === 0) fail('ECHILD', 'wait4', undefined, 'C10.1');
  const z = candidates.find((c) => c.state === 'zombie' && threadGroupExited(c));
  if (!z) return undefined;
  const result = { pid: z.pid.nrIn(task.pid.ns), status: z.exitStatus };
  releaseTask(k, z);
  return result;
}
