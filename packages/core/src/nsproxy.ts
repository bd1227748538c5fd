/**
 * The nsproxy and the namespace half of clone, unshare and setns. Models
 * kernel/nsproxy.c: struct nsproxy (include/linux/nsproxy.h),
 * create_new_namespaces, copy_namespaces' checks, unshare_nsproxy_namespaces,
 * get_nsproxy/put_nsproxy, and setns with prepare_nsset, validate_nsset and
 * commit_nsset; plus copy_creds' call of create_user_ns (kernel/cred.c).
 */
import {
  CAP_SYS_ADMIN, CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWTIME, CLONE_NEWUTS,
} from './constants.ts';
import type { Cred } from './cred.ts';
import { commitCreds, nsCapable } from './cred.ts';
import { fail } from './errors.ts';
import { emit } from './events.ts';
import { flagsOr, flagsWithout, hasFlag } from './flags.ts';
import type { Kernel } from './kernel.ts';
import { commitNs, discardNs, peekNs, putNs } from './namespaces.ts';
import type { NsCommon } from './ns-common.ts';
import { NsSet } from './nsset.ts';
import type { CopyContext, NamespaceOperations } from './ops.ts';
import { installNs } from './permission.ts';
import { ptraceMayAccess } from './ptrace.ts';
import { checkAlive } from './args.ts';
import type { FsStruct, Task } from './task.ts';
import { chargeUcount, unchargeUcount } from './ucount.ts';
import type { UcountCharge } from './ucount.ts';
import type { UserNamespace } from './user-namespace.ts';

/**
 * struct nsproxy: one slot per registered type whose home is `nsproxy`,
 * shared by every task with the same namespaces; any change makes a new one
 * (copy-on-write).
 */
export class Nsproxy {
  /** References to this nsproxy (tasks pointing at it). */
  count = 1;
  /** One namespace per slot; the kernel maps types to slots. */
  readonly slots: NsCommon[];
  /**
   * @internal A listing's mark (lsns.ts), as propagate_mnt marks mounts: the
   * serial of the last listing that met this nsproxy, and the group of its
   * processes there (a Map keyed by nsproxy was a fifth of listing a million tasks).
   */
  mark = 0;
  /** @internal */
  markGroup = 0;

  constructor(slots: NsCommon[]) {
    this.slots = slots;
  }
}

/** Kernel order of the CLONE_NEW* types (create_new_namespaces), for types not registered. */
const KERNEL_NS_ORDER: readonly [number, number][] = [
  [CLONE_NEWNS, 10], [CLONE_NEWUTS, 20], [CLONE_NEWIPC, 30], [CLONE_NEWPID, 40],
  [CLONE_NEWCGROUP, 50], [CLONE_NEWNET, 60], [CLONE_NEWTIME, 70],
];

/** One namespace create_new_namespaces makes: a registered type, or a kernel type that is not (EINVAL). */
export interface CreateStep {
  readonly order: number;
  readonly flag: number;
  readonly ops?: NamespaceOperations;
  /** The nsproxy slot of a registered type; -1 for a type that is not configured. */
  readonly slot: number;
}

/**
 * The CopyContext of a namespace creation. The kernel keeps one and refills it
 * for each step (no allocation per namespace); a copy that makes a syscall of
 * its own while it runs gets a fresh one (`busy`). It records the ucount
 * charge of the running copy, which the kernel undoes when the copy throws.
 */
export class CopyCtx implements CopyContext {
  readonly kernel: Kernel;
  // Filled by `set`, which the constructor calls.
  syscall!: 'clone' | 'unshare';
  caller!: Task;
  cred!: Cred;
  userNs!: UserNamespace;
  old!: NsCommon;
  flags!: number;
  private typeName!: string;
  /** Whether a type's copy is running with it. */
  busy = false;
  /** The charge the running copy took (chargeUcount), if any. */
  charge: UcountCharge | null = null;

  constructor(kernel: Kernel, syscall: 'clone' | 'unshare', caller: Task, userNs: UserNamespace, old: NsCommon, flags: number, typeName: string) {
    this.kernel = kernel;
    this.set(syscall, caller, userNs, old, flags, typeName);
  }

  /** Refills the context for the next step. */
  set(syscall: 'clone' | 'unshare', caller: Task, userNs: UserNamespace, old: NsCommon, flags: number, typeName: string): this {
    this.syscall = syscall;
    this.caller = caller;
    this.cred = caller.cred;
    this.userNs = userNs;
    this.old = old;
    this.flags = flags;
    this.typeName = typeName;
    this.charge = null;
    return this;
  }

