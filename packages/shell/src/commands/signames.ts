/**
 * util-linux's lib/signames.c: signal names as its tools take and print them
 * (`setpriv --pdeathsig`, `unshare --kill-child=<signame>`), glibc on x86-64.
 */

/** lib/signames.c's ul_signames[] on Linux x86-64 (aliases after their signal), by number. */
const SIGNAMES: readonly (readonly [string, number])[] = [
  ['HUP', 1], ['INT', 2], ['QUIT', 3], ['ILL', 4], ['TRAP', 5], ['ABRT', 6], ['IOT', 6], ['BUS', 7], ['FPE', 8], ['KILL', 9], ['USR1', 10],
  ['SEGV', 11], ['USR2', 12], ['PIPE', 13], ['ALRM', 14], ['TERM', 15], ['STKFLT', 16], ['CHLD', 17], ['CLD', 17], ['CONT', 18], ['STOP', 19],
  ['TSTP', 20], ['TTIN', 21], ['TTOU', 22], ['URG', 23], ['XCPU', 24], ['XFSZ', 25], ['VTALRM', 26], ['PROF', 27], ['WINCH', 28], ['IO', 29],
  ['POLL', 29], ['PWR', 30], ['SYS', 31],
];
/** glibc's SIGRTMIN (34: NPTL keeps 32 and 33) and SIGRTMAX. */
const SIGRTMIN = 34;
const SIGRTMAX = 64;

/** signame_to_signum: a name with or without SIG (any case), or RTMIN+n / RTMAX-n / RTn; -1 if none. */
export function signameToSignum(text: string): number {
  let sig = /^sig/i.test(text) ? text.slice(3) : text;
  if (/^rt/i.test(sig)) {
    sig = sig.slice(2);
    let max = false;
    if (/^min\+/i.test(sig)) sig = sig.slice(4);
    else if (/^max-/i.test(sig)) {
      sig = sig.slice(4);
      max = true;
    }
    const m = /^[0-9]+/.exec(sig);
    if (!m) return -1;
    const num = max ? SIGRTMAX - Number(m[0]) : SIGRTMIN + Number(m[0]);
    return num < SIGRTMIN || num > SIGRTMAX ? -1 : num;
  }
  return SIGNAMES.find(([name]) => name === sig.toUpperCase())?.[1] ?? -1;
}

/** signum_to_signame: the first name of a signal, undefined for the others (real-time ones). */
export function signumToSigname(signum: number): string | undefined {
  return SIGNAMES.find(([, n]) => n === signum)?.[0];
}
