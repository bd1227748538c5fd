/**
 * The user namespace object and id translation. Mirrors struct user_namespace
 * (include/linux/user_namespace.h) and make_kuid/from_kuid (kernel/user_namespace.c).
 * The initial user namespace always exists (kernel/user.c init_user_ns), so a
 * kernel built without `@nsproxy/user` behaves like CONFIG_USER_NS=n; creating
 * more of them and writing their maps is the job of the `@nsproxy/user` package.
 */
import { INVALID_ID, OVERFLOW_ID } from './constants.ts';
import { NsCommon, nsIsAncestor } from './ns-common.ts';
import type { NamespaceOperations } from './ops.ts';
import type { UcountCharge } from './ucount.ts';
import { UCOUNT_MAX_DEFAULT, UcountTable } from './ucount.ts';

/** One line of a uid_map or gid_map (struct uid_gid_extent). */
export interface IdExtent {
  /** First id inside the namespace. */
  readonly first: number;
  /** First id in the parent namespace, stored as a kernel id (kuid/kgid). */
  readonly lowerFirst: number;
  /** Number of ids. */
  readonly count: number;
}

/** The identity map of the initial user namespace: `0 0 4294967295`. */
export const IDENTITY_MAP: readonly IdExtent[] = Object.freeze([{ first: 0, lowerFirst: 0, count: 4294967295 }]);

/** A map not written yet (maps are replaced whole, never changed in place). */
const NO_EXTENTS: readonly IdExtent[] = Object.freeze([]);

/** Maximum nesting: a user namespace's parent may be at most level 32 (kernel/user_namespace.c). */
export const USER_NS_MAX_PARENT_LEVEL = 32;

/** A user namespace (struct user_namespace). */
export class UserNamespace extends NsCommon {
  /** The parent user namespace; null for the initial one. */
  readonly parent: UserNamespace | null;
  /** Nesting level: 0 for the initial user namespace. */
  readonly level: number;
  /** The creator's euid, as a kernel uid. */
  readonly owner: number;
  /** The creator's egid, as a kernel gid. */
  readonly group: number;
  uidMap: readonly IdExtent[];
  gidMap: readonly IdExtent[];
  projidMap: readonly IdExtent[];
  /** USERNS_SETGROUPS_ALLOWED: `allow` in /proc/PID/setgroups. */
  setgroupsAllowed: boolean;
  /** Whether the creator had CAP_SETFCAP (verify_root_map). */
  readonly parentCouldSetfcap: boolean;
  /** The Map behind `ucountMax`, made on first use (a Map was a quarter of a new namespace's bytes). */
  #ucountMax: Map<string, number> | null = null;
  /** Used counters, by `<type>:<kuid>`. */
  readonly ucounts: UcountTable = new UcountTable(this);
  /** The maximum for types not set in `ucountMax`. */
  readonly defaultUcountMax: number;
  /**
   * The road not taken userns-2007 (Linux 2.6.23's struct user_namespace):
   * the namespace's own table of users (uidhash_table, by uid; its root user,
   * ns->root_user, is uid 0), or null for a Linux 6.18 namespace. Made by
   * `@nsproxy/user` on a kernel that opened the road (the initial namespace
   * included); core and `@nsproxy/mnt` read only whether it is there:
   * capabilities are then global (capable(), whatever the namespace), and
   * mounts are tagged with their user namespace.
   */
  uidhashTable: Map<number, UserStruct> | null = null;

  constructor(
    ops: NamespaceOperations,
    init: {
      parent: UserNamespace | null;
      owner: number;
      group: number;
      parentCouldSetfcap: boolean;
      setgroupsAllowed: boolean;
      ucount: UcountCharge | null;
      defaultUcountMax?: number;
    },
  ) {
    super(ops, init.parent, init.ucount);
    this.parent = init.parent;
    this.level = init.parent ? init.parent.level + 1 : 0;
    this.owner = init.owner;
    this.group = init.group;
    const initial = init.parent === null;
    this.uidMap = initial ? IDENTITY_MAP : NO_EXTENTS;
    this.gidMap = initial ? IDENTITY_MAP : NO_EXTENTS;
    this.projidMap = initial ? IDENTITY_MAP : NO_EXTENTS;
    this.setgroupsAllowed = init.setgroupsAllowed;
    this.parentCouldSetfcap = init.parentCouldSetfcap;
    this.defaultUcountMax = init.defaultUcountMax ?? UCOUNT_MAX_DEFAULT;
  }

