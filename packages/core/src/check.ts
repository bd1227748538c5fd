/**
 * The kernel's own consistency, as a list of what is wrong with it (empty when
 * nothing is): what the property tests check after every step, and what
 * `nsproxy fuzz --backend sim` checks after every step of a random scenario.
 * A model bug shows here even where no errno or result would show it.
 */
import { Kernel } from './kernel.ts';
import { SnapshotUnsupportedError } from './snapshot.ts';

/**
 * The invariants of a kernel's state:
 * - every live namespace's reference count equals its holders counted from the
 *   state (nsproxies, credentials, open files, struct pids, pins, owners,
 *   parents, the kernel's own references on the initial namespaces), and is
 *   above zero;
 * - no holder names a namespace that was freed;
 * - a snapshot restores to the same kernel (`Kernel.restore(k.snapshot())`
 *   gives back the same snapshot), with the types it was built with, when
 *   every one of them can be saved (has `save` and `revive`) and the state
 *   holds nothing a snapshot cannot keep (an open socket: SnapshotUnsupportedError).
 */
export function kernelProblems(kernel: Kernel): string[] {
  const problems: string[] = [];
  const holders = kernel.countHolders();
  const live = new Set(kernel.namespaces());
  for (const ns of live) {
    const held = holders.get(ns) ?? 0;
    if (ns.count <= 0) problems.push(`${ns.linkName}: reference count ${ns.count} while alive`);
    if (ns.count !== held) problems.push(`${ns.linkName}: reference count ${ns.count}, but ${held} holders`);
  }
  for (const ns of holders.keys()) {
    if (!live.has(ns)) problems.push(`${ns.linkName}: held (${String(holders.get(ns))} holders) but freed`);
  }
  const namespaces = kernel.types.filter((t) => kernel.isRegistered(t));
  if (!namespaces.every((t) => t.save !== undefined && t.revive !== undefined)) return problems;
  try {
    const snap = JSON.stringify(kernel.snapshot());
    const again = JSON.stringify(Kernel.restore(JSON.parse(snap) as ReturnType<Kernel['snapshot']>, { namespaces }).snapshot());
    if (again !== snap) problems.push('a restored snapshot differs from the kernel it was taken of');
  } catch (error) {
    if (error instanceof SnapshotUnsupportedError) return problems;
    problems.push(`snapshot or restore failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return problems;
}
