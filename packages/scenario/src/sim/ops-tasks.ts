/**
 * Simulated ops of the format's "Tasks and namespaces" and "PID" sections,
 * through the public API of @nsproxy/core.
 */
import {
  NS_GET_NSTYPE, NS_GET_OWNER_UID, NS_GET_PARENT, NS_GET_USERNS, SIGNALS,
} from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import type { SimOpTable, SimWorld } from './world.ts';
import { OK, nsResult, typeFlags } from './world.ts';

const NS_IOCTLS: Readonly<Record<string, number>> = {
  NS_GET_USERNS, NS_GET_PARENT, NS_GET_NSTYPE, NS_GET_OWNER_UID,
};

/** The target task of a step (by name), or undefined when it does not exist or is gone. */
function target(world: SimWorld, name: string): Task | undefined {
  return world.task(name);
}

/** /proc/<pid>/ns/<file> through the initial procfs; a task that is gone has no /proc entry. */
function nsPath(t: Task | undefined, file: string): string {
  return `/proc/${t && t.state !== 'dead' ? t.globalPid : 0}/ns/${file}`;
}

function keep(world: SimWorld, actor: Task, name: string, fd: number): void {
  const fds = world.fdsOf(actor);
  const old = fds.get(name);
  if (old !== undefined) world.kernel.close(actor, old);
  fds.set(name, fd);
}

export const taskOps: SimOpTable = {
  clone(world, actor, [name = '', types = '-']) {
    const child = world.kernel.clone(actor, typeFlags(world, types), { comm: name });
    world.tasks.set(name, child);
    world.fds.set(child, new Map(world.fdsOf(actor)));
    return { kind: 'int', value: world.kernel.pidOf(child, actor) };
  },
  unshare(world, actor, [types = '-']) {
    world.kernel.unshare(actor, typeFlags(world, types));
    return OK;
  },
  ns(world, actor, [file = '']) {
    world.kernel.readlink(actor, `/proc/self/ns/${file}`);
    const ns = world.kernel.nsOf(actor, file);
    if (!ns) throw new Error('readlink succeeded but there is no namespace');
    return nsResult(ns);
  },
  nsof(world, _actor, [name = '', file = '']) {
    const t = world.task(name) ?? world.tasks.get(name);
    const ns = t ? world.kernel.nsOf(t, file) : undefined;
    return ns ? nsResult(ns) : { kind: 'errno', code: 'ENOENT' };
  },
  setns(world, actor, [name = '', type = '', any]) {
    const k = world.kernel;
    const fd = k.open(actor, nsPath(target(world, name), type));
    try {
      k.setns(actor, fd, any === 'any' ? 0 : typeFlags(world, type));
    } finally {
      k.close(actor, fd);
    }
    return OK;
  },
  'setns-pidfd'(world, actor, [name = '', types = '-']) {
    const k = world.kernel;
    const t = target(world, name);
    const pid = t ? k.pidOf(t, actor) : 0;
    if (pid === 0) return { kind: 'errno', code: 'ESRCH' };
    const fd = k.pidfdOpen(actor, pid);
    try {
      k.setns(actor, fd, typeFlags(world, types));
    } finally {
      k.close(actor, fd);
    }
    return OK;
  },
  open(world, actor, [name = '', file = '', fdName = '']) {
    const fd = world.kernel.open(actor, nsPath(target(world, name), file));
    keep(world, actor, fdName, fd);
    return OK;
  },
  'setns-fd'(world, actor, [fdName = '', type]) {
    const k = world.kernel;
    const fd = world.fd(actor, fdName);
    const nstype = type === undefined ? k.nsOfFd(actor, fd, 'setns').ops.type : type === 'any' ? 0 : typeFlags(world, type);
    k.setns(actor, fd, nstype);
    return OK;
  },
  close(world, actor, [fdName = '']) {
    const fd = world.fd(actor, fdName);
    world.kernel.close(actor, fd);
    world.fdsOf(actor).delete(fdName);
    return OK;
  },
  fdns(world, actor, [fdName = '']) {
    return nsResult(world.kernel.nsOfFd(actor, world.fd(actor, fdName), 'readlink')); // readlink(/proc/self/fd/N)
  },
  ioctl(world, actor, [fdName = '', cmdName = '', newName]) {
    const k = world.kernel;
    const cmd = NS_IOCTLS[cmdName];
    if (cmd === undefined) throw new Error(`unknown ioctl ${cmdName}`);
    const r = k.ioctl(actor, world.fd(actor, fdName), cmd);
    if (cmd === NS_GET_USERNS || cmd === NS_GET_PARENT) {
      keep(world, actor, newName ?? '', r);
      return OK;
    }
    if (cmd === NS_GET_NSTYPE) {
      const t = k.typeByFlag(r);
      return { kind: 'text', value: t?.name ?? String(r) };
    }
    return { kind: 'int', value: r };
  },
  exit(world, actor, [code = '0']) {
    world.kernel.exit(actor, Number(code));
    return OK;
  },
  alive(world, _actor, [name = '']) {
    return { kind: 'text', value: world.task(name) ? 'yes' : 'no' };
  },

  // PID
  getpid(world, actor) {
    return { kind: 'int', value: world.kernel.getpid(actor) };
  },
  getppid(world, actor) {
    return { kind: 'int', value: world.kernel.getppid(actor) };
  },
  pid(world, actor, [name = '']) {
    // A task that has exited (even one not yet reaped) is a pid that no longer exists: 0.
    const t = target(world, name);
    return { kind: 'int', value: t ? world.kernel.pidOf(t, actor) : 0 };
  },
  kill(world, actor, [name = '', sigName = '']) {
    const sig = (SIGNALS as Record<string, number>)[sigName];
    if (sig === undefined) throw new Error(`unknown signal ${sigName}`);
    const t = target(world, name);
    const pid = t ? world.kernel.pidOf(t, actor) : 0;
    if (pid === 0) return { kind: 'errno', code: 'ESRCH' };
    world.kernel.kill(actor, pid, sig);
    return OK;
  },
};
