/**
 * The real kernel's side: compiles ../c/kbench.c with `cc -O2` into ../bin/
 * (at bench time, every run) and runs one op per process. kbench forks a
 * measuring child per op, so nothing reaches the host's namespaces.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Measured } from './report.ts';
import { fastest } from './report.ts';

/** `c/kbench.c` and `bin/kbench` of this package, from `src/` and from `dist/` alike. */
export const KBENCH_SOURCE: string = fileURLToPath(new URL('../c/kbench.c', import.meta.url));
export const KBENCH_BINARY: string = fileURLToPath(new URL('../bin/kbench', import.meta.url));

/** What one kbench run prints. */
export interface KbenchResult {
  readonly op: string;
  readonly ns_per_op: number;
  readonly iterations: number;
  readonly mounts?: number;
}

/** Parses kbench's output line (the last non-empty line of stdout). */
export function parseKbenchOutput(stdout: string): KbenchResult {
  const line = stdout.trim().split('\n').pop() ?? '';
  const v: unknown = JSON.parse(line);
  if (typeof v !== 'object' || v === null) throw new Error(`kbench printed '${line}'`);
  const r = v as Record<string, unknown>;
  if (typeof r.op !== 'string' || typeof r.ns_per_op !== 'number' || typeof r.iterations !== 'number') {
    throw new Error(`kbench printed '${line}'`);
  }
  const out: { -readonly [K in keyof KbenchResult]: KbenchResult[K] } = { op: r.op, ns_per_op: r.ns_per_op, iterations: r.iterations };
  if (typeof r.mounts === 'number') out.mounts = r.mounts;
  return out;
}

function stderrOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'stderr' in error) {
    const s = String(error.stderr).trim();
    if (s) return s.split('\n').slice(-3).join(' / ');
  }
  return error instanceof Error ? error.message : String(error);
}

/** Compiles kbench; returns why the kernel side cannot run here, or undefined. */
export function prepareKernel(): string | undefined {
  if (process.platform !== 'linux') return `unavailable (not Linux: ${process.platform})`;
  if (process.getuid?.() !== 0) return 'unavailable (not root)';
  mkdirSync(dirname(KBENCH_BINARY), { recursive: true });
  const tmp = `${KBENCH_BINARY}.${process.pid}.tmp`;
  try {
    execFileSync('cc', ['-O2', '-Wall', '-Wextra', '-o', tmp, KBENCH_SOURCE], { stdio: ['ignore', 'ignore', 'pipe'] });
    renameSync(tmp, KBENCH_BINARY);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    return code === 'ENOENT' ? 'unavailable (no C compiler: cc)' : `unavailable (cc failed: ${stderrOf(error)})`;
  } finally {
    rmSync(tmp, { force: true });
  }
  return undefined;
}

/** Runs one op `runs` times (a fresh process each) and reports the fastest run's ns/op, with every run's (`samples`). */
export function runKernelOp(op: string, iterations: number, runs: number): Measured {
  const samples: number[] = [];
  let mounts: number | undefined;
  for (let i = 0; i < runs; i++) {
    let out: string;
    try {
      out = execFileSync(KBENCH_BINARY, [op, String(iterations)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
    } catch (error) {
      return { error: stderrOf(error) };
    }
    const r = parseKbenchOutput(out);
    samples.push(r.ns_per_op);
    mounts = r.mounts;
  }
  const ns = fastest(samples);
  return mounts === undefined ? { ns, samples } : { ns, units: mounts, samples };
}
