/**
 * `npm run bench`: the real kernel's cost of each namespace operation on this
 * machine against the model's, and the model at scale. See USAGE in args.ts
 * and BENCH.md for the latest figures.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ArgsError, USAGE, parseArgs, selected } from './args.ts';
import type { BenchArgs } from './args.ts';
import { FULL_SCALE, KERNEL_RUNS, MODEL_BATCHES, OPS, QUICK_SCALE, ROUNDS, SETTLE_MS } from './catalog.ts';
import { prepareKernel, runKernelOp } from './kernel.ts';
import { runModelOpIsolated } from './model.ts';
import type { ModelOptions } from './model.ts';
import { loadPackages } from './packages.ts';
import type { Measured, Row } from './report.ts';
import { fastestOf, formatBytes, formatScale, formatTable, hasError, isMissing, jsonRow, makeRow, scaleHasError } from './report.ts';
import { runScale } from './scale.ts';
import type { LinuxTasksReport } from './linux-tasks.ts';
import { LINUX_TASKS_ROW, formatLinuxTasks, runLinuxTasks } from './linux-tasks.ts';
import type { ScaleReport } from './scale.ts';

/** The machine the figures come from. */
export interface Machine {
  readonly kernel: string;
  readonly cpu: string;
  readonly cpus: number;
  readonly memory: string;
  readonly node: string;
}

function machine(): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) cpu = m[1].trim();
  } catch {
    // not Linux: os.cpus() has it
  }
  return { kernel: release(), cpu, cpus: cpus().length, memory: formatBytes(totalmem()), node: process.version };
}

const REEXEC = 'NSPROXY_BENCH_CHILD';

/** Runs this script again with --expose-gc (heap figures need a full gc); returns its exit code. */
function reexec(): number {
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', ...process.execArgv, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [REEXEC]: '1' },
  });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function progress(args: BenchArgs, text: string): void {
  if (process.stderr.isTTY && !args.json) process.stderr.write(`\r\x1b[K${text}`);
}

async function main(argv: readonly string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof ArgsError) {
      process.stderr.write(`bench: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function' && process.env[REEXEC] !== '1') return reexec();

  const quick = args.quick ? 1 : 0;
  const mode = args.quick ? 'quick' : 'full';
  const loaded = await loadPackages();
  const kernelWhy = args.kernel ? prepareKernel() : 'not run (--no-kernel)';
  const specs = OPS.filter((spec) => selected(args, spec.op));
  // Each round: every model row, then every kernel row, then a pause. The
  // real kernel keeps freeing namespaces (RCU, the netns cleanup work) after
  // kbench exits, and that must not land on the model's figures.
  const models = new Map<string, Measured[]>();
  const kernels = new Map<string, Measured[]>();
  // The mount ops: how many mounts the kernel's namespace holds (one kbench iteration tells), so
  // that the model copies a tree of that size too (model.ts mntCopy).
  const options = new Map<string, ModelOptions>();
  for (const spec of specs) {
    if (spec.unit !== 'mount' || kernelWhy || !args.model) continue;
    const probe = runKernelOp(spec.op, 1, 1);
    if ('units' in probe && probe.units !== undefined) options.set(spec.op, { mounts: probe.units });
  }
  const rounds = ROUNDS[mode];
  for (let round = 1; round <= rounds; round++) {
    const of = rounds > 1 ? ` (round ${round} of ${rounds})` : '';
    for (const spec of specs) {
      progress(args, `${spec.op}: model${of}`);
      const m: Measured = args.model ? await runModelOpIsolated(spec, spec.modelIterations[quick], MODEL_BATCHES[mode], options.get(spec.op)) : { missing: 'not run (--no-model)' };
      models.set(spec.op, [...(models.get(spec.op) ?? []), m]);
    }
    for (const spec of specs) {
      progress(args, `${spec.op}: kernel${of}`);
      const k: Measured = kernelWhy ? { missing: kernelWhy } : runKernelOp(spec.op, spec.kernelIterations[quick], KERNEL_RUNS[mode]);
      kernels.set(spec.op, [...(kernels.get(spec.op) ?? []), k]);
    }
    if (round < rounds && !kernelWhy) await sleep(SETTLE_MS[mode]);
  }
  const rows: Row[] = specs.map((spec) =>
    makeRow(spec.op, fastestOf(kernels.get(spec.op) ?? []), fastestOf(models.get(spec.op) ?? []), spec.target, spec.unit, !args.quick),
  );
  let scale: ScaleReport | null = null;
  if (selected(args, 'scale')) {
    progress(args, 'scale');
    scale = runScale(loaded, args.quick ? QUICK_SCALE : FULL_SCALE, !args.quick);
  }
  // The linux scenario backend with many live tasks: only when asked for by name (it takes a while).
  let linuxTasks: LinuxTasksReport | string | null = null;
  if (args.only?.includes(LINUX_TASKS_ROW) === true) {
    progress(args, LINUX_TASKS_ROW);
    linuxTasks = args.kernel ? await runLinuxTasks(args.quick ? 500 : 5000, args.quick ? 1 : 3) : 'not run (--no-kernel)';
  }
  progress(args, '');
  const m = machine();
  if (args.json) {
    const out = {
      rows: rows.map(jsonRow),
      scale,
      ...(linuxTasks === null ? {} : { linuxTasks }),
      missing: rows.filter(isMissing).map((r) => r.op),
      mode,
      machine: m,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else {
    const lines = [
      `nsproxy bench (${mode}): Linux ${m.kernel}, ${m.cpu} (${m.cpus} cpus, ${m.memory}), node ${m.node}`,
      'ratio = kernel ns / model ns: how many times faster the model is',
      '',
      formatTable(rows),
    ];
    if (scale) lines.push('', `scale (model, ${mode} sizes)`, formatScale(scale));
    if (linuxTasks !== null) lines.push('', formatLinuxTasks(linuxTasks));
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return rows.some(hasError) || (scale !== null && scaleHasError(scale)) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
