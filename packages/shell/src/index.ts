/**
 * @nsproxy/shell: the simulated userland. For now `lsns`, printed the way
 * util-linux's lsns(8) prints it (sys-utils/lsns.c: columns NS TYPE NPROCS
 * PID USER COMMAND, sorted by inode; USER is the effective uid of the PID,
 * the owner of its /proc/PID).
 */
import type { Kernel, NamespaceRow, Task } from '@nsproxy/core';

/** Options of `lsns`. */
export interface LsnsOptions {
  /** Only namespaces of this type (`lsns -t uts`). */
  readonly type?: string;
  /**
   * Print as seen by this task: the processes of its pid namespace whose ns
   * links it may read, ids as its user namespace maps them. Default: the
   * initial pid and user namespaces, reading everything.
   */
  readonly viewer?: Task;
  /** Include namespaces only held by open files (NPROCS 0). Default true, like recent lsns. */
  readonly withoutProcesses?: boolean;
}

/** A user name as lsns shows it: `root` for 0, else the number. */
export function userName(uid: number): string {
  return uid === 0 ? 'root' : String(uid);
}

/** The rows lsns would list. */
export function lsnsRows(kernel: Kernel, options: LsnsOptions = {}): NamespaceRow[] {
  return kernel
    .listNamespaces(options.viewer)
    .filter((r) => (options.type === undefined || r.type === options.type) && (options.withoutProcesses !== false || r.nprocs > 0));
}

/** lsns(8)'s table: right-aligned numbers, one line per namespace. */
export function lsns(kernel: Kernel, options: LsnsOptions = {}): string {
  const rows = lsnsRows(kernel, options);
  const table: string[][] = [['NS', 'TYPE', 'NPROCS', 'PID', 'USER', 'COMMAND']];
  for (const r of rows) {
    table.push([String(r.ns), r.type, String(r.nprocs), r.pid ? String(r.pid) : '', r.command ? userName(r.uid) : '', r.command]);
  }
  const right = [true, false, true, true, false, false];
  const widths = (table[0] ?? []).map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  return table
    .map((row) =>
      row
        .map((cell, i) => {
          const w = widths[i] ?? 0;
          if (i === row.length - 1) return cell;
          return right[i] ? cell.padStart(w) : cell.padEnd(w);
        })
        .join(' ')
        .trimEnd(),
    )
    .join('\n');
}
