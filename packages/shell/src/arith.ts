/**
 * Arithmetic expansion, `$((...))`, as dash evaluates it (src/arith_yylex.c
 * `yylex`, src/arith_yacc.c `assignment`, `cond`, `or`, `and`, `binop2`,
 * `primary`): intmax_t (64-bit, wrapping) numbers, decimal, octal and hex
 * constants (strtoimax), variables named without `$` (their values read by
 * `atomax`), the C operators but `++`, `--` and `,`, assignments, `?:`,
 * and `&&`/`||`/`?:` that do not evaluate the side not taken. Errors are
 * dash's texts: `arithmetic expression: expecting primary: "1+"`,
 * `arithmetic expression: division by zero: "1/0"`, `Illegal number: abc`.
 */

/** An arithmetic error: the text dash prints after `sh: LINE: `. */
export class ArithError extends Error {
  override readonly name = 'ArithError';
}

/** INTMAX_MIN / -1 (or % -1): the x86-64 division traps, and SIGFPE kills the shell (status 136). */
export class ArithSignal extends Error {
  override readonly name = 'ArithSignal';
  readonly signal = 8;
}

/** The variables an expression reads and assigns. */
export interface ArithVars {
  get(name: string): string | undefined;
  /** Throws (a read-only variable) as the shell's setvar does. */
  set(name: string, value: string): void;
}

const MAX = (1n << 63n) - 1n;
const MIN = -(1n << 63n);
const wrap = (n: bigint): bigint => BigInt.asIntN(64, n);

type Tok = { readonly k: 'num'; readonly v: bigint } | { readonly k: 'var'; readonly name: string } | { readonly k: string };

/** The binary operators by precedence (0 binds tightest), as arith_yacc.c's prec table. */
const PREC: Readonly<Record<string, number>> = {
  '*': 0, '/': 0, '%': 0, '+': 1, '-': 1, '<<': 2, '>>': 2, '<': 3, '<=': 3, '>': 3, '>=': 3, '==': 4, '!=': 4, '&': 5, '^': 6, '|': 7,
};
const MAX_PREC = 8;
const ASSIGN = new Set(['=', '*=', '/=', '%=', '+=', '-=', '<<=', '>>=', '&=', '^=', '|=']);

/** strtoimax(s, &end, 0) from `at` (base 10 with `decimal`): the value (saturated, as with ERANGE) and where it stops. */
export function strtoimax(s: string, at = 0, decimal = false): { value: bigint; end: number; range: boolean } {
  let i = at;
  while (/\s/.test(s[i] ?? '')) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  let digits: RegExp = /[0-9]/;
  let base = 10n;
  if (!decimal && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) {
    base = 16n;
    digits = /[0-9a-fA-F]/;
    i += 2;
  } else if (!decimal && s[i] === '0') {
    base = 8n;
    digits = /[0-7]/;
  }
  const start = i;
  let v = 0n;
  while (i < s.length && digits.test(s[i] ?? '')) {
    v = v * base + BigInt(parseInt(s[i] ?? '0', 16));
    i++;
  }
  if (i === start) return { value: 0n, end: at, range: false };
  if (neg) v = -v;
  if (v > MAX) return { value: MAX, end: i, range: true };
  if (v < MIN) return { value: MIN, end: i, range: true };
  return { value: v, end: i, range: false };
}

/**
 * atomax(s, 0): a variable's value as a number; blank is 0; anything but
 * trailing blanks after it is `Illegal number`. With `decimal` (atomax10:
 * test's and the builtins' numbers) base 10, and a blank is not a number.
 */
export function atomax(s: string, decimal = false): bigint {
  const r = strtoimax(s, 0, decimal);
  if (r.range || (decimal && r.end === 0)) throw new ArithError(`Illegal number: ${s}`);
  let i = r.end;
  while (/\s/.test(s[i] ?? '')) i++;
  if (i < s.length) throw new ArithError(`Illegal number: ${s}`);
  return r.value;
}

/** The C operators on intmax_t (do_binop); shifts take their count modulo 64, as x86-64 does. */
function doBinop(op: string, a: bigint, b: bigint, fail: (m: string) => never): bigint {
  switch (op) {
    case '/':
    case '%':
      if (b === 0n) fail('division by zero');
      if (a === MIN && b === -1n) throw new ArithSignal('SIGFPE');
      return wrap(op === '%' ? a % b : a / b);
    case '*': return wrap(a * b);
    case '+': return wrap(a + b);
    case '-': return wrap(a - b);
    case '<<': return wrap(a << (b & 63n));
    case '>>': return a >> (b & 63n);
    case '<': return a < b ? 1n : 0n;
    case '<=': return a <= b ? 1n : 0n;
    case '>': return a > b ? 1n : 0n;
    case '>=': return a >= b ? 1n : 0n;
    case '==': return a === b ? 1n : 0n;
    case '!=': return a !== b ? 1n : 0n;
    case '&': return a & b;
    case '^': return a ^ b;
    default: return a | b;
  }
}

