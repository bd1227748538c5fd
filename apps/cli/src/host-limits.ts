/**
 * What the real kernel here cannot show, said once before a run, and the
 * scenarios it changes, skipped.
 *
 * The linux backend builds the format's world ("The world at the start",
 * docs/scenario-format.md) where it can. Two things of the host can make its
 * world differ, and both are detected before anything runs:
 *
 * - without root, the world is nested one user namespace deeper, which maps
 *   only the runner's uid and gid as 0 (`Backend.nestedWorld()`);
 * - where the host's /proc is not fully visible (a container's masked paths),
 *   a user namespace other than the initial one cannot mount proc
 *   (fs/namespace.c mount_too_revealing; `LinuxBackend.userNsProcMount()`,
 *   a probe of the agent). Without root that is every task of the world.
 *
 * A scenario is skipped exactly when the model, run in the world as it is here
 * and in the format's world, gives two different transcripts: then the real
 * kernel here cannot show what the scenario is about.
 */

import { KernelError } from '@nsproxy/core';
import { createSimBackend } from '@nsproxy/core/scenario';
import type { SimArea, SimOp } from '@nsproxy/core/scenario';
import { lookup, mntNsOf } from '@nsproxy/mnt';
import { runScenario } from '@nsproxy/scenario';
import type { Backend, RunResult, Scenario } from '@nsproxy/scenario';
import { errorText } from './context.ts';

/** What keeps the real kernel here from building the format's world. */
export interface HostLimits {
  /** Not root: the world's user namespace maps only these ids as 0. */
  readonly nested?: { readonly uid: number; readonly gid: number };
  /** Why a user namespace other than the initial one cannot mount proc here (the probe's answer, `EPERM`). */
  readonly userNsProc?: string;
}

/** The skip reasons, one per limit (the note before the run explains them). */
export const NEEDS_ROOT = 'needs root: the nested world changes its results';
export const NEEDS_PROC = 'needs a fully visible /proc: a user namespace cannot mount proc here';

/** A linux backend that can probe proc mounts in a user namespace (`@nsproxy/linux`'s). */
interface ProcProbe {
  userNsProcMount(): Promise<string | undefined>;
}

function hasProcProbe(backend: Backend): backend is Backend & ProcProbe {
  return typeof (backend as Partial<ProcProbe>).userNsProcMount === 'function';
}

/** Asks the (available) linux backend what it cannot show here. */
export async function hostLimits(linux: Backend): Promise<HostLimits> {
  const nested = linux.nestedWorld?.();
  let userNsProc: string | undefined;
  if (hasProcProbe(linux)) {
    try {
      userNsProc = await linux.userNsProcMount();
    } catch (error) {
      userNsProc = errorText(error);
    }
  }
  return { ...(nested ? { nested } : {}), ...(userNsProc !== undefined ? { userNsProc } : {}) };
}

/** The lines that say, once, what the limits are and what they do to a run. */
export function limitNotes(limits: HostLimits): string[] {
  const notes: string[] = [];
  if (limits.nested) {
    const { uid, gid } = limits.nested;
    notes.push(`linux backend: not root, so its world is nested in a user namespace that maps only uid ${uid} and gid ${gid} as 0; a scenario whose results that changes (on the model) is skipped (needs root)`);
  }
  if (limits.userNsProc !== undefined) {
    notes.push(`linux backend: a user namespace cannot mount proc here (${limits.userNsProc}: the host's /proc is not fully visible, as in a container); a scenario whose results that changes (on the model) is skipped (needs a fully visible /proc)`);
  }
  return notes;
}

/**
 * The areas with their `mount` op as it is on a host whose /proc is not fully
 * visible: a new proc from a mount namespace not owned by the initial user
 * namespace is EPERM (mount_too_revealing, after the lookup of the mount
 * point, whose errors come first).
 */
function withHiddenProc(areas: readonly SimArea[]): SimArea[] {
  return areas.map((area) => {
    const mount = area.sim['mount'];
    if (!mount) return area;
    const hidden: SimOp = (world, actor, args) => {
      const [kind = '', path = ''] = args;
      if (kind === 'proc' && mntNsOf(world.kernel, actor).ownerNs !== world.kernel.initUserNs) {
        let found = true;
        try {
          lookup(world.kernel, actor, path, 'mount');
        } catch {
          found = false; // the model's own error, from the call itself
        }
        if (found) throw new KernelError('EPERM', 'mount', 'the host\'s /proc is not fully visible (mount_too_revealing)', 'M3.7');
      }
      return mount(world, actor, args);
    };
    return { ...area, sim: { ...area.sim, mount: hidden } };
  });
}

function sameRun(a: RunResult, b: RunResult): boolean {
  return a.status !== 'skip' && b.status !== 'skip' && a.transcript === b.transcript && a.reason === b.reason;
}

/**
 * Why the real kernel here cannot show `scenario` ({@link NEEDS_ROOT},
 * {@link NEEDS_PROC}), or undefined when it can: the scenario runs on the
 * model in the format's world and in the world as it is here, and is
 * skipped exactly when the two transcripts differ. A scenario the model
 * itself cannot run is left to the run to judge.
 */
export async function limitSkip(scenario: Scenario, limits: HostLimits, areas: readonly SimArea[]): Promise<string | undefined> {
  if (!limits.nested && limits.userNsProc === undefined) return undefined;
  const asFormat = await runScenario(scenario, createSimBackend({ areas }));
  if (asFormat.status === 'skip') return undefined;
  const nested = limits.nested ? { nestedWorld: limits.nested } : {};
  if (limits.nested && !sameRun(asFormat, await runScenario(scenario, createSimBackend({ areas, ...nested })))) return NEEDS_ROOT;
  if (limits.userNsProc !== undefined && !sameRun(asFormat, await runScenario(scenario, createSimBackend({ areas: withHiddenProc(areas), ...nested })))) return NEEDS_PROC;
  return undefined;
}
