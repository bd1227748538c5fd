/**
 * Core's scenario area: the format's "Tasks and namespaces" section, and the
 * ops core implements without any namespace package: credentials (`id`,
 * `caps`, `setuid`, `setgid`, the `capset` extension), the pid system calls (`getpid`, `getppid`,
 * `pid`, `kill`, and the `pdeathsig` extension: prctl(PR_SET_PDEATHSIG)), and
 * the `sysctl` extension op, which serves every area's
 * `/proc/sys` files (core's own: `user.max_<type>_namespaces`).
 *
 * `pin`, `setns-path` and `nspath` belong to the Tasks section but need a
 * file system: `@nsproxy/mnt`'s area brings them.
 */
import { INIT_PDEATHSIG_REFUSAL, NS_IOCTL_REQUESTS, NS_IOCTLS, SIGNALS, cIntArg, pdeathsigArg, userSysctlRefusal } from '@nsproxy/scenario/contract';
import { opSpec } from '@nsproxy/scenario';
import type { ArgKind, OpSpec } from '@nsproxy/scenario';
import type { Task } from '../task.ts';
import { fromKgidMunged, fromKuidMunged } from '../user-namespace.ts';
import { USER_SYSCTL_NAMES, userSysctlRead, userSysctlWrite } from '../user-sysctl.ts';
import type { SimArea, SimSysctl } from './area.ts';
import { defineSimArea } from './area.ts';
import { coreRules } from '../core-rules.ts';
import { CORE_ROADS } from '../roads.ts';
import { KernelError } from '../errors.ts';
import { NSPROXY_IDS, bindNs, nsproxyId, unshareNs } from '../nsproxy-ids.ts';
import { SETNS_NSTYPE_FD, setnsNstypeFd } from '../setns-nstype-fd.ts';
import type { SimOpTable, SimWorld } from './world.ts';
import { OK, nsResult } from './world.ts';

/** A sysctl name as sysctl(8) writes it: dotted words, e.g. kernel.shmmni. */
export const SYSCTL_NAME: ArgKind = {
  describe: 'a sysctl name (e.g. kernel.shmmni)',
  validate: (value) => (/^[a-z0-9_]+(?:\.[a-z0-9_-]+)+$/.test(value) ? undefined : { message: `expected a sysctl name such as kernel.shmmni, found '${value}'` }),
};

/** A `pdeathsig` argument: a signal name, or a number as prctl(PR_SET_PDEATHSIG) receives it (an unsigned long). */
const PDEATHSIG_ARG: ArgKind = {
  describe: 'a signal name (SIGKILL) or a number (an unsigned long)',
  validate: (value) => (pdeathsigArg(value, SIGNALS) !== undefined ? undefined : { message: `expected a signal name such as SIGKILL or a number, found '${value}'` }),
  samples: ['SIGKILL', 'SIGTERM', '0', '64', '65'],
};

/** A capability set as capset(2) takes it: 64 bits (the two 32-bit words of version 3), e.g. 0x1ffffffffff. */
const CAP_SET: ArgKind = { int: 'u64', ctype: 'kernel_cap_t' };

