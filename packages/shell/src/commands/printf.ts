/**
 * dash's printf and echo builtins (src/bltin/printf.c `printfcmd`,
 * `conv_escape`, `conv_escape_str`, `getuintmax`, `getdouble`,
 * `check_conversion`, `echocmd`): the format's escapes, the conversions
 * %s %b %c %d %i %o %u %x %X %e %f %g (C's flags, widths and precisions,
 * `*` from the arguments), intmax_t numbers from strtoimax (a leading quote
 * gives a character's code), the format reused while arguments are left,
 * and dash's messages (`printf: abc: expected numeric value`, status 1;
 * `printf: %z: invalid directive`, status 2).
 */
import { strtoimax } from '../arith.ts';

/** An error of the builtin (dash's `error()`: the message, status 2). */
export class PrintfError extends Error {
  override readonly name = 'PrintfError';
  /** What was printed before the error. */
  readonly out: string;
  constructor(message: string, out: string) {
    super(message);
    this.out = out;
  }
}

const isOctal = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '7';

/** conv_escape: the escape after a backslash at `i` (the character after it): its text and where the format goes on. */
function convEscape(s: string, i: number): { text: string; next: number } {
  const c = s[i];
  const simple: Readonly<Record<string, string>> = { '\\': '\\', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
  if (c !== undefined && simple[c] !== undefined) return { text: simple[c], next: i + 1 };
  if (!isOctal(c)) return { text: '\\', next: i };
  let v = 0;
  let j = i;
  for (let n = 0; n < 3 && isOctal(s[j]); n++) v = v * 8 + Number(s[j++]);
  return { text: String.fromCharCode(v & 0xff), next: j };
}

/** conv_escape_str (%b and echo): escapes, `\0NNN`, and `\c`, which stops all output. */
export function escapeString(s: string): { text: string; stop: boolean } {
  let text = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c !== '\\' || i + 1 >= s.length) {
      text += c;
      continue;
    }
    if (s[i + 1] === 'c') return { text, stop: true };
    let j = i + 1;
    if (s[j] === '0' && isOctal(s[j + 1])) j++;
    const e = convEscape(s, j);
    text += e.text;
    i = e.next - 1;
  }
  return { text, stop: false };
}

/** dash's echo: `-n` as the first argument, and %b's escapes in every argument. */
export function echoText(args: readonly string[]): string {
  let rest = args;
  let newline = true;
  if (rest[0] === '-n') {
    newline = false;
    rest = rest.slice(1);
  }
  let out = '';
  for (const [i, a] of rest.entries()) {
    if (i > 0) out += ' ';
    const { text, stop } = escapeString(a);
    out += text;
    if (stop) return out;
  }
  return newline ? `${out}\n` : out;
}

/** A conversion's digits with C's precision, sign and `#` (the number part of printf's %d %o %u %x %X). */
function intText(v: bigint, conv: string, flags: string, prec: number | undefined): string {
  const unsigned = conv !== 'd' && conv !== 'i';
  const n = unsigned ? BigInt.asUintN(64, v) : v;
  const neg = n < 0n;
  const abs = neg ? -n : n;
  let digits = conv === 'o' ? abs.toString(8) : conv === 'x' ? abs.toString(16) : conv === 'X' ? abs.toString(16).toUpperCase() : abs.toString(10);
  if (prec !== undefined) digits = prec === 0 && abs === 0n ? '' : digits.padStart(prec, '0');
  if (flags.includes('#') && conv === 'o' && !digits.startsWith('0')) digits = `0${digits}`;
  const prefix = flags.includes('#') && abs !== 0n && (conv === 'x' || conv === 'X') ? `0${conv}` : '';
  const sign = neg ? '-' : !unsigned && flags.includes('+') ? '+' : !unsigned && flags.includes(' ') ? ' ' : '';
  return `${sign}${prefix}${digits}`;
}

/**
 * A decimal string with `p` digits after the point, as glibc rounds it: the
 * exact value of the double, an exact tie to the even digit (JavaScript's
 * toFixed and toExponential take the larger one).
 */
function roundEven(a: number, p: number, exponential: boolean): string {
  const s = exponential ? a.toExponential(p) : a.toFixed(p);
  const extra = Math.min(100, p + 30) - p;
  if (extra <= 0) return s;
  const [wide = '', e] = (exponential ? a.toExponential(p + extra) : a.toFixed(p + extra)).split('e');
  const dot = wide.indexOf('.');
  const kept = wide.slice(0, p > 0 ? dot + 1 + p : dot);
  if (!/^50*$/.test(wide.slice(dot + 1 + p)) || Number(kept[kept.length - 1]) % 2 !== 0) return s;
  return e === undefined ? kept : `${kept}e${e}`;
}