/** Evaluates an expression (the text after expansion); throws ArithError. */
export function arith(expr: string, vars: ArithVars): bigint {
  let pos = 0;
  let last: Tok = { k: 'eof' };
  const fail = (m: string): never => {
    throw new ArithError(`arithmetic expression: ${m}: "${expr}"`);
  };
  const lookup = (name: string): bigint => atomax(vars.get(name) ?? '');
  /** The lookahead token's kind (read through a call: the parsing functions move it). */
  const lastKind = (): string => last.k;

  /** yylex */
  const lex = (): Tok => {
    while (pos < expr.length && ' \t\n'.includes(expr[pos] ?? '')) pos++;
    const c = expr[pos];
    if (c === undefined) return { k: 'eof' };
    if (/[0-9]/.test(c)) {
      const r = strtoimax(expr, pos);
      pos = r.end;
      return { k: 'num', v: r.value };
    }
    if (/[A-Za-z_]/.test(c)) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr.slice(pos))?.[0] ?? c;
      pos += name.length;
      return { k: 'var', name };
    }
    const two = expr.slice(pos, pos + 2);
    const three = expr.slice(pos, pos + 3);
    for (const op of [three === '<<=' || three === '>>=' ? three : '', ['==', '!=', '<=', '>=', '<<', '>>', '&&', '||', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|='].includes(two) ? two : '']) {
      if (op) {
        pos += op.length;
        return { k: op };
      }
    }
    if ('=<>|&!*/%+-~^?:()'.includes(c)) {
      pos++;
      return { k: c };
    }
    return { k: 'bad' };
  };

  const primary = (tok: Tok, op: Tok, noeval: boolean): bigint => {
    switch (tok.k) {
      case '(': {
        const r = assignment(op, noeval);
        if (lastKind() !== ')') fail("expecting ')'");
        last = lex();
        return r;
      }
      case 'num':
        last = op;
        return (tok as { v: bigint }).v;
      case 'var':
        last = op;
        return noeval ? 0n : lookup((tok as { name: string }).name);
      case '+':
        return primary(op, lex(), noeval);
      case '-':
        return wrap(-primary(op, lex(), noeval));
      case '!':
        return primary(op, lex(), noeval) === 0n ? 1n : 0n;
      case '~':
        return ~primary(op, lex(), noeval);
      default:
        return fail('expecting primary');
    }
  };

  const isBinop = (t: Tok): boolean => PREC[t.k] !== undefined;
  const prec = (t: Tok | string): number => PREC[typeof t === 'string' ? t : t.k] ?? MAX_PREC;

  const binop2 = (a0: bigint, op0: string, limit: number, noeval: boolean): bigint => {
    let a = a0;
    let op = op0;
    for (;;) {
      const token = lex();
      let b = primary(token, lex(), noeval);
      let op2 = last;
      if (isBinop(op2) && prec(op2) < prec(op)) {
        b = binop2(b, op2.k, prec(op), noeval);
        op2 = last;
      }
      a = noeval ? b : doBinop(op, a, b, fail);
      if (!isBinop(op2) || prec(op2) >= limit) return a;
      op = op2.k;
    }
  };

  const binop = (tok: Tok, op: Tok, noeval: boolean): bigint => {
    const a = primary(tok, op, noeval);
    if (!isBinop(last)) return a;
    return binop2(a, last.k, MAX_PREC, noeval);
  };

  const and = (tok: Tok, op: Tok, noeval: boolean): bigint => {
    const a = binop(tok, op, noeval);
    if (last.k !== '&&') return a;
    const t = lex();
    const b = and(t, lex(), noeval || a === 0n);
    return a !== 0n && b !== 0n ? 1n : 0n;
  };

  const or = (tok: Tok, op: Tok, noeval: boolean): bigint => {
    const a = and(tok, op, noeval);
    if (last.k !== '||') return a;
    const t = lex();
    const b = or(t, lex(), noeval || a !== 0n);
    return a !== 0n || b !== 0n ? 1n : 0n;
  };

  const cond = (tok: Tok, op: Tok, noeval: boolean): bigint => {
    const a = or(tok, op, noeval);
    if (last.k !== '?') return a;
    const b = assignment(lex(), noeval || a === 0n);
    if (lastKind() !== ':') fail("expecting ':'");
    const t = lex();
    const c = cond(t, lex(), noeval || a !== 0n);
    return a !== 0n ? b : c;
  };

  function assignment(v: Tok, noeval: boolean): bigint {
    const op = lex();
    if (v.k !== 'var' || !ASSIGN.has(op.k)) return cond(v, op, noeval);
    const result = assignment(lex(), noeval);
    if (noeval) return result;
    const name = (v as { name: string }).name;
    const value = op.k === '=' ? result : doBinop(op.k.slice(0, -1), lookup(name), result, fail);
    vars.set(name, String(value));
    return value;
  }

  const result = assignment(lex(), false);
  if (last.k !== 'eof') fail('expecting EOF');
  return result;
}
