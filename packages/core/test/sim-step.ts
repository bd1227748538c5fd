/**
 * One step of core's scenario area on a SimWorld, as the runner would take
 * it: the op of `coreOps` by `actor`, with a KernelError as its errno.
 */
import type { StepResult } from '@nsproxy/scenario/contract';
import { KernelError } from '../src/errors.ts';
import { coreOps } from '../src/scenario/core-area.ts';
import type { SimWorld } from '../src/scenario/world.ts';

export function simStep(w: SimWorld, actor: string, op: string, ...args: string[]): StepResult {
  const t = w.task(actor);
  const fn = coreOps[op];
  if (!t || !fn) throw new Error(`no ${actor} or ${op}`);
  try {
    return fn(w, t, args);
  } catch (e) {
    if (e instanceof KernelError) return { kind: 'errno', code: e.code };
    throw e;
  }
}
