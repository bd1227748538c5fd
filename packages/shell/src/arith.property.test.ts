/**
 * Arithmetic expansion against a reference evaluator with C's semantics on
 * intmax_t (64-bit wrapping, division truncating toward zero, `%` taking
 * the dividend's sign, shift counts modulo 64 as on x86-64, `&&`, `||` and
 * `?:` not evaluating the side they skip): random expression trees, printed
 * with every parenthesis or with only those C's precedence needs, give the
 * tree's value, or dash's division-by-zero error.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { ArithError, ArithSignal, arith } from './arith.ts';

type Expr =
  | { readonly k: 'num'; readonly v: bigint; readonly base: 10 | 8 | 16 }
  | { readonly k: 'un'; readonly op: '-' | '~' | '!' | '+'; readonly e: Expr }
  | { readonly k: 'bin'; readonly op: string; readonly l: Expr; readonly r: Expr }
  | { readonly k: 'cond'; readonly c: Expr; readonly t: Expr; readonly f: Expr };

const BINOPS = ['*', '/', '%', '+', '-', '<<', '>>', '<', '<=', '>', '>=', '==', '!=', '&', '^', '|', '&&', '||'] as const;
/** C's precedence, loosest first. */
const PREC: Readonly<Record<string, number>> = { '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '<=': 7, '>': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10 };
const COND = 0;
const UNARY = 11;

const wrap = (n: bigint): bigint => BigInt.asIntN(64, n);

class DivisionByZero extends Error {}
class Overflow extends Error {}
const MIN = -(2n ** 63n);

/** The reference: C on int64_t. */
function evaluate(e: Expr): bigint {
  switch (e.k) {
    case 'num':
      return e.v;
    case 'un': {
      const x = evaluate(e.e);
      return e.op === '-' ? wrap(-x) : e.op === '~' ? ~x : e.op === '!' ? (x === 0n ? 1n : 0n) : x;
    }
    case 'cond':
      return evaluate(e.c) !== 0n ? evaluate(e.t) : evaluate(e.f);
    case 'bin': {
      const a = evaluate(e.l);
      if (e.op === '&&') return a !== 0n && evaluate(e.r) !== 0n ? 1n : 0n;
      if (e.op === '||') return a !== 0n || evaluate(e.r) !== 0n ? 1n : 0n;
      const b = evaluate(e.r);
      const t = (c: boolean): bigint => (c ? 1n : 0n);
      switch (e.op) {
        case '*': return wrap(a * b);
        case '/': case '%':
          if (b === 0n) throw new DivisionByZero();
          // The x86-64 division traps (SIGFPE).
          if (a === MIN && b === -1n) throw new Overflow();
          return e.op === '/' ? a / b : a % b;
        case '+': return wrap(a + b);
        case '-': return wrap(a - b);
        case '<<': return wrap(a << (b & 63n));
        case '>>': return a >> (b & 63n);
        case '<': return t(a < b);
        case '<=': return t(a <= b);
        case '>': return t(a > b);
        case '>=': return t(a >= b);
        case '==': return t(a === b);
        case '!=': return t(a !== b);
        case '&': return a & b;
        case '^': return a ^ b;
        default: return a | b;
      }
    }
  }
}

function literal(e: Extract<Expr, { k: 'num' }>): string {
  if (e.base === 16) return `0x${e.v.toString(16)}`;
  if (e.base === 8 && e.v !== 0n) return `0${e.v.toString(8)}`;
  return e.v.toString();
}

/** With a parenthesis around every operation. */
function full(e: Expr): string {
  switch (e.k) {
    case 'num': return literal(e);
    case 'un': return `${e.op}(${full(e.e)})`;
    case 'cond': return `(${full(e.c)} ? ${full(e.t)} : ${full(e.f)})`;
    case 'bin': return `(${full(e.l)} ${e.op} ${full(e.r)})`;
  }
}

function prec(e: Expr): number {
  return e.k === 'num' || e.k === 'un' ? UNARY : e.k === 'cond' ? COND : (PREC[e.op] ?? 0);
}

/** With only the parentheses C's precedence and associativity need. */
function minimal(e: Expr): string {
  const wrapIf = (x: Expr, need: boolean): string => (need ? `(${minimal(x)})` : minimal(x));
  switch (e.k) {
    case 'num': return literal(e);
    case 'un': return `${e.op} ${wrapIf(e.e, prec(e.e) < UNARY)}`;
    case 'cond': return `${wrapIf(e.c, prec(e.c) <= COND)} ? ${minimal(e.t)} : ${wrapIf(e.f, prec(e.f) < COND)}`;
    case 'bin': {
      const p = PREC[e.op] ?? 0;
      return `${wrapIf(e.l, prec(e.l) < p)} ${e.op} ${wrapIf(e.r, prec(e.r) <= p)}`;
    }
  }
}

const num: fc.Arbitrary<Expr> = fc.record({ k: fc.constant('num' as const), v: fc.bigInt({ min: 0n, max: 300n }), base: fc.constantFrom(10 as const, 10 as const, 8 as const, 16 as const) });
const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    num,
    fc.record({ k: fc.constant('un' as const), op: fc.constantFrom('-' as const, '~' as const, '!' as const, '+' as const), e: tie('expr') }),
    fc.record({ k: fc.constant('bin' as const), op: fc.constantFrom(...BINOPS), l: tie('expr'), r: tie('expr') }),
    fc.record({ k: fc.constant('bin' as const), op: fc.constantFrom(...BINOPS), l: tie('expr'), r: tie('expr') }),
    fc.record({ k: fc.constant('cond' as const), c: tie('expr'), t: tie('expr'), f: tie('expr') }),
  ),
}));

const noVars = { get: (): undefined => undefined, set: (): void => undefined };

type Result = bigint | 'division by zero' | 'SIGFPE';

/** What arith gives: the value, 'division by zero' (dash's error text is checked), or the trap. */
function shell(text: string): Result {
  try {
    return arith(text, noVars);
  } catch (e) {
    if (e instanceof ArithError && e.message === `arithmetic expression: division by zero: "${text}"`) return 'division by zero';
    if (e instanceof ArithSignal) return 'SIGFPE';
    throw e;
  }
}

function reference(e: Expr): Result {
  try {
    return evaluate(e);
  } catch (err) {
    if (err instanceof DivisionByZero) return 'division by zero';
    if (err instanceof Overflow) return 'SIGFPE';
    throw err;
  }
}

describe('$((...)) is C arithmetic on intmax_t', () => {
  test.prop([expr], { numRuns: 500 })('fully parenthesized, the value of the tree', (e) => {
    expect(shell(full(e))).toBe(reference(e));
  });

  test.prop([expr], { numRuns: 500 })('with only the parentheses precedence needs, the same value', (e) => {
    expect(shell(minimal(e))).toBe(reference(e));
  });

  test.prop([fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom('+', '-', '*')])('64-bit wrapping', (a, b, op) => {
    const vars = { get: (n: string) => (n === 'a' ? String(a) : String(b)), set: (): void => undefined };
    const want = wrap(op === '+' ? a + b : op === '-' ? a - b : a * b);
    expect(arith(`a ${op} b`, vars)).toBe(want);
  });
});
