/**
 * `@nsproxy/cgroup/scenario`: the cgroup scenario area, the format's Cgroups
 * section (an extension: `cgroup-mkdir`, `cgroup-rmdir`, `cgroup-move`,
 * `cgroup-of`, `cgroup-procs`, `clone-into`, and the directory fds
 * `cgroup-open`, `cgroup-mkdirat`, `clone-into-fd`, with the raw
 * `cgroup-write`) on the simulated kernel, and
 * the world's start as the real backend builds it: the host task (in the
 * root cgroup) makes a cgroup for the run and clones `init` into it with
 * CLONE_INTO_CGROUP|CLONE_NEWCGROUP, so init's cgroup namespace root is the
 * run's cgroup, and every cgroup path of a scenario is seen from there.
 * Compose it with `coreArea` from `@nsproxy/core/scenario`.
 */
import { CLONE_INTO_CGROUP, CLONE_NEWCGROUP, KernelError, flagsOr } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { OK, defineSimArea } from '@nsproxy/core/scenario';
import type { SimArea, SimWorld } from '@nsproxy/core/scenario';
import type { Cgroup } from './index.ts';
import {
  CgroupDir, cgroupHierarchy, cgroupMkdir, cgroupNamespaceType, cgroupProcsRead, cgroupProcsWrite, cgroupRmdir, cgroupRules, openCgroup, procCgroup, resolveCgroup,
} from './index.ts';
import { CGROUP_OPS, cgroupNameArg, cgroupV2Line, isCgroupPath } from './ops.ts';

export { CGROUP_OPS, CGROUP_OP_NAMES, cgroupV2Line, isCgroupPath } from './ops.ts';

/** The name of the run's cgroup under the hierarchy's root (the real backend's is `nsproxy-<pid>-<n>`). */
export const RUN_CGROUP = 'nsproxy-run';

/** Each world's run cgroup (init's cgroup namespace root). */
const runCgroups = new WeakMap<SimWorld, Cgroup>();
/** The host's fd of it, for init's clone (closed once init exists). */
const hostFds = new WeakMap<SimWorld, number>();

/** The world's run cgroup: the one init was cloned into. */
export function runCgroup(world: SimWorld): Cgroup {
  const c = runCgroups.get(world);
  if (!c) throw new Error('the world has no run cgroup (the cgroup area did not build it)');
  return c;
}

/** A path of a step: a runner error unless it is one of the format's (no `..`, nothing to escape through). */
function checkedPath(path: string): string {
  if (!isCgroupPath(path)) throw new Error(`bad cgroup path '${path}'`);
  return path;
}

/** `<path>` resolved from the run's cgroup, as the agents' *at() calls on the inherited directory fd do. */
function resolve(world: SimWorld, path: string, sys: string): Cgroup {
  return resolveCgroup(runCgroup(world), checkedPath(path), sys);
}

/** The parent cgroup of `/a/b` and the last name. */
function split(world: SimWorld, path: string, sys: string): { parent: Cgroup; name: string } {
  const p = checkedPath(path);
  const at = p.lastIndexOf('/');
  return { parent: resolve(world, p.slice(0, at) || '/', sys), name: p.slice(at + 1) };
}

/** Keeps `fd` as the actor's `name` (a name already held is closed first, as `open` does). */
function keep(world: SimWorld, actor: Task, name: string, fd: number): void {
  const fds = world.fdsOf(actor);
  const old = fds.get(name);
  if (old !== undefined) world.kernel.close(actor, old);
  fds.set(name, fd);
}

/**
 * The cgroup a kept directory fd names, for mkdirat(2): EBADF when the actor holds no such fd
 * (fget), ENOTDIR when the file is no cgroup directory (an ns file, a socket: path_init's check).
 */
function cgroupOfFd(world: SimWorld, actor: Task, name: string): Cgroup {
  const file = actor.files?.get(world.fd(actor, name));
  if (file?.kind === 'object' && file.object instanceof CgroupDir) return file.object.cgroup;
  throw new KernelError('ENOTDIR', 'mkdir', `${name} is no directory`, 'M10.6');
}