/** The specs of core's ops. */
export const CORE_OPS: readonly OpSpec[] = [
  // Tasks and namespaces
  opSpec('tasks', 'clone <name> <types>', 2, ['task', 'types']),
  opSpec('tasks', 'unshare <types>', 1, ['types']),
  opSpec('tasks', 'ns <file>', 1, ['nsfile']),
  opSpec('tasks', 'nsof <task> <file>', 2, ['task', 'nsfile']),
  opSpec('tasks', 'setns <task> <type> [any]', 2, ['task', 'type', { oneOf: ['any'] }]),
  opSpec('tasks', 'setns-pidfd <task> <types>', 2, ['task', 'types']),
  opSpec('tasks', 'open <task> <file> <fd>', 3, ['task', 'nsfile', 'name']),
  opSpec('tasks', 'setns-fd <fd> [<type>|any]', 1, ['name', 'typeOrAny']),
  opSpec('tasks', 'close <fd>', 1, ['name']),
  opSpec('tasks', 'fdns <fd>', 1, ['name']),
  opSpec('tasks', 'ioctl <fd> <request> [<newfd>]', 2, ['name', { oneOf: NS_IOCTLS }, 'name'], (args) => {
    const request = args[1] ?? '';
    const keepsFd = NS_IOCTL_REQUESTS[request]?.newFd === true;
    if (keepsFd && args.length < 3) return { index: 3, message: `ioctl ${request} needs a name for the new fd (ioctl <fd> ${request} <newfd>)` };
    if (!keepsFd && args.length > 2) return { index: 2, message: `ioctl ${request} keeps no fd (ioctl <fd> ${request})` };
    return undefined;
  }),
  opSpec('tasks', 'exit [<code>]', 0, [{ int: 'i32', ctype: 'int' }]),
  opSpec('tasks', 'alive <task>', 1, ['task']),
  // Credentials (user namespaces): what core's cred does without @nsproxy/user.
  opSpec('user', 'id', 0, []),
  opSpec('user', 'caps', 0, []),
  opSpec('user', 'setuid <n>', 1, [{ int: 'u32', ctype: 'uid_t' }]),
  opSpec('user', 'setgid <n>', 1, [{ int: 'u32', ctype: 'gid_t' }]),
  // The capset extension: capset(2) of the actor's effective, permitted and inheritable sets.
  opSpec('user', 'capset <effective> <permitted> <inheritable>', 3, [CAP_SET, CAP_SET, CAP_SET]),
  // PID: the system calls core implements (with or without @nsproxy/pid).
  opSpec('pid', 'getpid', 0, []),
  opSpec('pid', 'getppid', 0, []),
  opSpec('pid', 'pid <task>', 1, ['task']),
  opSpec('pid', 'kill <task> <SIGNAME>', 2, ['task', 'signal']),
  // The pdeathsig extension: prctl(PR_SET_PDEATHSIG) (what unshare --kill-child asks for in its child).
  opSpec('pid', 'pdeathsig <SIGNAME>|<n>', 1, [PDEATHSIG_ARG]),
  // The sysctl extension: /proc/sys files of every loaded area.
  opSpec('sysctl', 'sysctl <name> [<value>]', 1, [SYSCTL_NAME, 'text']),
  // Roads not taken (docs/roads/): system calls that exist only on a kernel that opened the road (`@road:`), ENOSYS elsewhere.
  // Road nsproxy-ids: unshare_ns(flags), bind_ns(id, flags) (flags `-`: bind), and the actor's nsproxy id (nsproxy->id, read by the model).
  opSpec('roads', 'unshare_ns <types>', 1, ['types']),
  opSpec('roads', 'bind_ns <id> <types>', 2, [{ int: 'i32', ctype: 'int' }, 'types']),
  opSpec('roads', 'nsproxy-id', 0, []),
  // Road setns-nstype-fd: setns(nstype, fd), the argument order first proposed.
  opSpec('roads', 'setns-nstype <type>|any <fd>', 2, ['typeOrAny', 'name']),
];

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

/** An id argument as the syscall receives it: a 32-bit uid_t, exactly (-1 and 4294967295 keep the id). */
function idArg(value: string): number {
  const n = cIntArg(value, 'u32', 'uid_t');
  return n === 4294967295n ? -1 : Number(n);
}