/** %e %f %g, as glibc prints them. */
function floatText(v: number, conv: string, flags: string, prec: number | undefined): string {
  const upper = conv === conv.toUpperCase();
  const sign = v < 0 || Object.is(v, -0) ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const a = Math.abs(v);
  if (!Number.isFinite(a)) return sign + (Number.isNaN(a) ? 'nan' : 'inf')[upper ? 'toUpperCase' : 'toLowerCase']();
  const p = prec ?? 6;
  const exp = (x: number, digits: number): string => {
    const [m, e] = roundEven(x, digits, true).split('e');
    const n = Number(e);
    return `${m ?? ''}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  };
  let s: string;
  const c = conv.toLowerCase();
  if (c === 'f') s = roundEven(a, p, false);
  else if (c === 'e') s = exp(a, p);
  else {
    const P = p === 0 ? 1 : p;
    const X = a === 0 ? 0 : Number(a.toExponential(P - 1).split('e')[1]);
    s = P > X && X >= -4 ? roundEven(a, P - 1 - X, false) : exp(a, P - 1);
    if (!flags.includes('#')) {
      const [m, e] = s.split('e');
      const mant = (m ?? '').includes('.') ? (m ?? '').replace(/0+$/, '').replace(/\.$/, '') : (m ?? '');
      s = e === undefined ? mant : `${mant}e${e}`;
    }
  }
  return sign + (upper ? s.toUpperCase() : s);
}

/** Pads to the field width: `-` on the right, `0` with zeros after the sign (numbers without a precision). */
function pad(s: string, width: number, flags: string, zeroOk: boolean): string {
  if (s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width);
  if (zeroOk && flags.includes('0')) {
    const m = /^([-+ ]?(?:0[xX])?)(.*)$/s.exec(s);
    return `${m?.[1] ?? ''}${(m?.[2] ?? '').padStart(width - (m?.[1] ?? '').length, '0')}`;
  }
  return s.padStart(width);
}

/**
 * printf FORMAT [ARGUMENT...]: the output, the warnings (each printed as
 * `printf: ...`, status 1), and whether `\c` of a %b stopped it. Throws
 * PrintfError for an invalid directive.
 */
export function printfText(format: string, args: readonly string[]): { out: string; warnings: string[] } {
  let out = '';
  const warnings: string[] = [];
  let ai = 0;
  const getstr = (): string => args[ai++] ?? '';
  /** getuintmax / getdouble's check_conversion. */
  const number = (signed: boolean): bigint => {
    const cp = args[ai];
    if (cp === undefined) return 0n;
    ai++;
    if (cp[0] === '"' || cp[0] === "'") return BigInt(cp.charCodeAt(1) || 0);
    const neg = /^\s*-/.test(cp);
    const r = strtoimax(cp);
    let v = r.value;
    if (!signed && neg && r.range) v = 0n;
    if (r.end < cp.length) warnings.push(`${cp}: ${r.end === 0 ? 'expected numeric value' : 'not completely converted'}`);
    else if (r.range && (signed || !neg)) warnings.push(`${cp}: Numerical result out of range`);
    return v;
  };
  const double = (): number => {
    const cp = args[ai];
    if (cp === undefined) return 0;
    ai++;
    if (cp[0] === '"' || cp[0] === "'") return cp.charCodeAt(1) || 0;
    const m = /^\s*[-+]?(?:inf(?:inity)?|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)/i.exec(cp);
    if (cp !== '' && (!m || m[0].length < cp.length)) warnings.push(`${cp}: ${m ? 'not completely converted' : 'expected numeric value'}`);
    return m ? Number(m[0].replace(/inf(inity)?/i, 'Infinity').replace(/nan/i, 'NaN')) : 0;
  };
  do {
    const start = ai;
    for (let i = 0; i < format.length; i++) {
      const ch = format[i] ?? '';
      if (ch === '\\') {
        const e = convEscape(format, i + 1);
        out += e.text;
        i = e.next - 1;
        continue;
      }
      if (ch !== '%') {
        out += ch;
        continue;
      }
      if (format[i + 1] === '%') {
        out += '%';
        i++;
        continue;
      }
      const specStart = i;
      let j = i + 1;
      while ('#-+ 0'.includes(format[j] ?? 'x')) j++;
      const flags = format.slice(i + 1, j);
      let width: number;
      if (format[j] === '*') {
        width = Number(BigInt.asIntN(32, number(true)));
        j++;
      } else {
        const m = /^[*0-9]*/.exec(format.slice(j))?.[0] ?? '';
        width = Number(m.replace(/\*/g, '') || 0);
        j += m.length;
      }
      let prec: number | undefined;
      if (format[j] === '.') {
        j++;
        if (format[j] === '*') {
          prec = Number(BigInt.asIntN(32, number(true)));
          j++;
          if (prec < 0) prec = undefined;
        } else {
          const m = /^[*0-9]*/.exec(format.slice(j))?.[0] ?? '';
          prec = Number(m.replace(/\*/g, '') || 0);
          j += m.length;
        }
      }
      const conv = format[j];
      if (conv === undefined) throw new PrintfError('missing format character', out);
      const left = width < 0;
      const fl = left ? `${flags}-` : flags;
      const w = Math.abs(width);
      i = j;
      switch (conv) {
        case 'b': {
          const { text, stop } = escapeString(getstr());
          out += pad(prec !== undefined ? text.slice(0, prec) : text, w, fl, false);
          if (stop) return { out, warnings };
          break;
        }
        case 'c':
          out += pad(args[ai] !== undefined ? ((args[ai++] ?? '')[0] ?? '\0') : '\0', w, fl, false);
          break;
        case 's': {
          const s = getstr();
          out += pad(prec !== undefined ? s.slice(0, prec) : s, w, fl, false);
          break;
        }
        case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
          out += pad(intText(number(conv === 'd' || conv === 'i'), conv, fl, prec), w, fl, prec === undefined);
          break;
        case 'a': case 'A': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
          out += pad(floatText(double(), conv, fl, prec), w, fl, true);
          break;
        default:
          throw new PrintfError(`${format.slice(specStart, j + 1)}: invalid directive`, out);
      }
    }
    if (ai === start) break;
  } while (ai < args.length);
  return { out, warnings };
}