  /** inc_ucount, recorded. */
  chargeUcount(): UcountCharge {
    return (this.charge = chargeUcount(this.userNs, this.caller.cred.euid, this.typeName, this.syscall));
  }
}

/** The kernel's reusable CopyCtx, refilled; a fresh one when a copy is running with it. */
function copyContext(
  k: Kernel, syscall: 'clone' | 'unshare', caller: Task, userNs: UserNamespace, old: NsCommon, flags: number, typeName: string,
): CopyCtx {
  const shared = k.copyCtx;
  return shared && !shared.busy
    ? shared.set(syscall, caller, userNs, old, flags, typeName)
    : (k.copyCtx = new CopyCtx(k, syscall, caller, userNs, old, flags, typeName));
}

/** Runs a type's copy with `ctx`; when it throws, its ucount charge is undone (the copy_* error paths' dec_ucount). */
function runCopy(ops: NamespaceOperations, ctx: CopyCtx): NsCommon {
  ctx.busy = true;
  let ns: NsCommon;
  try {
    ns = ops.copy(ctx);
  } catch (e) {
    // (The context stays busy: the next step makes a new one.)
    if (ctx.charge) unchargeUcount(ctx.charge);
    ctx.charge = null;
    throw e;
  }
  ctx.busy = false;
  return ns;
}

/**
 * create_new_namespaces (kernel/nsproxy.c): a copy of the old slots with a new
 * namespace for every flag, in the types' order. On failure every namespace
 * created so far is discarded and the error is rethrown.
 */
export function createNewNamespaces(
  k: Kernel, syscall: 'clone' | 'unshare', caller: Task, flags: number, userNs: UserNamespace, old: Nsproxy,
): NsCommon[] {
  const slots = old.slots.slice();
  const steps = planSteps(k, flags);
  try {
    for (const step of steps) {
      const { ops, slot } = step;
      if (!ops || slot < 0) fail('EINVAL', syscall, `namespace type 0x${step.flag.toString(16)} is not configured`, 'F3.10');
      const oldNs = slots[slot];
      if (!oldNs) throw new Error('missing slot');
      slots[slot] = runCopy(ops, copyContext(k, syscall, caller, userNs, oldNs, flags, ops.name));
    }
  } catch (e) {
    discardCreated(slots, old.slots);
    throw e;
  }
  return slots;
}

/** copy_creds -> create_user_ns: the user namespace of clone/unshare(CLONE_NEWUSER), through the user type. */
export function createUserNs(k: Kernel, syscall: 'clone' | 'unshare', caller: Task, flags: number): UserNamespace {
  if (!k.hasUserNs) fail('EINVAL', syscall, 'user namespaces are not configured', 'F3.8');
  const parent = caller.cred.userNs;
  return runCopy(k.userType, copyContext(k, syscall, caller, parent, parent, flags, k.userType.name)) as UserNamespace;
}

/**
 * Discards what create_new_namespaces made (the slots that differ from the
 * old ones: a new namespace is never an old one), newest first.
 */
export function discardCreated(slots: readonly NsCommon[], oldSlots: readonly NsCommon[]): void {
  for (let i = slots.length - 1; i >= 0; i--) {
    const ns = slots[i] as NsCommon;
    if (ns !== oldSlots[i] && !ns.freed) discardNs(ns);
  }
}

/** Commits what create_new_namespaces made, in creation order. */
export function commitCreated(k: Kernel, slots: readonly NsCommon[], oldSlots: readonly NsCommon[]): void {
  for (let i = 0; i < slots.length; i++) if (slots[i] !== oldSlots[i]) commitNs(k, slots[i] as NsCommon);
}

/** The creation steps of create_new_namespaces for `flags`, in the kernel's order (cached per flags value). */
function planSteps(k: Kernel, flags: number): readonly CreateStep[] {
  if (flags === k.lastPlanFlags) return k.lastPlan;
  let steps = k.stepPlans.get(flags);
  if (!steps) {
    const plan: CreateStep[] = [];
    for (const t of k.nsproxyTypes) {
      if (hasFlag(flags, t.type)) plan.push({ order: t.order, flag: t.type, ops: t, slot: k.isRegistered(t) ? k.slotOf(t) : -1 });
    }
    for (const [flag, order] of KERNEL_NS_ORDER) {
      if (hasFlag(flags, flag) && !k.nsproxyTypes.some((t) => t.type === flag && k.isRegistered(t))) plan.push({ order, flag, slot: -1 });
    }
    plan.sort((a, b) => a.order - b.order);
    k.stepPlans.set(flags, (steps = plan));
  }
  k.lastPlanFlags = flags;
  k.lastPlan = steps;
  return steps;
}

