/**
 * The id table of one kind of System V object in one namespace, and the
 * permission check every IPC call shares. Mirrors ipc/util.c (ipc_init_ids,
 * ipc_findkey, ipc_idr_alloc, ipc_addid, ipc_rmid, ipc_obtain_object_check,
 * ipcperms, ipcctl_obtain_check) and ipc/util.h (ipcid_to_idx, ipcid_to_seqx).
 *
 * Ids are built the way the kernel builds them, so the same steps give the same
 * ids as on Linux: `id = seq << 15 | index`. The index is allocated cyclically
 * (idr_alloc_cyclic) in a window of max(in_use * 3/2, 64) slots, starting after
 * the last index handed out; `seq` grows by one each time the index does not
 * grow (it wrapped, or a lower slot was taken). So a removed id is not reused at
 * once, and when a slot is reused its id differs by a multiple of 32768.
 */
import { CAP_IPC_OWNER, fail, nsCapable } from '@nsproxy/core';
import type { Cred, UserNamespace } from '@nsproxy/core';
import { INT_MAX, IPC_MIN_CYCLE, IPC_PRIVATE, IPCID_SEQ_MAX, IPCMNI, IPCMNI_IDX_MASK, IPCMNI_SHIFT } from './constants.ts';

/** ipcid_to_idx: the index part of an id. */
export function ipcidToIdx(id: number): number {
  return id & IPCMNI_IDX_MASK;
}

/** ipcid_to_seqx: the sequence part of an id. */
export function ipcidToSeqx(id: number): number {
  return id >> IPCMNI_SHIFT;
}

/** struct kern_ipc_perm: what every System V object has. */
export abstract class KernIpcPerm {
  /** The id user space sees (seq << 15 | index); set by `IpcIds.add`. */
  id = -1;
  /** The key (key_t, a signed 32-bit int); IPC_PRIVATE (0) for an object found only by id. */
  readonly key: number;
  /** Owner and creator, as kernel ids (the creator's euid and egid). */
  uid = 0;
  gid = 0;
  cuid = 0;
  cgid = 0;
  /** The permission bits (flags & 0777), plus SHM_DEST for shm. */
  mode: number;
  /** The sequence number the id was built with. */
  seq = 0;
  /** Set once removed (ipc_rmid); a deleted object is never found again. */
  deleted = false;

  constructor(key: number, mode: number) {
    this.key = key;
    this.mode = mode;
  }
}

/** The three id tables of a namespace, in the kernel's order (ipc_namespace.ids[]). */
export type IpcKind = 'sem' | 'msg' | 'shm';
/** The three id tables of an IPC namespace (ipc_namespace.ids[]), in the kernel's order: sem, msg, shm. */
export const IPC_KINDS: readonly IpcKind[] = ['sem', 'msg', 'shm'];

/** The JSON form of an id table's counters (for snapshots). */
export interface IpcIdsState {
  seq: number;
  lastIdx: number;
  maxIdx: number;
  nextId: number;
  idrNext: number;
}

/** The tables of an IpcIds without objects: one empty Map for all, never written (`own` replaces it first). */
const NO_OBJECTS = new Map<number, never>();

/** struct ipc_ids: the objects of one kind in one namespace, by index and by key. */

export class IpcIds<T extends KernIpcPerm> {
  /** The sequence number of the next id (ids->seq). */
  seq = 0;
  /** The index handed out last (ids->last_idx); -1 in a new table. */
  lastIdx = -1;
  /** The highest index in use (ids->max_idx); -1 when empty. */
  maxIdx = -1;
  /** kernel.<kind>_next_id (CONFIG_CHECKPOINT_RESTORE): the id the next object gets; -1 when unset. */
  nextId = -1;
  /** The cyclic cursor of the idr (idr->idr_next). */
  idrNext = 0;
  /**
   * The objects by index (ids->ipcs_idr). Both tables start as the shared
   * empty one and get a Map of their own with the first object (`own`): most
   * namespaces never hold one, and six Maps were most of a new namespace.
   */
  private idr: Map<number, T> = NO_OBJECTS;
  /** The objects with a key (ids->key_ht). */
  private keyTable: Map<number, T> = NO_OBJECTS;

  /** Gives the table Maps of its own before its first object goes in. */
  private own(): void {
    if (this.idr === NO_OBJECTS) {
      this.idr = new Map();
      this.keyTable = new Map();
    }
  }

  /** ids->in_use. */
  get inUse(): number {
    return this.idr.size;
  }

  /** The objects, by increasing index (the order of /proc/sysvipc/*). */
  objects(): T[] {
    if (this.idr.size === 0) return [];
    return [...this.idr.entries()].sort((a, b) => a[0] - b[0]).map(([, o]) => o);
  }

  /** ipc_findkey: the object with this key, or undefined. */
  findKey(key: number): T | undefined {
    return this.keyTable.get(key);
  }

  /** ipc_obtain_object_idr: the object at the id's index, whatever its sequence; EINVAL when none. */
  obtainObjectIdr(id: number, sys: string): T {
    return this.idr.get(ipcidToIdx(id)) ?? fail('EINVAL', sys, `no object at index ${ipcidToIdx(id)}`, 'Q1.24');
  }

  /** ipc_obtain_object_check: the object with exactly this id; EINVAL when none (also a stale sequence). */
  obtainObjectCheck(id: number, sys: string): T {
    const obj = this.obtainObjectIdr(id, sys);
    if (ipcidToSeqx(id) !== obj.seq) fail('EINVAL', sys, `stale id ${id}`, 'Q1.24');
    return obj;
  }