  /** max_<type>_namespaces of this namespace (/proc/sys/user); unset entries use `defaultUcountMax`. */
  get ucountMax(): Map<string, number> {
    return (this.#ucountMax ??= new Map());
  }

  /** max_<type>_namespaces for `type`: its entry in `ucountMax`, else `defaultUcountMax` (without making the Map). */
  ucountMaxOf(type: string): number {
    return this.#ucountMax?.get(type) ?? this.defaultUcountMax;
  }

  /** Whether `this` is `other` or one of its descendants (in_userns(other, this)). */
  isDescendantOf(other: UserNamespace): boolean {
    return nsIsAncestor<UserNamespace>(other, this);
  }
}

/**
 * A user of a 2007-style user namespace (struct user_struct of Linux 2.6.23,
 * road userns-2007): one per (namespace, uid), so uid 0 of a new namespace is
 * another user than the initial namespace's root.
 */
export interface UserStruct {
  /** The namespace whose table holds it. */
  readonly ns: UserNamespace;
  /** The uid, the same number in every namespace (no id maps then). */
  readonly uid: number;
}

/** What a user type's `save` keeps of a user namespace (the parent is the owner passed to `revive`). */
export interface SavedUserNamespace {
  readonly owner: number;
  readonly group: number;
  readonly uidMap: readonly IdExtent[];
  readonly gidMap: readonly IdExtent[];
  readonly projidMap: readonly IdExtent[];
  readonly setgroupsAllowed: boolean;
  readonly parentCouldSetfcap: boolean;
  readonly defaultUcountMax: number;
  /** /proc/sys/user/max_*_namespaces set in this namespace. */
  readonly ucountMax: readonly (readonly [string, number])[];
  /** The ucounts charged against this namespace (`<type>:<kuid>` -> count). */
  readonly ucounts: readonly (readonly [string, number])[];
}

/** The `save` of every user type (the built-in one and `@nsproxy/user`'s): the state of struct user_namespace. */
export function saveUserNamespace(ns: UserNamespace): SavedUserNamespace {
  return {
    owner: ns.owner, group: ns.group, uidMap: copyIdMap(ns.uidMap), gidMap: copyIdMap(ns.gidMap), projidMap: copyIdMap(ns.projidMap),
    setgroupsAllowed: ns.setgroupsAllowed, parentCouldSetfcap: ns.parentCouldSetfcap, defaultUcountMax: ns.defaultUcountMax,
    ucountMax: [...ns.ucountMax], ucounts: [...ns.ucounts],
  };
}

/** The `revive` of every user type: a user namespace of type `ops` from `saveUserNamespace`'s data. */
export function reviveUserNamespace(ops: NamespaceOperations, parent: UserNamespace | null, data: unknown): UserNamespace {
  const d = data as SavedUserNamespace;
  const ns = new UserNamespace(ops, {
    parent, owner: d.owner, group: d.group, parentCouldSetfcap: d.parentCouldSetfcap,
    setgroupsAllowed: d.setgroupsAllowed, ucount: null, defaultUcountMax: d.defaultUcountMax,
  });
  ns.uidMap = copyIdMap(d.uidMap);
  ns.gidMap = copyIdMap(d.gidMap);
  ns.projidMap = copyIdMap(d.projidMap);
  for (const [k, v] of d.ucountMax) ns.ucountMax.set(k, v);
  for (const [k, v] of d.ucounts ?? []) ns.ucounts.set(k, v);
  return ns;
}

/** A map as plain data: a copy of each extent (the one place maps are copied for snapshots). */
export function copyIdMap(map: readonly IdExtent[]): IdExtent[] {
  return map.map((e) => ({ first: e.first, lowerFirst: e.lowerFirst, count: e.count }));
}

/** Maps an id down through one map (map_id_down): inside id -> kernel id, or -1. */
export function mapIdDown(map: readonly IdExtent[], id: number): number {
  for (const e of map) {
    if (id >= e.first && id - e.first < e.count) return e.lowerFirst + (id - e.first);
  }
  return -1;
}

/** Maps a kernel id up through one map (map_id_up): kernel id -> inside id, or -1. */
export function mapIdUp(map: readonly IdExtent[], kid: number): number {
  for (const e of map) {
    if (kid >= e.lowerFirst && kid - e.lowerFirst < e.count) return e.first + (kid - e.lowerFirst);
  }
  return -1;
}

/** make_kuid: a uid as seen in `ns` to a kernel uid; -1 when unmapped. */
export function makeKuid(ns: UserNamespace, uid: number): number {
  if (uid < 0 || uid >= INVALID_ID) return -1;
  return mapIdDown(ns.uidMap, uid);
}

/** make_kgid. */
export function makeKgid(ns: UserNamespace, gid: number): number {
  if (gid < 0 || gid >= INVALID_ID) return -1;
  return mapIdDown(ns.gidMap, gid);
}

/** from_kuid: a kernel uid as seen in `ns`; -1 when unmapped. */
export function fromKuid(ns: UserNamespace, kuid: number): number {
  return kuid < 0 ? -1 : mapIdUp(ns.uidMap, kuid);
}

/** from_kgid. */
export function fromKgid(ns: UserNamespace, kgid: number): number {
  return kgid < 0 ? -1 : mapIdUp(ns.gidMap, kgid);
}

/** from_kuid_munged: unmapped ids show as the overflow uid 65534. */
export function fromKuidMunged(ns: UserNamespace, kuid: number): number {
  const id = fromKuid(ns, kuid);
  return id < 0 ? OVERFLOW_ID : id;
}

/** from_kgid_munged. */
export function fromKgidMunged(ns: UserNamespace, kgid: number): number {
  const id = fromKgid(ns, kgid);
  return id < 0 ? OVERFLOW_ID : id;
}