/** The flags of every nsproxy type (registered or a known kernel type). */
export function nsproxyFlagMask(k: Kernel): number {
  return (k.nsFlagMaskCache ??= flagsOr(...KERNEL_NS_ORDER.map(([f]) => f), ...k.nsproxyTypes.map((t) => t.type)));
}

/** The flags of every type of this kernel (third-party types included). */
export function typeFlags(k: Kernel): number {
  return (k.typeFlagsCache ??= flagsOr(...k.types.map((t) => t.type)));
}

/** get_nsproxy. */
export function getNsproxy(p: Nsproxy): Nsproxy {
  p.count++;
  return p;
}

/** put_nsproxy: the last reference drops every member (free_nsproxy). */
export function putNsproxy(k: Kernel, p: Nsproxy): void {
  if (--p.count > 0) return;
  for (const ns of p.slots) putNs(k, ns);
}

/** Builds an nsproxy from slots, taking a reference on every member (commit_nsset). */
function makeNsproxy(slots: NsCommon[]): Nsproxy {
  for (const ns of slots) ns.count++;
  return new Nsproxy(slots);
}

/** Builds an nsproxy from what create_new_namespaces returned: the new namespaces' creation references become its own. */
export function makeNsproxyFrom(slots: NsCommon[], oldSlots: readonly NsCommon[]): Nsproxy {
  for (let i = 0; i < slots.length; i++) if (slots[i] === oldSlots[i]) (slots[i] as NsCommon).count++;
  return new Nsproxy(slots);
}

/**
 * switch_task_namespaces(task, new) after create_new_namespaces: the new
 * nsproxy takes a reference on every namespace it shares with the old one,
 * and the old one's last put drops them again. When the task held the old
 * nsproxy alone, those references are moved instead (the same counts,
 * without touching each shared namespace twice: with every type loaded
 * that was most of an unshare); only the namespaces replaced are put.
 */
export function switchNsproxy(k: Kernel, task: Task, slots: NsCommon[], old: Nsproxy): void {
  if (old.count !== 1) {
    task.nsproxy = makeNsproxyFrom(slots, old.slots);
    putNsproxy(k, old);
    return;
  }
  task.nsproxy = new Nsproxy(slots);
  old.count = 0;
  const oldSlots = old.slots;
  for (let i = 0; i < slots.length; i++) if (slots[i] !== oldSlots[i]) putNs(k, oldSlots[i] as NsCommon);
}

/** The 32-bit flags of the registered nsproxy types that unshare(2) adds nothing to (all but CLONE_NEWNS). */
export function plainUnshareFlags(k: Kernel): number {
  if (k.plainUnshareCache === undefined) {
    let mask = 0;
    for (const t of k.nsproxyTypes) if (k.isRegistered(t) && t.type < 0x1_0000_0000 && t.type !== CLONE_NEWNS) mask |= t.type;
    k.plainUnshareCache = mask >>> 0;
  }
  return k.plainUnshareCache;
}

/**
 * unshare of namespace flags only (ksys_unshare's common case, see `unshare`
 * in fork.ts): the check of unshare_nsproxy_namespaces, create_new_namespaces,
 * switch_task_namespaces.
 */
export function unshareNamespaces(k: Kernel, task: Task, flags: number): void {
  const sys = 'unshare';
  checkAlive(k, task, sys);
  const old = task.nsproxy;
  if (!old) throw new Error('unshare: no nsproxy');
  const userNs = task.cred.userNs;
  if (!nsCapable(task.cred, userNs, CAP_SYS_ADMIN)) fail('EPERM', sys, 'CAP_SYS_ADMIN is needed over the owner of the new namespaces', 'C6.2');
  const slots = createNewNamespaces(k, sys, task, flags, userNs, old);
  // ---- commit
  commitCreated(k, slots, old.slots);
  switchNsproxy(k, task, slots, old);
  if (k.unsharedHooks) runUnsharedHooks(task, slots, old.slots);
  if (k.to.unshare.length) emit(k, k.to.unshare, { type: 'unshare', task, flags });
}

