/**
 * Credentials and capabilities. Mirrors struct cred (include/linux/cred.h),
 * cap_capable (security/commoncap.c) and the setresuid/setresgid rules
 * (kernel/sys.c, security/commoncap.c cap_emulate_setxuid).
 */
import { CAP_EMPTY_SET, CAP_FULL_SET, capBit } from './constants.ts';
import type { Kernel } from './kernel.ts';
import { putNs } from './namespaces.ts';
import type { Task } from './task.ts';
import type { UserNamespace } from './user-namespace.ts';
import { makeKuid } from './user-namespace.ts';

/** The securebits (include/uapi/linux/securebits.h); SECBIT_KEEP_CAPS is a Cred's `keepCaps`, the others its `securebits`. */
export const SECBIT_NOROOT: number = 1 << 0;
/** SECBIT_NOROOT_LOCKED (include/uapi/linux/securebits.h): SECBIT_NOROOT cannot be changed. */
export const SECBIT_NOROOT_LOCKED: number = 1 << 1;
/** SECBIT_NO_SETUID_FIXUP (include/uapi/linux/securebits.h): uid changes to and from 0 do not adjust capabilities. */
export const SECBIT_NO_SETUID_FIXUP: number = 1 << 2;
/** SECBIT_NO_SETUID_FIXUP_LOCKED (include/uapi/linux/securebits.h): SECBIT_NO_SETUID_FIXUP cannot be changed. */
export const SECBIT_NO_SETUID_FIXUP_LOCKED: number = 1 << 3;
/** SECBIT_KEEP_CAPS (include/uapi/linux/securebits.h): keep permitted capabilities when all uids leave 0 (prctl PR_SET_KEEPCAPS). */
export const SECBIT_KEEP_CAPS: number = 1 << 4;
/** SECBIT_KEEP_CAPS_LOCKED (include/uapi/linux/securebits.h): SECBIT_KEEP_CAPS cannot be changed. */
export const SECBIT_KEEP_CAPS_LOCKED: number = 1 << 5;
/** SECBIT_NO_CAP_AMBIENT_RAISE (include/uapi/linux/securebits.h): ambient capabilities cannot be raised. */
export const SECBIT_NO_CAP_AMBIENT_RAISE: number = 1 << 6;
/** SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED (include/uapi/linux/securebits.h): SECBIT_NO_CAP_AMBIENT_RAISE cannot be changed. */
export const SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED: number = 1 << 7;

/** An empty group_info (init_groups). */
const NO_GROUPS: readonly number[] = Object.freeze([]);
/** CAP_FULL_SET's low and high 32 bits, as hasEffectiveCap keeps a set. */
const CAP_FULL_LO = Number(CAP_FULL_SET & 0xffffffffn);
const CAP_FULL_HI = Number((CAP_FULL_SET >> 32n) & 0xffffffffn);

/** A task's credentials (struct cred). Immutable: a change makes a new one, as commit_creds does. */
export class Cred {
  /** Kernel uids: real, effective, saved, filesystem. */
  readonly uid: number;
  readonly euid: number;
  readonly suid: number;
  readonly fsuid: number;
  /** Kernel gids. */
  readonly gid: number;
  readonly egid: number;
  readonly sgid: number;
  readonly fsgid: number;
  /** The five capability sets. */
  readonly capInheritable: bigint;
  readonly capPermitted: bigint;
  readonly capEffective: bigint;
  readonly capBset: bigint;
  readonly capAmbient: bigint;
  /** SECBIT_KEEP_CAPS (prctl PR_SET_KEEPCAPS). */
  readonly keepCaps: boolean;
  /** The supplementary groups (group_info): kernel gids, sorted (groups_sort); setgroups(2) sets them. */
  readonly groups: readonly number[];
  /** cred->securebits but SECBIT_KEEP_CAPS (prctl PR_SET_SECUREBITS): noroot, no_setuid_fixup, no_cap_ambient_raise and their locks. */
  readonly securebits: number;
  /** The user namespace these credentials live in. */
  readonly userNs: UserNamespace;
  /**
   * The effective set as two 32-bit numbers, made on first use: BigInt
   * arithmetic allocates, and a capability check is on every path that creates
   * a namespace. (-1: not made yet.)
   */
  #effectiveLo = -1;
  #effectiveHi = -1;

