/**
 * test(1) and `[` as dash's builtin evaluates them (src/bltin/test.c
 * `testcmd` with POSIX's rules for 1 to 4 arguments, `oexpr`, `aexpr`,
 * `nexpr`, `primary`, `binop`, `filstat`, `t_lex`, `isoperand`): the file
 * tests over the simulated file system, string and integer comparisons,
 * `!`, `-a`, `-o`, parentheses, and dash's messages (`[: missing ]`,
 * `test: a: unexpected operator`, `[: =: argument expected`,
 * `[: Illegal number: x`), all status 2.
 */
import { KernelError } from '@nsproxy/core';
import { lookup, stat } from '@nsproxy/mnt';
import type { Stat } from '@nsproxy/mnt';
import { geteuid } from '@nsproxy/user';
import { ArithError, atomax } from '../arith.ts';
import type { CommandContext } from '../command.ts';

type OpType = 'unop' | 'binop' | 'bunop' | 'bbinop' | 'paren';
const OPS: Readonly<Record<string, OpType>> = {
  '-r': 'unop', '-w': 'unop', '-x': 'unop', '-e': 'unop', '-f': 'unop', '-d': 'unop', '-c': 'unop', '-b': 'unop', '-p': 'unop', '-u': 'unop',
  '-g': 'unop', '-k': 'unop', '-s': 'unop', '-t': 'unop', '-z': 'unop', '-n': 'unop', '-h': 'unop', '-O': 'unop', '-G': 'unop', '-L': 'unop', '-S': 'unop',
  '=': 'binop', '!=': 'binop', '<': 'binop', '>': 'binop', '-eq': 'binop', '-ne': 'binop', '-ge': 'binop', '-gt': 'binop', '-le': 'binop', '-lt': 'binop',
  '-nt': 'binop', '-ot': 'binop', '-ef': 'binop', '!': 'bunop', '-a': 'bbinop', '-o': 'bbinop', '(': 'paren', ')': 'paren',
};

/** syntax(): the error of an expression (printed as `test: ...`, status 2). */
class TestError extends Error {
  override readonly name = 'TestError';
}

/** The evaluator over the words (dash's t_wp cursor). */
class TestEval {
  private readonly w: readonly string[];
  private i = 0;
  /** The operator the last t_lex found (t_wp_op). */
  private op: string | undefined;
  private readonly ctx: CommandContext;

  constructor(ctx: CommandContext, words: readonly string[], start: number) {
    this.ctx = ctx;
    this.w = words;
    this.i = start;
  }

  get pos(): number {
    return this.i;
  }

  /** t_lex: the token at `at` (an operator unless the position makes it an operand). */
  lex(at: number): string {
    const s = this.w[at];
    if (s === undefined) {
      this.op = undefined;
      return 'EOI';
    }
    const type = OPS[s];
    if (type && !(type === 'unop' && this.isOperand(at)) && !(s === '(' && this.w[at + 1] === undefined)) {
      this.op = s;
      return s;
    }
    this.op = undefined;
    return 'OPERAND';
  }

  /** isoperand: a unary operator followed by a binary operator and a word is the binary's first operand. */
  private isOperand(at: number): boolean {
    const next = this.w[at + 1];
    if (next === undefined) return true;
    if (this.w[at + 2] === undefined) return false;
    return OPS[next] === 'binop';
  }

  oexpr(n: string): boolean {
    let res = false;
    for (;;) {
      res = this.aexpr(n) || res;
      if (this.w[this.i] === undefined) break;
      if (this.lex(this.i + 1) !== '-o') break;
      this.i += 2;
      n = this.lex(this.i);
    }
    return res;
  }

  private aexpr(n: string): boolean {
    let res = true;
    for (;;) {
      if (!this.nexpr(n)) res = false;
      if (this.w[this.i] === undefined) break;
      if (this.lex(this.i + 1) !== '-a') break;
      this.i += 2;
      n = this.lex(this.i);
    }
    return res;
  }

  private nexpr(n: string): boolean {
    if (n !== '!') return this.primary(n);
    const nn = this.lex(this.i + 1);
    if (nn !== 'EOI') this.i++;
    return !this.nexpr(nn);
  }

  private primary(n: string): boolean {
    if (n === 'EOI') return false;
    if (n === '(') {
      const nn = this.lex(++this.i);
      if (nn === ')') return false;
      const res = this.oexpr(nn);
      if (this.lex(++this.i) !== ')') throw new TestError('closing paren expected');
      return res;
    }
    if (this.op !== undefined && OPS[this.op] === 'unop') {
      const op = this.op;
      const arg = this.w[++this.i];
      if (arg === undefined) throw new TestError(`${op}: argument expected`);
      return this.unary(op, arg);
    }
    this.lex(this.i + 1);
    if (this.op !== undefined && OPS[this.op] === 'binop') return this.binop();
    return (this.w[this.i] ?? '') !== '';
  }