/** copy_mnt_ns's second pass for every type that has one (`switchFs`), once the call that created `slots` commits. */
export function switchFsOfCreated(fs: FsStruct, slots: readonly NsCommon[], oldSlots: readonly NsCommon[]): void {
  for (let i = 0; i < slots.length; i++) {
    const ns = slots[i] as NsCommon;
    if (ns !== oldSlots[i] && ns.ops.switchFs) ns.ops.switchFs(ns, fs);
  }
}

/** The `unshared` step of every type the task just unshared (ksys_unshare's type-specific tail). */
export function runUnsharedHooks(task: Task, slots: readonly NsCommon[], oldSlots: readonly NsCommon[]): void {
  for (let i = 0; i < slots.length; i++) {
    const ns = slots[i] as NsCommon;
    if (ns !== oldSlots[i]) ns.ops.unshared?.(task, ns);
  }
}

/** commit_nsset's first part: the staged credentials (a user namespace entered) and root and working directory (a mount namespace entered). */
export function commitNssetCredFs(k: Kernel, task: Task, nsset: NsSet): void {
  if (nsset.cred !== task.cred) commitCreds(k, task, nsset.cred);
  if (nsset.fs && task.fs) {
    task.fs.set('root', nsset.fs.root);
    task.fs.set('pwd', nsset.fs.pwd);
  }
}

/**
 * setns(2) (kernel/nsproxy.c): `fd` is an ns file (nstype 0 or its type) or
 * a pidfd (nstype a non-empty set of CLONE_NEW* flags). Every namespace is
 * validated by its type's `install` into a staged nsset (prepare_nsset);
 * only if all pass is the caller switched (commit_nsset: all or nothing).
 */
export function setns(k: Kernel, task: Task, fd: number, nstype: number): void {
  const sys = 'setns';
  checkAlive(k, task, sys);
  const file = task.files?.get(fd);
  if (!file) fail('EBADF', sys, undefined, 'C8.1');
  let flags: number;
  if (file.kind === 'object') fail('EINVAL', sys, `a ${file.object.what} is neither an ns file nor a pidfd`, 'C8.4');
  if (file.kind === 'ns') {
    if (nstype !== 0 && nstype !== file.ns.ops.type) fail('EINVAL', sys, 'nstype does not match the namespace file', 'C8.2');
    flags = file.ns.ops.type;
  } else {
    const mask = flagsOr(...k.types.filter((t) => k.isRegistered(t)).map((t) => t.type));
    if (nstype === 0 || flagsWithout(nstype, mask) !== 0) fail('EINVAL', sys, 'invalid namespace flags for a pidfd', 'C8.3');
    flags = nstype;
  }
  const old = task.nsproxy;
  if (!old) throw new Error('setns: no nsproxy');
  const nsset = new NsSet(k, task, flags, [...old.slots]);
  const entered: NsCommon[] = [];
  if (file.kind === 'ns') {
    installNs(nsset, file.ns);
    entered.push(file.ns);
  } else {
    // validate_nsset
    const target = file.pid.task;
    if (!target || target.state === 'dead') fail('ESRCH', sys, undefined, 'C8.7');
    if (!ptraceMayAccess(task, target, 'read-realcreds')) fail('EPERM', sys, 'ptrace access denied', 'C8.17');
    if (!target.nsproxy) fail('ESRCH', sys, 'the task is exiting', 'C8.7');
    for (const t of k.types) {
      if (!hasFlag(flags, t.type)) continue;
      const ns = peekNs(k, target, t);
      if (!ns) fail('ESRCH', sys, undefined, 'C8.7');
      installNs(nsset, ns);
      entered.push(ns);
    }
  }
  // commit_nsset
  commitNssetCredFs(k, task, nsset);
  if (old.count === 1) {
    // The task held its nsproxy alone: the new one takes over its references, and only the namespaces
    // entered and left are counted (the same counts as get on every member and put of the old nsproxy).
    const slots = nsset.slots;
    const oldSlots = old.slots;
    for (let i = 0; i < slots.length; i++) if (slots[i] !== oldSlots[i]) (slots[i] as NsCommon).count++;
    task.nsproxy = new Nsproxy(slots);
    old.count = 0;
    for (let i = 0; i < slots.length; i++) if (slots[i] !== oldSlots[i]) putNs(k, oldSlots[i] as NsCommon);
  } else {
    task.nsproxy = makeNsproxy(nsset.slots);
    putNsproxy(k, old);
  }
  if (nsset.commits) for (const fn of nsset.commits) fn();
  if (k.to.setns.length) emit(k, k.to.setns, { type: 'setns', task, namespaces: entered });
}