/** The cgroup scenario area. */
export const cgroupArea: SimArea = defineSimArea({
  name: 'cgroup',
  types: [cgroupNamespaceType],
  ops: CGROUP_OPS,
  rules: cgroupRules,
  sim: {
    'cgroup-mkdir'(world, actor, [path = '']) {
      const { parent, name } = split(world, path, 'mkdir');
      cgroupMkdir(world.kernel, actor, parent, name);
      return OK;
    },
    'cgroup-rmdir'(world, actor, [path = '']) {
      const { parent, name } = split(world, path, 'rmdir');
      cgroupRmdir(world.kernel, actor, parent, name);
      return OK;
    },
    'cgroup-move'(world, actor, [name = '', path = '']) {
      const k = world.kernel;
      const target = world.task(name);
      // The task's pid as the actor sees it; a task it cannot see is ESRCH before any call, as for kill
      // (never a write of 0, which would move the actor).
      const pid = target ? k.pidOf(target, actor) : 0;
      if (pid === 0) throw new KernelError('ESRCH', 'write', `no process ${name} in the actor's pid namespace`, 'X2.14');
      cgroupProcsWrite(k, actor, resolve(world, path, 'open'), String(pid));
      return OK;
    },
    'cgroup-of'(world, actor, [name = '']) {
      const target = world.task(name);
      if (!target) throw new KernelError('ENOENT', 'open', `no task ${name}`, 'X2.25');
      const line = cgroupV2Line(procCgroup(world.kernel, actor, target));
      if (line === undefined) throw new Error('no 0:: line in /proc/<pid>/cgroup');
      return { kind: 'text', value: line };
    },
    'cgroup-procs'(world, actor, [path = '']) {
      const pids = cgroupProcsRead(world.kernel, actor, resolve(world, path, 'open'));
      return { kind: 'list', items: pids.sort((a, b) => a - b).map(String) };
    },
    'clone-into'(world, actor, [name = '', types = '-', path = '']) {
      const k = world.kernel;
      const fd = openCgroup(k, actor, resolve(world, path, 'open'));
      let child: Task;
      try {
        child = k.clone(actor, flagsOr(world.typeFlags(types), CLONE_INTO_CGROUP), { comm: name, cgroup: fd });
      } finally {
        k.close(actor, fd);
      }
      // The child's copy of the directory fd is closed too (the agent closes it in the child).
      k.close(child, fd);
      world.tasks.set(name, child);
      world.fds.set(child, new Map(world.fdsOf(actor)));
      return { kind: 'int', value: k.pidOf(child, actor) };
    },
    'cgroup-open'(world, actor, [path = '', fdName = '']) {
      keep(world, actor, fdName, openCgroup(world.kernel, actor, resolve(world, path, 'open')));
      return OK;
    },
    'cgroup-mkdirat'(world, actor, [fdName = '', word = '']) {
      const name = cgroupNameArg(word);
      if (name === undefined) throw new Error(`bad cgroup name '${word}'`);
      cgroupMkdir(world.kernel, actor, cgroupOfFd(world, actor, fdName), name);
      return OK;
    },
    'clone-into-fd'(world, actor, [name = '', types = '-', fdName = '']) {
      const k = world.kernel;
      // The kept fd itself is clone_args.cgroup; the child keeps its copy, like every kept fd.
      const child = k.clone(actor, flagsOr(world.typeFlags(types), CLONE_INTO_CGROUP), { comm: name, cgroup: world.fd(actor, fdName) });
      world.tasks.set(name, child);
      world.fds.set(child, new Map(world.fdsOf(actor)));
      return { kind: 'int', value: k.pidOf(child, actor) };
    },
    'cgroup-write'(world, actor, [path = '', text = '']) {
      cgroupProcsWrite(world.kernel, actor, resolve(world, path, 'open'), text);
      return OK;
    },
  },
  setup: {
    initClone(world) {
      const k = world.kernel;
      const host = world.host;
      const root = cgroupHierarchy(k).root;
      // Without the right to make it (a nested world), init stays in the host's cgroup, and the ops have no run cgroup.
      let run: Cgroup;
      try {
        run = cgroupMkdir(k, host, root, RUN_CGROUP);
      } catch (e) {
        if (e instanceof KernelError) return undefined;
        throw e;
      }
      runCgroups.set(world, run);
      const fd = openCgroup(k, host, run);
      hostFds.set(world, fd);
      return { flags: flagsOr(CLONE_INTO_CGROUP, CLONE_NEWCGROUP), cgroup: fd };
    },
    initTask(world, init) {
      // The host keeps no fd of the run's cgroup, and init's copy goes too (the ops resolve from the run cgroup).
      const fd = hostFds.get(world);
      if (fd === undefined) return;
      world.kernel.close(world.host, fd);
      world.kernel.close(init, fd);
    },
  },
});