  constructor(init: CredInit) {
    this.uid = init.uid;
    this.euid = init.euid;
    this.suid = init.suid;
    this.fsuid = init.fsuid;
    this.gid = init.gid;
    this.egid = init.egid;
    this.sgid = init.sgid;
    this.fsgid = init.fsgid;
    this.capInheritable = init.capInheritable;
    this.capPermitted = init.capPermitted;
    this.capEffective = init.capEffective;
    this.capBset = init.capBset;
    this.capAmbient = init.capAmbient;
    this.keepCaps = init.keepCaps;
    this.groups = init.groups ?? NO_GROUPS;
    this.securebits = init.securebits ?? 0;
    this.userNs = init.userNs;
  }

  /** Whether `cap` is in the effective set (what cap_capable tests once the namespace is right). */
  hasEffectiveCap(cap: number): boolean {
    if (!Number.isInteger(cap) || cap < 0 || cap > 63) return (this.capEffective & capBit(cap)) !== 0n;
    if (this.#effectiveLo < 0) {
      // The full set (every set_cred_user_ns credential) is split once for all, not per credential.
      const full = this.capEffective === CAP_FULL_SET;
      this.#effectiveLo = full ? CAP_FULL_LO : Number(this.capEffective & 0xffffffffn);
      this.#effectiveHi = full ? CAP_FULL_HI : Number((this.capEffective >> 32n) & 0xffffffffn);
    }
    return cap < 32 ? ((this.#effectiveLo >>> cap) & 1) === 1 : ((this.#effectiveHi >>> (cap - 32)) & 1) === 1;
  }

  /** A copy with some fields changed (prepare_creds + edits). */
  with(changes: Partial<CredInit>): Cred {
    return new Cred({ ...this.fields(), ...changes });
  }

  /** The fields as a plain object. */
  fields(): CredInit {
    return {
      uid: this.uid, euid: this.euid, suid: this.suid, fsuid: this.fsuid,
      gid: this.gid, egid: this.egid, sgid: this.sgid, fsgid: this.fsgid,
      capInheritable: this.capInheritable, capPermitted: this.capPermitted, capEffective: this.capEffective,
      capBset: this.capBset, capAmbient: this.capAmbient, keepCaps: this.keepCaps, groups: this.groups, securebits: this.securebits, userNs: this.userNs,
    };
  }

  /** Root credentials in `userNs` with every capability (init_cred, or a task after set_cred_user_ns). */
  static root(userNs: UserNamespace, caps: bigint = CAP_FULL_SET): Cred {
    return new Cred({
      uid: 0, euid: 0, suid: 0, fsuid: 0, gid: 0, egid: 0, sgid: 0, fsgid: 0,
      capInheritable: CAP_EMPTY_SET, capPermitted: caps, capEffective: caps, capBset: CAP_FULL_SET, capAmbient: CAP_EMPTY_SET,
      keepCaps: false, userNs,
    });
  }
}

/**
 * set_cred_user_ns (kernel/user_namespace.c): the credentials a task gets in a
 * new user namespace (create_user_ns) or in one it enters (userns_install):
 * the same kernel ids, full permitted, effective and bounding sets, empty
 * inheritable and ambient sets, default securebits (no keep-caps).
 */
export function setCredUserNs(cred: Cred, userNs: UserNamespace): Cred {
  // Road userns-2007: a task kept its capabilities, which were global then (clone_user_ns only switched its user).
  if (userNs.uidhashTable !== null) return cred.with({ userNs });
  // cred.with(...) written out: one object instead of three (every unshare(CLONE_NEWUSER) comes here).
  return new Cred({
    uid: cred.uid, euid: cred.euid, suid: cred.suid, fsuid: cred.fsuid,
    gid: cred.gid, egid: cred.egid, sgid: cred.sgid, fsgid: cred.fsgid,
    capInheritable: CAP_EMPTY_SET, capPermitted: CAP_FULL_SET, capEffective: CAP_FULL_SET, capBset: CAP_FULL_SET, capAmbient: CAP_EMPTY_SET,
    keepCaps: false, groups: cred.groups, securebits: 0, userNs,
  });
}

/** The fields of a Cred. */
export interface CredInit {
  uid: number; euid: number; suid: number; fsuid: number;
  gid: number; egid: number; sgid: number; fsgid: number;
  capInheritable: bigint; capPermitted: bigint; capEffective: bigint; capBset: bigint; capAmbient: bigint;
  keepCaps: boolean;
  /** Supplementary groups (kernel gids, sorted); none when absent. */
  groups?: readonly number[];
  /** The securebits other than SECBIT_KEEP_CAPS; 0 when absent. */
  securebits?: number;
  userNs: UserNamespace;
}

/**
 * ns_capable(cred, target, cap): the walk of cap_capable (security/commoncap.c).
 * Going up from `target`: the credentials' own namespace answers with the
 * effective set; a namespace at or above the credentials' level (not below
 * them) answers no; a child of the credentials' namespace whose owner is the
 * credentials' euid answers yes (the owner has every capability in it).
 */
export function nsCapable(cred: Cred, target: UserNamespace, cap: number): boolean {
  let ns: UserNamespace | null = target;
  let credNs = cred.userNs;
  // Road userns-2007: capabilities were global (capable()), the credentials' user namespace aside.
  if (credNs.uidhashTable !== null) while (credNs.parent) credNs = credNs.parent;
  while (ns) {
    if (ns === credNs) return cred.hasEffectiveCap(cap);
    if (ns.level <= credNs.level) return false;
    if (ns.parent === credNs && ns.owner === cred.euid) return true;
    ns = ns.parent;
  }
  return false;
}

/** capable(cap) = ns_capable(&init_user_ns, cap). */
export function capable(cred: Cred, initUserNs: UserNamespace, cap: number): boolean {
  return nsCapable(cred, initUserNs, cap);
}

/**
 * cred_cap_issubset(set, subset) (kernel/cred.c): whether `subset` holds no
 * capability `set` does not. Used to decide whether a credential change makes
 * the task non-dumpable.
 */
export function credCapIsSubset(set: Cred, subset: Cred): boolean {
  if (set.userNs === subset.userNs) return (subset.capPermitted & ~set.capPermitted) === 0n;
  let ns: UserNamespace | null = subset.userNs;
  while (ns && ns.parent) {
    if (ns.parent === set.userNs && ns.owner === set.euid) return true;
    ns = ns.parent;
  }
  return false;
}

/**
 * cap_emulate_setxuid (security/commoncap.c, cap_task_fix_setuid for
 * LSM_SETID_RES): the capability consequences of a setresuid. "Root" is uid 0 of the credentials'
 * user namespace as a kernel uid.
 */
export function fixSetuidCaps(old: Cred, next: Cred): Cred {
  // cap_task_fix_setuid: SECBIT_NO_SETUID_FIXUP leaves the capabilities alone.
  if ((old.securebits & SECBIT_NO_SETUID_FIXUP) !== 0) return next;
  const root = makeKuid(old.userNs, 0);
  let permitted = next.capPermitted;
  let effective = next.capEffective;
  let ambient = next.capAmbient;
  const wasRoot = old.uid === root || old.euid === root || old.suid === root;
  const allNonRoot = next.uid !== root && next.euid !== root && next.suid !== root;
  if (wasRoot && allNonRoot && !old.keepCaps) {
    permitted = CAP_EMPTY_SET;
    effective = CAP_EMPTY_SET;
  }
  if (wasRoot && allNonRoot) ambient = CAP_EMPTY_SET;
  if (old.euid === root && next.euid !== root) effective = CAP_EMPTY_SET;
  if (old.euid !== root && next.euid === root) effective = permitted;
  return next.with({ capPermitted: permitted, capEffective: effective, capAmbient: ambient });
}

/**
 * commit_creds (kernel/cred.c): switches the task's credentials; a change of
 * ids or a capability gain makes it non-dumpable and clears its parent-death
 * signal; the user namespace reference moves with them.
 */
export function commitCreds(k: Kernel, task: Task, next: Cred): void {
  const old = task.cred;
  if (old === next) return;
  if (old.euid !== next.euid || old.egid !== next.egid || old.fsuid !== next.fsuid || old.fsgid !== next.fsgid ||
    !credCapIsSubset(old, next)) {
    task.dumpable = false;
    task.pdeathSignal = 0;
  }
  if (next.userNs !== old.userNs) {
    next.userNs.count++;
    task.cred = next;
    putNs(k, old.userNs);
  } else task.cred = next;
}
