/**
 * The file owner of fcntl(F_SETOWN) and the SIGIO it sends (fs/fcntl.c
 * f_setown, send_sigio, sigio_perm), as far as the road not taken
 * `userns-2007` needs them: Serge Hallyn's "user ns: handle file sigio" (2006,
 * part of the "user ns" series) recorded the setter's user namespace in the
 * fown_struct and refused the signal to a task of another user namespace
 * unless the owner was set from the initial one.
 *
 * Linux 6.18 keeps the setter's uid and euid as kernel ids and compares them
 * with the target's (uid_eq), which is what id maps made of that check; the
 * road adds the 2007 namespace test in front. The owner lives on the open
 * file (core's `OpenFile.fOwner`, struct file's f_owner), shared by dup and
 * fork like the file, and kernel snapshots keep it (with its pid and user
 * namespace), so a restored kernel sends the same signals.
 */
import { deliverSignal, fail } from '@nsproxy/core';
import type { FownStruct, Kernel, OpenFile, Task } from '@nsproxy/core';

export type { FownStruct } from '@nsproxy/core';

/** SIGIO (x86_64): the signal send_sigio sends by default (F_SETSIG unset). */
export const SIGIO = 29;

/** The owner of an open file (struct file's f_owner, as f_getown reads it), or undefined. */
export function fileOwner(file: OpenFile): FownStruct | undefined {
  return file.fOwner;
}

/**
 * fcntl(fd, F_SETOWN, pid) (f_setown -> __f_setown -> f_modown): `target`'s
 * process owns the file; the caller's uid and euid are recorded, and on road
 * userns-2007 its user namespace. EBADF for an fd the caller does not have.
 */
export function fSetown(kernel: Kernel, task: Task, fd: number, target: Task): void {
  const file = kernel.file(task, fd, 'fcntl');
  if (!target.alive) fail('ESRCH', 'fcntl', 'no such process', 'U9.5');
  const cred = task.cred;
  const userNs = cred.userNs.uidhashTable !== null ? cred.userNs : null;
  file.fOwner = { pid: target.leader.pid, uid: cred.uid, euid: cred.euid, userNs };
}

/**
 * sigio_perm (fs/fcntl.c): whether the file's owner record may signal `p`.
 * Linux 6.18: the setter's euid is root or equals p's uid or saved uid, or
 * its uid does (kernel ids). Road userns-2007 first: a record made in a user
 * namespace other than the initial one signals only tasks of that namespace.
 */
export function sigioPerm(p: Task, fown: FownStruct): boolean {
  const ns = fown.userNs;
  if (ns !== null && ns.parent !== null && ns !== p.cred.userNs) return false;
  const c = p.cred;
  return fown.euid === 0 || fown.euid === c.suid || fown.euid === c.uid || fown.uid === c.suid || fown.uid === c.uid;
}

/**
 * send_sigio (fs/fcntl.c), when I/O is possible on the file behind `task`'s
 * `fd`: SIGIO to its owner's process if sigio_perm allows, nothing
 * otherwise (the kernel tells no one). Returns whether a signal was sent.
 */
export function sendSigio(kernel: Kernel, task: Task, fd: number): boolean {
  const fown = kernel.file(task, fd, 'write').fOwner;
  const p = fown?.pid.task;
  if (!fown || !p || !p.alive || !sigioPerm(p, fown)) return false;
  deliverSignal(kernel, null, p.leader, SIGIO);
  return true;
}
