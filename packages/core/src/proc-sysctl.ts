/**
 * The numbers of a write to a /proc/sys file, read the way kernel/sysctl.c
 * reads them for proc_dointvec* and proc_doulongvec_minmax: blanks skipped
 * (proc_skip_spaces: the kernel's isspace), then proc_get_long: an optional
 * '-', a digit, an unsigned number in base 0 (decimal, 0x hex, 0 octal:
 * strtoul_lenient, EINVAL on overflow), shorter than its 22-byte buffer, and
 * followed by the end of the data or one of proc_wspace_sep (' ', '\t',
 * '\n'); anything else is EINVAL. Shared by every package that models a
 * sysctl file (user.max_*_namespaces here, the ipc ones in @nsproxy/ipc).
 */
import { fail } from './errors.ts';

/** One number as proc_get_long read it: its sign and magnitude, and its text. */
export interface ProcNumber {
  readonly neg: boolean;
  readonly value: bigint;
  readonly text: string;
}

/** ULONG_MAX on x86_64 (strtoul's limit). */
export const PROC_ULONG_MAX: bigint = (1n << 64n) - 1n;

/** The kernel's isspace on ASCII (lib/ctype.c). */
const SPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r']);
/** proc_wspace_sep: what may follow a number. */
const SEPARATOR = new Set([' ', '\t', '\n']);
/** TMPBUFLEN - 1: a number this long may be cut short, so it is refused. */
const MAX_NUMBER_LEN = 21;

const DIGITS: Readonly<Record<number, RegExp>> = { 8: /^[0-7]*/, 10: /^[0-9]*/, 16: /^[0-9a-fA-F]*/ };

/**
 * The numbers of `data`, one at a time, as a vector handler takes them: a
 * malformed one throws EINVAL (`syscall`) when it is reached, so a handler that
 * stores value by value (proc_dointvec) has stored the ones before it.
 */
export function* procSysNumbers(data: string, syscall: string): Generator<ProcNumber, void, undefined> {
  let p = 0;
  for (;;) {
    while (p < data.length && SPACE.has(data.charAt(p))) p++;
    if (p >= data.length) return;
    const chunk = data.slice(p, p + MAX_NUMBER_LEN + 1);
    let i = 0;
    const neg = chunk.startsWith('-');
    if (neg) i = 1;
    if (!/[0-9]/.test(chunk.charAt(i))) fail('EINVAL', syscall, `not a number: '${chunk}'`, 'C12.1');
    // _parse_integer_fixup_radix for base 0.
    let base = 10;
    if (chunk.charAt(i) === '0') {
      base = 8;
      if (/^[xX][0-9a-fA-F]/.test(chunk.slice(i + 1, i + 3))) {
        base = 16;
        i += 2;
      }
    }
    const digits = (DIGITS[base] as RegExp).exec(chunk.slice(i))?.[0] ?? '';
    const end = i + digits.length;
    const value = digits === '' ? 0n : BigInt(base === 16 ? `0x${digits}` : base === 8 ? `0o${digits}` : digits);
    const text = chunk.slice(0, end);
    if (value > PROC_ULONG_MAX) fail('EINVAL', syscall, `${text} overflows an unsigned long`, 'C12.1');
    if (end >= MAX_NUMBER_LEN) fail('EINVAL', syscall, `${text}...: too long`, 'C12.1');
    p += end;
    if (p < data.length && !SEPARATOR.has(data.charAt(p))) fail('EINVAL', syscall, `'${data.charAt(p)}' after ${text}`, 'C12.1');
    yield { neg, value, text };
  }
}

/** The first number of a write that takes one (EINVAL when there is none). */
export function procSysFirstNumber(data: string, syscall: string): ProcNumber {
  const first = procSysNumbers(data, syscall).next();
  if (first.done) return fail('EINVAL', syscall, 'no value', 'C12.2');
  return first.value;
}