  private binop(): boolean {
    const a = this.w[this.i] ?? '';
    this.lex(++this.i);
    const op = this.op ?? '';
    const b = this.w[++this.i];
    if (b === undefined) throw new TestError(`${op}: argument expected`);
    switch (op) {
      case '=': return a === b;
      case '!=': return a !== b;
      case '<': return a < b;
      case '>': return a > b;
      case '-eq': return getn(a) === getn(b);
      case '-ne': return getn(a) !== getn(b);
      case '-ge': return getn(a) >= getn(b);
      case '-gt': return getn(a) > getn(b);
      case '-le': return getn(a) <= getn(b);
      case '-lt': return getn(a) < getn(b);
      // The model keeps no modification times: neither file is newer.
      case '-nt': case '-ot': return false;
      default: return this.sameFile(a, b);
    }
  }

  private stat(path: string, follow = true): Stat | undefined {
    try {
      return stat(this.ctx.machine.kernel, this.ctx.task, path, { follow });
    } catch (e) {
      if (e instanceof KernelError) return undefined;
      throw e;
    }
  }

  /** -ef: one device and inode (one dentry per file in the model). */
  private sameFile(a: string, b: string): boolean {
    try {
      const k = this.ctx.machine.kernel;
      return lookup(k, this.ctx.task, a, 'stat').dentry === lookup(k, this.ctx.task, b, 'stat').dentry;
    } catch (e) {
      if (e instanceof KernelError) return false;
      throw e;
    }
  }

  /** The unary primaries (filstat and the string tests). */
  private unary(op: string, arg: string): boolean {
    switch (op) {
      case '-z': return arg === '';
      case '-n': return arg !== '';
      case '-t': return false;
      default: break;
    }
    const s = this.stat(arg, op !== '-h' && op !== '-L');
    if (!s) return false;
    const root = geteuid(this.ctx.task) === 0;
    switch (op) {
      case '-e': return true;
      case '-f': return s.kind === 'file';
      case '-d': return s.kind === 'dir';
      case '-h': case '-L': return s.kind === 'symlink';
      case '-c': case '-b': case '-p': case '-S': return false;
      case '-u': return (s.mode & 0o4000) !== 0;
      case '-g': return (s.mode & 0o2000) !== 0;
      case '-k': return (s.mode & 0o1000) !== 0;
      case '-O': return s.uid === this.ctx.task.cred.euid;
      case '-G': return s.gid === this.ctx.task.cred.egid;
      case '-s':
        if (s.kind === 'dir') return true;
        try {
          return s.fstype !== 'proc' && this.ctx.machine.readFile(this.ctx.task, arg) !== '';
        } catch {
          return false;
        }
      default: {
        // -r -w -x: faccessat(AT_EACCESS); root passes but for -x, which needs an x bit (or a directory).
        const bit = op === '-r' ? 4 : op === '-w' ? 2 : 1;
        if (root) return bit !== 1 || s.kind === 'dir' || (s.mode & 0o111) !== 0;
        const cred = this.ctx.task.cred;
        const shift = s.uid === cred.fsuid ? 6 : s.gid === cred.fsgid ? 3 : 0;
        return ((s.mode >> shift) & bit) !== 0;
      }
    }
  }
}

/** getn: atomax10 of an integer operand. */
function getn(s: string): bigint {
  try {
    return atomax(s, true);
  } catch (e) {
    if (e instanceof ArithError) throw new TestError(e.message);
    throw e;
  }
}

/** testcmd: the status (0 true, 1 false, 2 error after its message). */
export function testCommand(ctx: CommandContext): number {
  const bracket = ctx.argv[0] === '[';
  const name = bracket ? '[' : 'test';
  let args = ctx.argv.slice(1);
  const fail = (m: string): number => {
    ctx.shell.error(ctx, `${name}: ${m}`);
    return 2;
  };
  if (bracket) {
    if (args[args.length - 1] !== ']') return fail('missing ]');
    args = args.slice(0, -1);
  }
  let res = true;
  try {
    for (;;) {
      if (args.length < 1) return res ? 1 : 0;
      // POSIX's rules for three and four arguments.
      if (args.length === 3 && OPS[args[1] ?? ''] === 'binop') {
        const t = new TestEval(ctx, args, 0);
        const r = t.oexpr('OPERAND');
        return finish(t, args, r !== res ? 1 : 0);
      }
      if (args.length === 3 || args.length === 4) {
        if (args[0] === '(' && args[args.length - 1] === ')') {
          args = args.slice(1, -1);
        } else if (args[0] === '!') {
          res = false;
          args = args.slice(1);
          continue;
        }
      }
      const t = new TestEval(ctx, args, 0);
      const r = t.oexpr(t.lex(0));
      return finish(t, args, r !== res ? 1 : 0);
    }
  } catch (e) {
    if (e instanceof TestError) return fail(e.message);
    throw e;
  }
}

/** Words left after the expression: `x: unexpected operator`. */
function finish(t: TestEval, args: readonly string[], status: number): number {
  const at = t.pos;
  if (args[at] !== undefined && args[at + 1] !== undefined) throw new TestError(`${args[at]}: unexpected operator`);
  return status;
}
