/**
 * The IPC namespace type. Mirrors ipc/namespace.c (create_ipc_ns, copy_ipcs,
 * free_ipc_ns, ipcns_install, ipcns_owner), the per-namespace initialisation of
 * ipc/shm.c, ipc/msg.c, ipc/sem.c (shm_init_ns, msg_init_ns, sem_init_ns) and
 * ipc/mqueue.c (mq_init_ns), and exit_shm (ipc/shm.c), which runs when a task
 * exits or unshares its ipc namespace.
 *
 * A new namespace is empty and starts with the default limits; nothing is
 * copied from the creator's namespace (Q1.2, Q1.5). Its objects live as long as
 * the namespace: the last reference (tasks, open ns files, bind mounts) frees
 * every object and every POSIX message queue (Q1.10).
 */
import { CLONE_NEWIPC, defineNamespaceType, NsCommon } from '@nsproxy/core';
import type { Kernel, KernelEvent, NamespaceOperations, UcountCharge, UserNamespace } from '@nsproxy/core';
import {
  DFLT_MSG, DFLT_MSGMAX, DFLT_MSGSIZE, DFLT_MSGSIZEMAX, DFLT_QUEUESMAX, MSGMAX, MSGMNB, MSGMNI, SEMMNI, SEMMNS, SEMMSL,
  SEMOPM, SHMALL, SHMMAX, SHMMNI,
} from './constants.ts';
import { IpcIds } from './ids.ts';
import type { IpcIdsState, KernIpcPerm } from './ids.ts';
import { MsgQueue, SemArray, ShmSegment } from './objects.ts';
import { watchSemUndo } from './undo.ts';
import type { MqQueue } from './objects.ts';

/** The per-namespace limits (the ipc and mqueue sysctls), all reset to the defaults in a new namespace. */
export interface IpcLimits {
  /** kernel.shmmax (bytes) and kernel.shmall (pages): unsigned long. */
  shmCtlmax: bigint;
  shmCtlall: bigint;
  /** kernel.shmmni. */
  shmCtlmni: number;
  /** kernel.shm_rmid_forced. */
  shmRmidForced: number;
  /** kernel.msgmax, kernel.msgmnb, kernel.msgmni. */
  msgCtlmax: number;
  msgCtlmnb: number;
  msgCtlmni: number;
  /** kernel.sem: SEMMSL, SEMMNS, SEMOPM, SEMMNI. */
  semCtls: [number, number, number, number];
  /** fs.mqueue.*. */
  mqQueuesMax: number;
  mqMsgMax: number;
  mqMsgsizeMax: number;
  mqMsgDefault: number;
  mqMsgsizeDefault: number;
}

/** The limits of a new namespace (shm_init_ns, msg_init_ns, sem_init_ns, mq_init_ns). */
export function defaultIpcLimits(): IpcLimits {
  return {
    shmCtlmax: SHMMAX, shmCtlall: SHMALL, shmCtlmni: SHMMNI, shmRmidForced: 0,
    msgCtlmax: MSGMAX, msgCtlmnb: MSGMNB, msgCtlmni: MSGMNI,
    semCtls: [SEMMSL, SEMMNS, SEMOPM, SEMMNI],
    mqQueuesMax: DFLT_QUEUESMAX, mqMsgMax: DFLT_MSGMAX, mqMsgsizeMax: DFLT_MSGSIZEMAX,
    mqMsgDefault: DFLT_MSG, mqMsgsizeDefault: DFLT_MSGSIZE,
  };
}

/** The namespace's internal mqueue filesystem (ns->mq_mnt): its root directory and its queues. */
export class MqueueFs {
  /** Owner of the root directory (mode 01777): the fsuid/fsgid of the namespace's creator, as kernel ids. */
  readonly rootUid: number;
  readonly rootGid: number;
  /** The Map behind `queues`, made with the first queue (most namespaces never have one). */
  private queueMap: Map<string, MqQueue> | null = null;

