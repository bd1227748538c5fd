/**
 * Kernel.listNamespaces counts the processes of a listing once per nsproxy
 * and reads the rest (the credentials' user namespace, the active pid and
 * time namespaces) per process only where it differs from the first process
 * of its nsproxy. Invariant, checked on random machines with every type: the
 * listing is what reading each visible process's /proc/PID/ns links one by
 * one gives (peekNs per process and type, the lowest pid of each namespace,
 * the namespaces only open files hold), whoever the viewer is.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWTIME, CLONE_NEWUSER, CLONE_NEWUTS, CLONE_SIGHAND,
  CLONE_THREAD, CLONE_VM, Kernel, UserNamespace, fromKuidMunged, nsOwner,
} from '@nsproxy/core';
import type { NamespaceOperations, NamespaceRow, NsCommon, Task } from '@nsproxy/core';
import { cgroupNamespaceType } from '@nsproxy/cgroup';
import { timeNamespaceType } from '@nsproxy/time';
import { SHELL_TYPES } from './index.ts';

const TYPES: readonly NamespaceOperations[] = [...SHELL_TYPES, cgroupNamespaceType, timeNamespaceType] as readonly NamespaceOperations[];
const THREAD = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
const CLONE_FLAGS = [0, 0, THREAD, CLONE_NEWTIME, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWUTS | CLONE_NEWIPC, CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWCGROUP];
/** setns into another process's namespace: a task joins what another made (an older task into a newer namespace). */
const SETNS: readonly (readonly [string, number])[] = [['user', CLONE_NEWUSER], ['time', CLONE_NEWTIME], ['pid', CLONE_NEWPID], ['uts', CLONE_NEWUTS]];
const UNSHARE_FLAGS = [CLONE_NEWTIME, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWUTS, CLONE_NEWTIME | CLONE_NEWPID];

type Step =
  | { readonly op: 'clone'; readonly from: number; readonly flags: number }
  | { readonly op: 'unshare'; readonly t: number; readonly flags: number }
  | { readonly op: 'setuid'; readonly t: number; readonly uid: number }
  | { readonly op: 'open'; readonly t: number; readonly file: string }
  | { readonly op: 'setns'; readonly t: number; readonly target: number; readonly ns: readonly [string, number] }
  | { readonly op: 'exit'; readonly t: number }
  | { readonly op: 'wait'; readonly t: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('clone' as const), from: fc.nat(60), flags: fc.constantFrom(...CLONE_FLAGS) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('unshare' as const), t: fc.nat(60), flags: fc.constantFrom(...UNSHARE_FLAGS) }) },
  fc.record({ op: fc.constant('setuid' as const), t: fc.nat(60), uid: fc.constantFrom(0, 1000) }),
  fc.record({ op: fc.constant('open' as const), t: fc.nat(60), file: fc.constantFrom('time_for_children', 'pid_for_children', 'user', 'uts') }),
  fc.record({ op: fc.constant('setns' as const), t: fc.nat(60), target: fc.nat(60), ns: fc.constantFrom(...SETNS) }),
  fc.record({ op: fc.constant('exit' as const), t: fc.nat(60) }),
  fc.record({ op: fc.constant('wait' as const), t: fc.nat(60) }),
);

/** The listing read the slow way: every visible thread-group leader's links, one by one. */
function byEachProcess(k: Kernel, viewer: Task | undefined): NamespaceRow[] {
  const pidNs = viewer?.pid.ns ?? k.initPidNs;
  const userNs = viewer?.cred.userNs ?? k.initUserNs;
  const types = k.types.filter((t) => k.isRegistered(t));
  const rows = new Map<NsCommon, { n: number; pid: number; task: Task | null }>();
  const held: NsCommon[] = [];
  for (const task of k.tasks()) {
    if (!task.isLeader || task.state === 'dead') continue;
    const nr = task.pid.nrIn(pidNs);
    if (nr === 0 || (viewer && !k.ptraceMayAccess(viewer, task, 'read-fscreds'))) continue;
    for (const type of types) {
      const ns = k.peekNs(task, type);
      if (!ns) continue;
      const r = rows.get(ns);
      if (!r) rows.set(ns, { n: 1, pid: nr, task });
      else {
        r.n++;
        if (nr < r.pid) {
          r.pid = nr;
          r.task = task;
        }
      }
    }
    for (const f of task.files?.fds.values() ?? []) if (f.kind === 'ns') held.push(f.ns);
  }
  for (const ns of held) if (!rows.has(ns)) rows.set(ns, { n: 0, pid: 0, task: null });
  return [...rows].map(([ns, r]) => ({
    ns: ns.inum, id: ns.nsId, type: ns.type, nprocs: r.n, pid: r.pid,
    uid: r.task ? fromKuidMunged(userNs, r.task.cred.euid) : 0, command: r.task?.comm ?? '',
    ownerUid: fromKuidMunged(userNs, ns instanceof UserNamespace ? ns.owner : nsOwner(ns)?.owner ?? 0), refs: ns.count,
  })).sort((a, b) => a.ns - b.ns || a.type.localeCompare(b.type));
}

describe('listNamespaces', () => {
  test.prop([fc.array(step, { minLength: 20, maxLength: 80 }), fc.nat(60)])('lists what reading each process\'s ns links one by one lists, for any viewer', (steps, viewerAt) => {
    const k = new Kernel({ namespaces: [...TYPES] });
    const live: Task[] = [k.initTask];
    const pick = (i: number): Task => live[i % live.length] as Task;
    let n = 0;
    for (const s of steps) {
      try {
        if (s.op === 'clone') live.push(k.clone(pick(s.from), s.flags, { comm: `t${++n}` }));
        else if (s.op === 'unshare') k.unshare(pick(s.t), s.flags);
        else if (s.op === 'setuid') k.setresuid(pick(s.t), s.uid, s.uid, s.uid);
        else if (s.op === 'open') k.open(pick(s.t), `/proc/self/ns/${s.file}`);
        else if (s.op === 'setns') {
          const t = pick(s.t);
          const fd = k.openNs(t, pick(s.target), s.ns[0]);
          try {
            k.setns(t, fd, s.ns[1]);
          } finally {
            k.close(t, fd);
          }
        } else if (s.op === 'wait') k.wait(pick(s.t));
        else if (pick(s.t) !== k.initTask) k.exit(pick(s.t));
      } catch {
        // A refused call changes nothing; the listing is what is checked.
      }
      live.splice(0, live.length, ...k.tasks().filter((t) => t.state !== 'dead'));
    }
    // (Zombies stay listed; their links are gone.)
    expect(k.listNamespaces()).toEqual(byEachProcess(k, undefined));
    const viewer = live.filter((t) => t.state === 'running')[viewerAt % live.length];
    if (viewer) expect(k.listNamespaces(viewer)).toEqual(byEachProcess(k, viewer));
  });
});
