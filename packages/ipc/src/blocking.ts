/**
 * The model has no blocking: a task cannot sleep until another task acts.
 * Where Linux would put the caller to sleep (msgsnd on a full queue, msgrcv
 * with no matching message, semop that cannot proceed, all without
 * IPC_NOWAIT), the model throws `WouldBlockError` instead, having changed
 * nothing. It is not a KernelError and carries no errno: Linux returns none
 * there, it waits. Pass IPC_NOWAIT to get Linux's EAGAIN / ENOMSG.
 */

/** Thrown where Linux would block the caller; nothing was changed. */
export class WouldBlockError extends Error {
  override readonly name = 'WouldBlockError';
  /** The system call that would block (`msgsnd`, `msgrcv`, `semop`). */
  readonly syscall: string;

  constructor(syscall: string, detail: string) {
    super(`${syscall} would block (${detail}); the model has no blocking, pass IPC_NOWAIT`);
    this.syscall = syscall;
  }
}
