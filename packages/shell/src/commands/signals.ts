/**
 * The signals by name and number (x86_64, as kill -l and dash's
 * signal_names list them).
 */

/** The signals by name, as kill -l lists them (x86_64). */
export const SIGNALS: readonly string[] = ['', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM', 'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'PWR', 'SYS'];

/** A signal name or number (`TERM`, `SIGTERM`, `15`) as a number; undefined if none. */
export function signalNumber(text: string): number | undefined {
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text);
    return n <= 64 ? n : undefined;
  }
  const name = text.toUpperCase().replace(/^SIG/, '');
  const i = SIGNALS.indexOf(name);
  return i > 0 ? i : undefined;
}

/** glibc's strsignal texts (what dash prints when a foreground process dies of a signal). */
export const STRSIGNAL: readonly string[] = ['', 'Hangup', 'Interrupt', 'Quit', 'Illegal instruction', 'Trace/breakpoint trap', 'Aborted', 'Bus error',
  'Floating point exception', 'Killed', 'User defined signal 1', 'Segmentation fault', 'User defined signal 2', 'Broken pipe', 'Alarm clock',
  'Terminated', 'Stack fault', 'Child exited', 'Continued', 'Stopped (signal)', 'Stopped', 'Stopped (tty input)', 'Stopped (tty output)',
  'Urgent I/O condition', 'CPU time limit exceeded', 'File size limit exceeded', 'Virtual timer expired', 'Profiling timer expired',
  'Window changed', 'I/O possible', 'Power failure', 'Bad system call'];

/** strsignal(3) of a signal number. */
export function strsignal(sig: number): string {
  return STRSIGNAL[sig] ?? (sig >= 34 && sig <= 64 ? `Real-time signal ${sig - 34}` : `Unknown signal ${sig}`);
}