/** The simulated ops of core's area. */
export const coreOps: SimOpTable = {
  clone(world, actor, [name = '', types = '-']) {
    const child = world.kernel.clone(actor, world.typeFlags(types), { comm: name });
    world.tasks.set(name, child);
    world.fds.set(child, new Map(world.fdsOf(actor)));
    return { kind: 'int', value: world.kernel.pidOf(child, actor) };
  },
  unshare(world, actor, [types = '-']) {
    world.kernel.unshare(actor, world.typeFlags(types));
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
      k.setns(actor, fd, any === 'any' ? 0 : world.typeFlags(type));
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
      k.setns(actor, fd, world.typeFlags(types));
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
    const nstype = type === undefined ? k.nsOfFd(actor, fd, 'setns').ops.type : type === 'any' ? 0 : world.typeFlags(type);
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
    const ioctl = NS_IOCTL_REQUESTS[cmdName];
    if (ioctl === undefined) throw new Error(`unknown ioctl ${cmdName}`);
    const r = k.ioctl(actor, world.fd(actor, fdName), ioctl.request);
    if (ioctl.newFd) {
      keep(world, actor, newName ?? '', r);
      return OK;
    }
    if (cmdName === 'NS_GET_NSTYPE') {
      const t = k.typeByFlag(r);
      return { kind: 'text', value: t?.name ?? String(r) };
    }
    return { kind: 'int', value: r };
  },
  exit(world, actor, [code = '0']) {
    world.kernel.exit(actor, Number(cIntArg(code, 'i32')));
    return OK;
  },
  alive(world, _actor, [name = '']) {
    return { kind: 'text', value: world.task(name) ? 'yes' : 'no' };
  },

  // Credentials
  id(_world, actor) {
    const c = actor.cred;
    return { kind: 'text', value: `uid=${fromKuidMunged(c.userNs, c.uid)} gid=${fromKgidMunged(c.userNs, c.gid)}` };
  },
  caps(_world, actor) {
    // As /proc/PID/status prints CapEff: 16 lowercase hex digits.
    return { kind: 'text', value: actor.cred.capEffective.toString(16).padStart(16, '0') };
  },
  setuid(world, actor, [n = '']) {
    const id = idArg(n);
    world.kernel.setresuid(actor, id, id, id);
    return OK;
  },
  setgid(world, actor, [n = '']) {
    const id = idArg(n);
    world.kernel.setresgid(actor, id, id, id);
    return OK;
  },
  capset(world, actor, [effective = '0', permitted = '0', inheritable = '0']) {
    const set = (word: string): bigint => cIntArg(word, 'u64', 'kernel_cap_t');
    world.kernel.capset(actor, { effective: set(effective), permitted: set(permitted), inheritable: set(inheritable) });
    return OK;
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
    const sig = SIGNALS[sigName];
    if (sig === undefined) throw new Error(`unknown signal ${sigName}`);
    const t = target(world, name);
    const pid = t ? world.kernel.pidOf(t, actor) : 0;
    if (pid === 0) return { kind: 'errno', code: 'ESRCH' };
    world.kernel.kill(actor, pid, sig);
    return OK;
  },
  unshare_ns(world, actor, [types = '-']) {
    unshareNs(world.kernel, actor, world.typeFlags(types));
    return OK;
  },
  bind_ns(world, actor, [id = '0', types = '-']) {
    bindNs(world.kernel, actor, Number(cIntArg(id, 'i32', 'int')), world.typeFlags(types));
    return OK;
  },
  'nsproxy-id'(world, actor) {
    const k = world.kernel;
    if (!k.onRoad(NSPROXY_IDS)) throw new KernelError('ENOSYS', 'bind_ns', `no nsproxy ids on Linux as merged (road ${NSPROXY_IDS} is not open)`, 'R1.1');
    if (!actor.nsproxy) throw new Error('the actor has no nsproxy');
    return { kind: 'int', value: nsproxyId(k, actor.nsproxy) };
  },
  'setns-nstype'(world, actor, [type = 'any', fdName = '']) {
    // The road comes first: without it the call does not exist (ENOSYS), whatever its fd.
    const fd = world.kernel.onRoad(SETNS_NSTYPE_FD) ? world.fd(actor, fdName) : -1;
    setnsNstypeFd(world.kernel, actor, type === 'any' ? 0 : world.typeFlags(type), fd);
    return OK;
  },
  pdeathsig(world, actor, [word = '']) {
    const sig = pdeathsigArg(word, SIGNALS);
    if (sig === undefined) throw new Error(`unknown signal ${word}`);
    if (actor === world.tasks.get('init')) throw new Error(INIT_PDEATHSIG_REFUSAL);
    // An unsigned long: beyond 2^53 a number is only less exact, still no signal.
    world.kernel.setPdeathSignal(actor, Number(sig));
    return OK;
  },

  // sysctl: whichever loaded area models the file; another name is a runner error, not a fake errno.
  sysctl(world, actor, [name = '', value]) {
    // A user.max_<word>_namespaces name that is none of the eight is core's to answer
    // (proc_sys_lookup: ENOENT, L1.9); /proc/sys/user's inotify and fanotify files are not modelled.
    const handler = world.sysctls.find((s) => s.names.includes(name)) ?? (/^user\.max_[a-z0-9_]+_namespaces$/.test(name) ? userSysctls : undefined);
    if (!handler) throw new Error(`sysctl ${name} is not modelled by this simulated backend`);
    // As sysctl(8) prints a file: its words, one blank between them (ping_group_range's tab too).
    if (value === undefined) return { kind: 'text', value: handler.read(world, actor, name).trim().split(/\s+/).join(' ') };
    handler.write(world, actor, name, value);
    return OK;
  },
};

/**
 * The /proc/sys/user files: the per-user-namespace limits of the actor's user
 * namespace. A write by a task of the world's initial user namespace is a
 * runner error, not an errno, on both backends: on the real kernel the world's
 * `init` is in the runner's user namespace (the host's initial one when run as
 * root), so such a write would change the host's limits. Scenarios write
 * `user.*` only from a user namespace they created.
 */
export const userSysctls: SimSysctl = {
  names: USER_SYSCTL_NAMES,
  read: (world, actor, name) => userSysctlRead(world.kernel, actor, name),
  write(world, actor, name, value) {
    if (actor.cred.userNs === world.kernel.initUserNs) throw new Error(userSysctlRefusal(name));
    userSysctlWrite(world.kernel, actor, name, value);
  },
};

/** Core's scenario area: no namespace type of its own (the kernel always has the user type's initial namespace). */
export const coreArea: SimArea = defineSimArea({
  name: 'core',
  types: [],
  ops: CORE_OPS,
  sim: coreOps,
  sysctls: [userSysctls],
  rules: coreRules,
  roads: CORE_ROADS,
});