  constructor(rootUid: number, rootGid: number) {
    this.rootUid = rootUid;
    this.rootGid = rootGid;
  }

  /** The queues by name (without the leading `/`). */
  get queues(): Map<string, MqQueue> {
    return (this.queueMap ??= new Map());
  }
}

/** An IPC namespace (struct ipc_namespace). */
export class IpcNamespace extends NsCommon {
  /** ids[IPC_SEM_IDS], ids[IPC_MSG_IDS], ids[IPC_SHM_IDS]. */
  readonly sem: IpcIds<SemArray>;
  readonly msg: IpcIds<MsgQueue>;
  readonly shm: IpcIds<ShmSegment>;
  /** The sysctls. */
  readonly limits: IpcLimits;
  /** used_sems: semaphores in all sets (bounded by SEMMNS). */
  usedSems = 0;
  /** shm_tot: pages in all segments (bounded by shmall). */
  shmTot = 0n;
  readonly mqueue: MqueueFs;

  constructor(
    ops: NamespaceOperations,
    owner: UserNamespace,
    ucount: UcountCharge | null,
    init: { mqRootUid: number; mqRootGid: number; limits?: IpcLimits; sem?: IpcIds<SemArray>; msg?: IpcIds<MsgQueue>; shm?: IpcIds<ShmSegment> },
  ) {
    super(ops, owner, ucount);
    this.sem = init.sem ?? new IpcIds<SemArray>();
    this.msg = init.msg ?? new IpcIds<MsgQueue>();
    this.shm = init.shm ?? new IpcIds<ShmSegment>();
    this.limits = init.limits ?? defaultIpcLimits();
    this.mqueue = new MqueueFs(init.mqRootUid, init.mqRootGid);
  }

  /** The owning user namespace (ns->user_ns). */
  get userNs(): UserNamespace {
    return this.ownerNs as UserNamespace;
  }

  /** shm_destroy: the segment is gone (also from its creator's shm_clist) and its pages are returned to shm_tot. */
  destroyShm(seg: ShmSegment): void {
    if (seg.creator !== null && this.boundKernel) shmClists.get(this.boundKernel)?.get(seg.creator)?.delete(seg);
    this.shmTot -= seg.pages;
    this.shm.remove(seg);
  }

  /** freeque: the queue goes with its messages. */
  destroyMsg(q: MsgQueue): void {
    this.msg.remove(q);
  }

  /** freeary: the semaphores (and their values) are returned to used_sems. */
  destroySem(sma: SemArray): void {
    this.usedSems -= sma.nsems;
    this.sem.remove(sma);
  }

  /** free_ipc_ns: sem_exit_ns, msg_exit_ns, shm_exit_ns, then the mqueue filesystem goes (mq_put_mnt). */
  destroyAll(): void {
    for (const s of this.sem.objects()) this.destroySem(s);
    for (const q of this.msg.objects()) this.destroyMsg(q);
    for (const seg of this.shm.objects()) this.destroyShm(seg);
    this.mqueue.queues.clear();
  }
}

/** The JSON form of a namespace (`save`). */
interface SavedPerm {
  id: number; key: number; uid: number; gid: number; cuid: number; cgid: number; mode: number; seq: number;
}
interface SavedIpcNamespace {
  limits: Omit<IpcLimits, 'shmCtlmax' | 'shmCtlall'> & { shmCtlmax: string; shmCtlall: string };
  usedSems: number;
  shmTot: string;
  ids: Record<'sem' | 'msg' | 'shm', IpcIdsState>;
  sem: (SavedPerm & { nsems: number; semval?: number[] })[];
  msg: (SavedPerm & { qbytes: number; cbytes?: number; messages?: SavedMsg[] })[];
  shm: (SavedPerm & { size: string; pages: string; nattch: number; creator: number | null })[];
  mqueue: { rootUid: number; rootGid: number; queues: MqQueue[] };
}

