/**
 * Errno values and the error every failed system call of the model throws.
 * Mirrors include/uapi/asm-generic/errno-base.h and errno.h (x86_64 numbers).
 */

/** The errno names the model uses, with their Linux numbers. */
export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  ENXIO: 6,
  E2BIG: 7,
  EBADF: 9,
  ECHILD: 10,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  EMFILE: 24,
  ENOTTY: 25,
  EFBIG: 27,
  ENOSPC: 28,
  ESPIPE: 29,
  EROFS: 30,
  EPIPE: 32,
  ERANGE: 34,
  ENAMETOOLONG: 36,
  ENOSYS: 38,
  ELOOP: 40,
  ENOMSG: 42,
  EIDRM: 43,
  EOVERFLOW: 75,
  EUSERS: 87,
  ENOTSOCK: 88,
  EDESTADDRREQ: 89,
  EOPNOTSUPP: 95,
  EAFNOSUPPORT: 97,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  ENETDOWN: 100,
  ENETUNREACH: 101,
  ECONNRESET: 104,
  ENOBUFS: 105,
  EISCONN: 106,
  ENOTCONN: 107,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EHOSTUNREACH: 113,
  ESTALE: 116,
} as const;

/** An errno name such as `EPERM`. */
export type ErrnoCode = keyof typeof ERRNO;

/** Short descriptions, as strerror(3) gives them. */
const MESSAGES: Record<ErrnoCode, string> = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  ESRCH: 'No such process',
  EINTR: 'Interrupted system call',
  ENXIO: 'No such device or address',
  E2BIG: 'Argument list too long',
  EBADF: 'Bad file descriptor',
  ECHILD: 'No child processes',
  EAGAIN: 'Resource temporarily unavailable',
  ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied',
  EFAULT: 'Bad address',
  EBUSY: 'Device or resource busy',
  EEXIST: 'File exists',
  ENODEV: 'No such device',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EINVAL: 'Invalid argument',
  EMFILE: 'Too many open files',
  ENOTTY: 'Inappropriate ioctl for device',
  EFBIG: 'File too large',
  ENOSPC: 'No space left on device',
  ESPIPE: 'Illegal seek',
  EROFS: 'Read-only file system',
  EPIPE: 'Broken pipe',
  ERANGE: 'Numerical result out of range',
  ENAMETOOLONG: 'File name too long',
  ENOSYS: 'Function not implemented',
  ELOOP: 'Too many levels of symbolic links',
  ENOMSG: 'No message of desired type',
  EIDRM: 'Identifier removed',
  EOVERFLOW: 'Value too large for defined data type',
  EUSERS: 'Too many users',
  ENOTSOCK: 'Socket operation on non-socket',
  EDESTADDRREQ: 'Destination address required',
  EOPNOTSUPP: 'Operation not supported',
  EAFNOSUPPORT: 'Address family not supported by protocol',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  ENETDOWN: 'Network is down',
  ENETUNREACH: 'Network is unreachable',
  ECONNRESET: 'Connection reset by peer',
  ENOBUFS: 'No buffer space available',
  EISCONN: 'Transport endpoint is already connected',
  ENOTCONN: 'Transport endpoint is not connected',
  ETIMEDOUT: 'Connection timed out',
  ECONNREFUSED: 'Connection refused',
  EHOSTUNREACH: 'No route to host',
  ESTALE: 'Stale file handle',
};

/**
 * The error a failed system call of the model throws, shaped like Node's `fs`
 * errors: `.code` is the errno name, `.errno` its number, `.syscall` the call.
 * The model's state is unchanged when one is thrown (validate, then commit).
 */
export class KernelError extends Error {
  override readonly name = 'KernelError';
  readonly code: ErrnoCode;
  readonly errno: number;
  readonly syscall: string;
  /**
   * The identifier of the kernel rule that gave this error (`U3.2`), an entry
   * of the rule catalog (`Rule`, each package's `rules`); `nsproxy explain`
   * prints it. Undefined only for an error no rule of the catalog covers.
   */
  readonly rule: string | undefined;

  constructor(code: ErrnoCode, syscall: string, detail?: string, rule?: string) {
    super(`${code}: ${MESSAGES[code]}, ${syscall}${detail ? ` (${detail})` : ''}${rule ? ` [rule ${rule}]` : ''}`);
    this.code = code;
    this.errno = ERRNO[code];
    this.syscall = syscall;
    this.rule = rule;
  }
}

/**
 * Throws `KernelError(code, syscall, detail, rule)`; a `never` helper for
 * one-line checks. `rule` is the id of the catalog's rule behind the error.
 */
export function fail(code: ErrnoCode, syscall: string, detail?: string, rule?: string): never {
  throw new KernelError(code, syscall, detail, rule);
}

/** Whether a value is a KernelError (optionally with that code). */
export function isKernelError(e: unknown, code?: ErrnoCode): e is KernelError {
  return e instanceof KernelError && (code === undefined || e.code === code);
}
