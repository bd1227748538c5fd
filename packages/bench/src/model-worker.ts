/**
 * Runs the model side of one op in its own worker thread (a fresh V8 isolate),
 * so that every row is measured from the same JIT state whatever ran before it
 * (the reason JMH forks a JVM per benchmark). Started by runModelOpIsolated.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { opSpec } from './catalog.ts';
import { runModelOp } from './model.ts';
import type { ModelOptions } from './model.ts';
import { loadPackages } from './packages.ts';
import type { Measured } from './report.ts';

/** What the worker is given. */
export interface ModelJob {
  readonly op: string;
  readonly iterations: number;
  readonly batches: number;
  readonly options: ModelOptions;
}

async function run(job: ModelJob): Promise<Measured> {
  const spec = opSpec(job.op);
  if (!spec) return { error: `no op ${job.op}` };
  return runModelOp(spec, await loadPackages(), job.iterations, job.batches, job.options);
}

run(workerData as ModelJob).then(
  (m) => parentPort?.postMessage(m),
  (e: unknown) => parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies Measured),
);