  /**
   * ipc_addid: enters `obj` with the caller's euid/egid as owner and creator.
   * ENOSPC (nothing changed) when `limit` objects exist (limit capped at IPCMNI).
   * Returns the index; `obj.id` is set.
   */
  add(obj: T, limit: number, cred: Cred, sys: string): number {
    if (limit > IPCMNI) limit = IPCMNI;
    if (this.inUse >= limit) fail('ENOSPC', sys, `${limit} objects of this kind already exist`, 'Q1.16');
    obj.uid = obj.cuid = cred.euid;
    obj.gid = obj.cgid = cred.egid;
    const idx = this.idrAlloc(obj, sys);
    this.own();
    this.idr.set(idx, obj);
    if (obj.key !== IPC_PRIVATE) this.keyTable.set(obj.key, obj);
    if (idx > this.maxIdx) this.maxIdx = idx;
    return idx;
  }

  /**
   * ipc_idr_alloc: picks the index and the sequence number. With
   * kernel.<kind>_next_id set, that id is used (the first free index at or above
   * its index, with its sequence) and the setting is consumed.
   */
  private idrAlloc(obj: T, sys: string): number {
    const nextId = this.nextId;
    this.nextId = -1;
    let idx: number;
    if (nextId < 0) {
      const maxIdx = Math.min(Math.max(Math.trunc((this.inUse * 3) / 2), IPC_MIN_CYCLE), IPCMNI);
      idx = this.allocCyclic(maxIdx);
      if (idx < 0) {
        this.nextId = nextId;
        return fail('ENOSPC', sys, 'no free index', 'Q1.16');
      }
      if (idx <= this.lastIdx) {
        this.seq++;
        if (this.seq >= IPCID_SEQ_MAX) this.seq = 0;
      }
      this.lastIdx = idx;
      obj.seq = this.seq;
    } else {
      obj.seq = ipcidToSeqx(nextId);
      idx = this.firstFree(ipcidToIdx(nextId), INT_MAX);
    }
    obj.id = (obj.seq * IPCMNI + idx) | 0;
    return idx;
  }

  /** idr_alloc_cyclic(idr, 0, end): the first free index from the cursor, wrapping to 0 once; -1 when full. */
  private allocCyclic(end: number): number {
    const max = end > 0 ? end - 1 : INT_MAX;
    const start = this.idrNext;
    let idx = this.firstFree(start, max);
    if (idx < 0 && start > 0) idx = this.firstFree(0, max);
    if (idx >= 0) this.idrNext = idx + 1;
    return idx;
  }

  private firstFree(from: number, max: number): number {
    for (let i = from; i <= max; i++) if (!this.idr.has(i)) return i;
    return -1;
  }

  /** ipc_rmid: the object is gone from both tables; its id is never valid again. */
  remove(obj: T): void {
    const lid = ipcidToIdx(obj.id);
    if (this.idr.get(lid) !== obj) throw new Error(`ipc_rmid: object ${obj.id} is not in this table`);
    this.idr.delete(lid);
    if (obj.key !== IPC_PRIVATE && this.keyTable.get(obj.key) === obj) this.keyTable.delete(obj.key);
    obj.deleted = true;
    if (lid === this.maxIdx) {
      let i = lid - 1;
      while (i >= 0 && !this.idr.has(i)) i--;
      this.maxIdx = i;
    }
  }

  /** The counters, for snapshots. */
  state(): IpcIdsState {
    return { seq: this.seq, lastIdx: this.lastIdx, maxIdx: this.maxIdx, nextId: this.nextId, idrNext: this.idrNext };
  }

  /** Rebuilds a table from `state()` and its objects (each with its id set). */
  static revive<T extends KernIpcPerm>(state: IpcIdsState, objects: readonly T[]): IpcIds<T> {
    const ids = new IpcIds<T>();
    Object.assign(ids, state);
    if (objects.length) ids.own();
    for (const o of objects) {
      ids.idr.set(ipcidToIdx(o.id), o);
      if (o.key !== IPC_PRIVATE) ids.keyTable.set(o.key, o);
    }
    return ids;
  }
}

/** in_group_p: whether the credentials' fsgid is `gid` (supplementary groups are not modelled). */
export function inGroup(cred: Cred, gid: number): boolean {
  return cred.fsgid === gid;
}

/**
 * ipcperms (ipc/util.c): may the caller have the access that `flag`'s
 * permission bits ask for (any of its rwx triplets, folded)? The owner or
 * creator (by euid) gets the owner bits, a member of the owner or creator
 * group the group bits, others the other bits; CAP_IPC_OWNER over the
 * namespace's owner grants everything. False means EACCES.
 */
export function ipcperms(owner: UserNamespace, cred: Cred, perm: KernIpcPerm, flag: number): boolean {
  const requested = (flag >> 6) | (flag >> 3) | flag;
  let granted = perm.mode;
  if (cred.euid === perm.cuid || cred.euid === perm.uid) granted >>= 6;
  else if (inGroup(cred, perm.cgid) || inGroup(cred, perm.gid)) granted >>= 3;
  if ((requested & ~granted & 0o7) !== 0 && !nsCapable(cred, owner, CAP_IPC_OWNER)) return false;
  return true;
}
