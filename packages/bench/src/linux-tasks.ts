/**
 * The `linux-5000-tasks` row: the real-kernel scenario backend's cost per step
 * with 5,000 live tasks against its cost with 10, as a ratio (a
 * step's cost must not grow with the number of live tasks). No target is
 * judged: the figure is reported.
 */
import { createLinuxBackend } from '@nsproxy/linux';
import type { BackendSession, Step } from '@nsproxy/scenario/contract';

export const LINUX_TASKS_ROW = 'linux-5000-tasks';

export interface LinuxTasksReport {
  readonly small: number;
  readonly large: number;
  /** Fastest batch, ms per step, with `small` and with `large` live tasks. */
  readonly smallMsPerStep: number;
  readonly largeMsPerStep: number;
  /** large / small: 1 when a step's cost does not depend on the number of tasks. */
  readonly ratio: number;
  /** The time to clone the `large` tasks, one step each (ms). */
  readonly clonesMs: number;
}

async function must(session: BackendSession, step: Step): Promise<void> {
  const result = await session.run(step);
  if (result.kind === 'errno') throw new Error(`${step.actor}: ${step.op} ${step.args.join(' ')}: ${result.code}`);
}

/** A mix of steps: a call, a pid translation, a stop and a resume (each of these waits for the kill to settle). */
function batch(tasks: number): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < 25; i++) {
    const t = `t${(i * 7919) % tasks}`;
    steps.push({ actor: t, op: 'getpid', args: [] }, { actor: 'init', op: 'pid', args: [t] }, { actor: 'init', op: 'kill', args: [t, 'SIGSTOP'] }, { actor: 'init', op: 'kill', args: [t, 'SIGCONT'] });
  }
  return steps;
}

async function msPerStep(session: BackendSession, tasks: number, batches: number): Promise<number> {
  let best = Infinity;
  for (let b = 0; b < batches; b++) {
    const steps = batch(tasks);
    const started = performance.now();
    for (const step of steps) await must(session, step);
    best = Math.min(best, (performance.now() - started) / steps.length);
  }
  return best;
}

/** Runs the row; a string says why it cannot run here. */
export async function runLinuxTasks(large: number, batches: number): Promise<LinuxTasksReport | string> {
  const backend = createLinuxBackend({ stepTimeoutMs: 30_000 });
  const why = await backend.unavailable();
  if (why !== undefined) return `linux backend unavailable: ${why}`;
  const small = 10;
  const session = await backend.open();
  try {
    let made = 0;
    const grow = async (to: number): Promise<void> => {
      for (; made < to; made++) await must(session, { actor: 'init', op: 'clone', args: [`t${made}`, '-'] });
    };
    await grow(small);
    const smallMsPerStep = await msPerStep(session, small, batches);
    const started = performance.now();
    await grow(large);
    const clonesMs = performance.now() - started;
    const largeMsPerStep = await msPerStep(session, large, batches);
    return { small, large, smallMsPerStep, largeMsPerStep, ratio: largeMsPerStep / smallMsPerStep, clonesMs };
  } finally {
    await session.close();
  }
}

export function formatLinuxTasks(report: LinuxTasksReport | string): string {
  if (typeof report === 'string') return `${LINUX_TASKS_ROW}  missing (${report})`;
  const ms = (n: number): string => n.toFixed(2);
  return `${LINUX_TASKS_ROW}  linux backend, ms per step: ${ms(report.largeMsPerStep)} at ${report.large.toLocaleString('en-US')} live tasks, ${ms(report.smallMsPerStep)} at ${report.small}: ratio ${report.ratio.toFixed(2)}× (${report.large.toLocaleString('en-US')} clones in ${Math.round(report.clonesMs).toLocaleString('en-US')} ms)`;
}