/** A message: its text as hex. */
interface SavedMsg {
  mtype: number;
  size: number;
  data: string;
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from({ length: hex.length / 2 }, (_, i) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

function reviveMsgQueue(p: SavedPerm & { qbytes: number; cbytes?: number; messages?: SavedMsg[] }): MsgQueue {
  const q = revivePerm(new MsgQueue(p.key, p.mode, p.qbytes), p);
  for (const m of p.messages ?? []) q.messages.push({ mtype: m.mtype, size: m.size, data: fromHex(m.data) });
  q.cbytes = p.cbytes ?? 0;
  return q;
}

function reviveSemArray(p: SavedPerm & { nsems: number; semval?: number[] }): SemArray {
  const sma = revivePerm(new SemArray(p.key, p.mode, p.nsems), p);
  p.semval?.forEach((v, i) => {
    sma.semval[i] = v;
  });
  return sma;
}

function savePerm(o: KernIpcPerm): SavedPerm {
  return { id: o.id, key: o.key, uid: o.uid, gid: o.gid, cuid: o.cuid, cgid: o.cgid, mode: o.mode, seq: o.seq };
}

function revivePerm<T extends KernIpcPerm>(o: T, p: SavedPerm): T {
  o.id = p.id;
  o.uid = p.uid;
  o.gid = p.gid;
  o.cuid = p.cuid;
  o.cgid = p.cgid;
  o.seq = p.seq;
  return o;
}

/**
 * task->sysvshm.shm_clist of every task, by kernel and task serial: the
 * segments the task created that still have it as creator (shm_creator),
 * each with its namespace (shp->ns).
 */
const shmClists = new WeakMap<object, Map<number, Map<ShmSegment, IpcNamespace>>>();

/** newseg's list_add(&shp->shm_clist, &current->sysvshm.shm_clist): `seg` of `ns` was created by the task `serial`. */
export function linkShmCreator(kernel: Kernel, serial: number, ns: IpcNamespace, seg: ShmSegment): void {
  let byTask = shmClists.get(kernel);
  if (!byTask) shmClists.set(kernel, (byTask = new Map<number, Map<ShmSegment, IpcNamespace>>()));
  let list = byTask.get(serial);
  if (!list) byTask.set(serial, (list = new Map<ShmSegment, IpcNamespace>()));
  list.set(seg, ns);
}

/**
 * exit_shm (ipc/shm.c): the segments `serial` created (its shm_clist, so the
 * call costs nothing for a task that created none) are no longer linked to
 * it. With kernel.shm_rmid_forced set in a segment's namespace, a segment
 * nobody has attached is destroyed; otherwise it becomes an orphan.
 */
export function exitShm(kernel: Kernel, serial: number): void {
  const byTask = shmClists.get(kernel);
  const list = byTask?.get(serial);
  if (!byTask || !list) return;
  byTask.delete(serial);
  for (const [seg, ns] of list) {
    // (A segment destroyed in a namespace no kernel was bound to stays listed: skip it.)
    if (seg.deleted || seg.creator !== serial) continue;
    seg.creator = null;
    if (ns.limits.shmRmidForced !== 0 && seg.nattch === 0) ns.destroyShm(seg);
  }
}

/** Kernels whose task exits and unshares are already watched for exit_shm. */
const watched = new WeakSet<Kernel>();

function watch(kernel: Kernel): void {
  if (watched.has(kernel)) return;
  watched.add(kernel);
  watchSemUndo(kernel);
  kernel.on((e: KernelEvent) => {
    // do_exit -> exit_shm (ksys_unshare(CLONE_NEWIPC) is the type's `unshared` step).
    if (e.type === 'task-exited') exitShm(kernel, e.task.serial);
  }, { types: ['task-exited'] });
}

/** The IPC namespace type (ipcns_operations). */
export const ipcNamespaceType: NamespaceOperations<IpcNamespace> = defineNamespaceType<IpcNamespace>({
  name: 'ipc',
  type: CLONE_NEWIPC,
  order: 30,
  meta: { name: '@nsproxy/ipc' },
  /** init_ipc_ns: owned by the initial user namespace; its mqueue root belongs to root. */
  createInitial(kernel, initUserNs) {
    watch(kernel);
    return new IpcNamespace(ipcNamespaceType, initUserNs, null, { mqRootUid: 0, mqRootGid: 0 });
  },
  /**
   * copy_ipcs -> create_ipc_ns: charge max_ipc_namespaces (ENOSPC), then an
   * empty namespace with default limits; its mqueue root directory belongs to
   * the creator's fsuid/fsgid (mq_init_ns mounts it with the caller's credentials).
   */
  copy(ctx) {
    const charge = ctx.chargeUcount();
    return new IpcNamespace(ipcNamespaceType, ctx.userNs, charge, { mqRootUid: ctx.cred.fsuid, mqRootGid: ctx.cred.fsgid });
  },
  // ipcns_install and ipcns_owner are the defaults (installDefault: CAP_SYS_ADMIN over the
  // target's owner and over the caller's own user namespace; the owner is ns.ownerNs).
  /** free_ipc_ns: every object and queue is destroyed with the namespace. */
  free(ns) {
    ns.destroyAll();
  },
  /** ksys_unshare(CLONE_NEWIPC): exit_shm + shm_init_task, the segments the task created are orphaned. */
  unshared(task) {
    exitShm(task.kernel, task.serial);
  },
  save(ns): SavedIpcNamespace {
    const l = ns.limits;
    return {
      limits: { ...l, semCtls: [...l.semCtls], shmCtlmax: l.shmCtlmax.toString(), shmCtlall: l.shmCtlall.toString() },
      usedSems: ns.usedSems,
      shmTot: ns.shmTot.toString(),
      ids: { sem: ns.sem.state(), msg: ns.msg.state(), shm: ns.shm.state() },
      sem: ns.sem.objects().map((o) => ({ ...savePerm(o), nsems: o.nsems, semval: [...o.semval] })),
      msg: ns.msg.objects().map((o) => ({
        ...savePerm(o), qbytes: o.qbytes, cbytes: o.cbytes,
        messages: o.messages.map((m) => ({ mtype: m.mtype, size: m.size, data: toHex(m.data) })),
      })),
      shm: ns.shm.objects().map((o) => ({ ...savePerm(o), size: o.size.toString(), pages: o.pages.toString(), nattch: o.nattch, creator: o.creator })),
      mqueue: { rootUid: ns.mqueue.rootUid, rootGid: ns.mqueue.rootGid, queues: [...ns.mqueue.queues.values()].map((q) => ({ ...q, charge: [...q.charge] })) },
    };
  },
  revive(kernel, owner, data) {
    watch(kernel);
    const d = data as SavedIpcNamespace;
    const limits: IpcLimits = {
      ...d.limits, semCtls: [...d.limits.semCtls], shmCtlmax: BigInt(d.limits.shmCtlmax), shmCtlall: BigInt(d.limits.shmCtlall),
    };
    const sem = IpcIds.revive(d.ids.sem, d.sem.map(reviveSemArray));
    const msg = IpcIds.revive(d.ids.msg, d.msg.map(reviveMsgQueue));
    const shm = IpcIds.revive(d.ids.shm, d.shm.map((p) => {
      const seg = revivePerm(new ShmSegment(p.key, p.mode, BigInt(p.size), BigInt(p.pages), p.creator), p);
      seg.nattch = p.nattch;
      return seg;
    }));
    const ns = new IpcNamespace(ipcNamespaceType, owner, null, { mqRootUid: d.mqueue.rootUid, mqRootGid: d.mqueue.rootGid, limits, sem, msg, shm });
    for (const seg of shm.objects()) if (seg.creator !== null) linkShmCreator(kernel, seg.creator, ns, seg);
    ns.usedSems = d.usedSems;
    ns.shmTot = BigInt(d.shmTot);
    for (const q of d.mqueue.queues) ns.mqueue.queues.set(q.name, { ...q, charge: [...q.charge] });
    return ns;
  },
});
