/**
 * File descriptors. Models fs/file.c (alloc_fd, fget, dup_fd, put_files_struct,
 * the dup system call), fs/open.c (close) and fs/file_table.c (fput): an open
 * ns file holds its namespace, a pidfd its struct pid.
 */
import { fail } from './errors.ts';
import type { Kernel } from './kernel.ts';
import { putNs } from './namespaces.ts';
import { putPid } from './pid.ts';
import { checkAlive } from './args.ts';
import { FdTable } from './task.ts';
import type { FileObject, OpenFile, Task } from './task.ts';

/** alloc_fd + fd_install: the lowest free fd from 3 up. */
export function allocFd(task: Task, file: OpenFile): number {
  const files = task.files;
  if (!files) throw new Error('no fd table');
  let fd = 3;
  while (files.fds.has(fd)) fd++;
  files.fds.set(fd, file);
  return fd;
}

/** fput: the last reference drops what the file holds. */
export function putFile(k: Kernel, file: OpenFile): void {
  if (--file.count > 0) return;
  if (file.kind === 'ns') putNs(k, file.ns);
  else if (file.kind === 'pidfd') putPid(k, file.pid, false);
  else file.object.release(k);
}

/** put_files_struct: the last user closes every file. */
export function putFiles(k: Kernel, files: FdTable): void {
  if (--files.users > 0) return;
  if (files.size === 0) return;
  for (const f of files.fds.values()) putFile(k, f);
  files.fds.clear();
}

/** fd_install of a new file for a type's object (socket(2) and the like): the lowest free fd. */
export function installObjectFile(task: Task, object: FileObject): number {
  return allocFd(task, { kind: 'object', object, count: 1 });
}

/** dup_fd: a private copy of an fd table (every file gets one more reference). */
export function dupFiles(files: FdTable): FdTable {
  const copy = new FdTable();
  if (files.size === 0) return copy;
  for (const [fd, f] of files.fds) {
    f.count++;
    copy.fds.set(fd, f);
  }
  return copy;
}

/** fget: the open file behind a task's fd; EBADF, reported as `syscall`. */
export function fget(task: Task, fd: number, syscall: string): OpenFile {
  return task.files?.get(fd) ?? fail('EBADF', syscall, undefined, 'C9.1');
}

/** close(2) (fs/open.c). */
export function close(k: Kernel, task: Task, fd: number): void {
  checkAlive(k, task, 'close');
  const files = task.files;
  const f = files?.get(fd);
  if (!files || !f) fail('EBADF', 'close', undefined, 'C9.2');
  files.fds.delete(fd);
  putFile(k, f);
}

/** dup(2) (fs/file.c). */
export function dup(k: Kernel, task: Task, fd: number): number {
  checkAlive(k, task, 'dup');
  const f = fget(task, fd, 'dup');
  f.count++;
  return allocFd(task, f);
}
