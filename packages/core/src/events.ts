/**
 * Kernel events (`Kernel.on`): what a tracer would see. No Linux file: the
 * model's stand-in for tracepoints (sched_process_fork/exit/free, the
 * namespace tree's add/remove). The kernel keeps, per event type, the list of
 * listeners that want it, so a syscall does not even build an event nobody
 * listens to.
 */
import type { Kernel } from './kernel.ts';
import type { NsCommon } from './ns-common.ts';
import type { Task } from './task.ts';

/** The events of `Kernel.on`. */
export type KernelEvent =
  | { readonly type: 'task-created'; readonly task: Task; readonly parent: Task; /** The clone flags (CLONE_SYSVSEM: copy_semundo shares the undo list). */ readonly flags: number }
  | { readonly type: 'task-exited'; readonly task: Task; readonly status: number }
  | { readonly type: 'task-reaped'; readonly task: Task }
  | { readonly type: 'ns-created'; readonly ns: NsCommon }
  | { readonly type: 'ns-freed'; readonly ns: NsCommon }
  | { readonly type: 'setns'; readonly task: Task; readonly namespaces: readonly NsCommon[] }
  | { readonly type: 'unshare'; readonly task: Task; readonly flags: number }
  | { readonly type: 'signal-handled'; readonly task: Task; readonly sig: number };

/** A listener of `Kernel.on`. */
export type KernelListener = (e: KernelEvent) => void;

/** A subscription: the listener and the event types it wants (null: every type). */
export interface ListenerEntry {
  readonly listener: KernelListener;
  readonly types: ReadonlySet<KernelEvent['type']> | null;
}

/** The listeners of each event type (those without a filter are in every list). */
export function listenersByType(list: readonly ListenerEntry[]): Record<KernelEvent['type'], readonly KernelListener[]> {
  const of = (t: KernelEvent['type']): KernelListener[] => list.filter((e) => !e.types || e.types.has(t)).map((e) => e.listener);
  return {
    'task-created': of('task-created'), 'task-exited': of('task-exited'), 'task-reaped': of('task-reaped'),
    'ns-created': of('ns-created'), 'ns-freed': of('ns-freed'), setns: of('setns'), unshare: of('unshare'),
    'signal-handled': of('signal-handled'),
  };
}

/** Calls `listeners` (k.to[e.type], read when the event was built) with the event. */
export function emit(k: Kernel, listeners: readonly KernelListener[], e: KernelEvent): void {
  const to = k.to;
  for (const listener of listeners) {
    // A listener removed by an earlier one during this event is not called (as with a Set).
    if (k.to !== to && !k.listeners.some((x) => x.listener === listener)) continue;
    listener(e);
  }
}
