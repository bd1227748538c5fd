/**
 * util-linux 2.38.1's lsns(8) (sys-utils/lsns.c), in its own steps:
 * read_processes (the caller's /proc: each process's pid, ppid, the owner of
 * its directory, and for each namespace type the inode of its ns link, with
 * the parent's and the owner's through NS_GET_PARENT and NS_GET_USERNS;
 * EACCES and EPERM leave them out), read_namespaces (one namespace per
 * inode, its processes, the lowest pid), read_related_namespaces for
 * `--tree=owner|parent` (namespaces no process is in are found through the
 * ioctls: interpolate_missing_namespaces, add_namespace_for_nsfd), then
 * show_namespaces or, for a `<namespace>` operand, show_namespace_processes.
 * The table is printed by lsns-table.ts as libsmartcols prints it.
 */
import { KernelError, NS_GET_OWNER_UID, NS_GET_PARENT, NS_GET_USERNS, fromKuidMunged, ptraceMayAccess } from '@nsproxy/core';
import type { NsCommon, Task } from '@nsproxy/core';
import { mountInfo } from '@nsproxy/mnt';
import { NetNamespace, netNsOf, peernet2id } from '@nsproxy/net';
import { HELP_OPTIONS, parseOrExit } from '../command.ts';
import type { CommandContext, CommandDef, ParsedArgs } from '../command.ts';
import { LSNS_COLUMNS, LSNS_TYPES, lsnsDefaultColumns, lsnsOutputColumns, lsnsTable } from '../lsns-table.ts';
import type { LsnsCell } from '../lsns-table.ts';
import { getpwuid } from '../passwd.ts';
import { procProcesses } from './procps.ts';

/** lsns's tree kinds (LSNS_TREE_*). */
type Tree = 'none' | 'process' | 'owner' | 'parent';

/** struct lsns_process. */
interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly uid: number;
  readonly task: Task;
  /** ns_ids, ns_pids, ns_oids by type. */
  readonly ns: Map<string, { readonly id: number; readonly pid: number; readonly oid: number; readonly obj: NsCommon }>;
  parent?: Proc;
  outline?: number;
}

/** struct lsns_namespace. */
interface Ns {
  readonly id: number;
  readonly type: string;
  readonly obj: NsCommon;
  nprocs: number;
  readonly related: [number, number];
  relatedNs: [Ns | undefined, Ns | undefined];
  proc?: Proc;
  readonly processes: Proc[];
  uidFallback: number;
  outline?: number;
}

const PARENT = 0;
const OWNER = 1;

export const lsnsCommand: CommandDef = {
  name: 'lsns',
  summary: 'List system namespaces.',
  usage: ['lsns [options] [<namespace>]'],
  options: [
    { short: 'J', long: 'json', help: 'use JSON output format' },
    { short: 'l', long: 'list', help: 'use list format output' },
    { short: 'n', long: 'noheadings', help: 'don\'t print headings' },
    { short: 'o', long: 'output', arg: 'required', argName: '<list>', help: 'define which output columns to use' },
    { long: 'output-all', help: 'output all columns', label: '     --output-all' },
    { short: 'p', long: 'task', arg: 'required', argName: '<pid>', help: 'print process namespaces' },
    { short: 'r', long: 'raw', help: 'use the raw output format' },
    { short: 'u', long: 'notruncate', help: 'don\'t truncate text in columns' },
    { short: 'W', long: 'nowrap', help: 'don\'t use multi-line representation' },
    { short: 't', long: 'type', arg: 'required', argName: '<name>', help: 'namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)' },
    { short: 'T', long: 'tree', arg: 'optional', argName: '<rel>', help: 'use tree format (parent, owner, or process)', label: ' -T, --tree <rel>' },
    ...HELP_OPTIONS,
  ],
  more: `Available output columns:\n${Object.entries(LSNS_COLUMNS).map(([name, c]) => ` ${name.padStart(11)}  ${c.help}`).join('\n')}`,
  models: 'util-linux 2.38.1 lsns(8)',
  helpColumn: 24,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    return lsns(ctx, args);
  },
};

function fail(ctx: CommandContext, message: string): number {
  ctx.stderr.write(`lsns: ${message}\n`);
  return 1;
}

/** An nsfs ioctl that returns a namespace (NS_GET_PARENT, NS_GET_USERNS) on `ns`, as `viewer`; undefined on an error. */
function relatedOf(ctx: CommandContext, ns: NsCommon, cmd: number): NsCommon | undefined {
  const k = ctx.machine.kernel;
  const fd = k.openNsInode(ctx.task, ns);
  try {
    const rfd = k.ioctl(ctx.task, fd, cmd);
    try {
      return k.nsOfFd(ctx.task, rfd);
    } finally {
      k.close(ctx.task, rfd);
    }
  } catch (e) {
    if (e instanceof KernelError) return undefined;
    throw e;
  } finally {
    k.close(ctx.task, fd);
  }
}

function lsns(ctx: CommandContext, args: ParsedArgs): number {
  const k = ctx.machine.kernel;
  const viewer = ctx.task;
  let json = false;
  let raw = false;
  let list = false;
  let noHeadings = false;
  let noWrap = false;
  let tree: Tree = 'none';
  let output: string | undefined;
  let outputAll = false;
  let fltrPid = 0;
  const types = new Set<string>();
  const seen = new Set<string>();
  for (const [key, value] of args.options) {
    // err_exclusive_options: -J and -r. (Its other row, { 'l', 'T' }, is not in ASCII order, so 2.38.1 never checks it:
    // `lsns -l -T` prints the tree.)
    const clash = ({ json: 'raw', raw: 'json' } as Record<string, string>)[key];
    if (clash !== undefined && seen.has(clash)) return fail(ctx, 'mutually exclusive arguments: --json --raw');
    seen.add(key);
    switch (key) {
      case 'json': json = true; break;
      case 'list': list = true; break;
      case 'output': output = value; break;
      case 'output-all': outputAll = true; break;
      case 'task':
        if (!/^-?[0-9]+$/.test(value ?? '')) return fail(ctx, `invalid PID argument: '${value ?? ''}'`);
        fltrPid = Number(value);
        break;
      case 'noheadings': noHeadings = true; break;
      case 'raw': raw = true; noWrap = true; break;
      case 'nowrap': noWrap = true; break;
      case 'type':
        if (!LSNS_TYPES.includes(value ?? '')) return fail(ctx, `unknown namespace type: ${value ?? ''}`);
        types.add(value ?? '');
        break;
      case 'tree': {
        tree = 'owner';
        if (value !== undefined) {
          const rel = value.startsWith('=') ? value.slice(1) : value;
          if (rel === 'parent') tree = 'parent';
          else if (rel === 'process') tree = 'process';
          else if (rel !== 'owner') return fail(ctx, `unknown tree type: ${rel}`);
        }
        break;
      }
      default: break;
    }
  }
  const wanted = types.size > 0 ? types : new Set(LSNS_TYPES);
  let columns: string[] = outputAll ? Object.keys(LSNS_COLUMNS) : [];
  let fltrNs: number | undefined;
  const operand = args.operands[0];
  if (operand !== undefined) {
    if (fltrPid) return fail(ctx, '--task is mutually exclusive with <namespace>');
    if (!/^[0-9]+$/.test(operand)) return fail(ctx, `invalid namespace argument: '${operand}'`);
    fltrNs = Number(operand);
    if (tree === 'none' && !list) tree = 'process';
    if (columns.length === 0) columns = ['PID', 'PPID', 'USER', 'COMMAND'];
  }
  if (columns.length === 0) {
    columns = lsnsDefaultColumns(types.has('net'));
    if (tree === 'none' && !list) tree = 'process';
  }
  if (output !== undefined) {
    const chosen = lsnsOutputColumns(columns, output);
    if (!Array.isArray(chosen)) {
      // column_name_to_id's warnx; string_add_to_idarray fails and lsns exits.
      ctx.stderr.write(`lsns: unknown column: ${chosen.unknown}\n`);
      return 1;
    }
    columns = chosen;
  }

  // read_processes
  let procs: Proc[];
  try {
    procs = procProcesses(ctx).map((r) => {
      const ns = new Map<string, { id: number; pid: number; oid: number; obj: NsCommon }>();
      const readable = ptraceMayAccess(viewer, r.task, 'read-fscreds');
      for (const type of LSNS_TYPES) {
        if (!wanted.has(type) || !readable || !k.entryMap.has(type)) continue;
        const obj = k.nsOf(r.task, type);
        if (!obj) continue;
        const parent = type === 'pid' || type === 'user' ? relatedOf(ctx, obj, NS_GET_PARENT) : undefined;
        const owner = relatedOf(ctx, obj, NS_GET_USERNS);
        ns.set(type, { id: obj.inum, pid: parent?.inum ?? 0, oid: owner?.inum ?? 0, obj });
      }
      return { pid: r.pid, ppid: r.ppid, uid: fromKuidMunged(viewer.cred.userNs, r.task.cred.euid), task: r.task, ns };
    });
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    return 1;
  }
  // read_namespaces
  const namespaces: Ns[] = [];
  const byId = new Map<number, Ns>();
  const addNamespace = (type: string, obj: NsCommon, pid: number, oid: number): Ns => {
    const ns: Ns = { id: obj.inum, type, obj, nprocs: 0, related: [pid, oid], relatedNs: [undefined, undefined], processes: [], uidFallback: 0 };
    namespaces.push(ns);
    byId.set(ns.id, ns);
    return ns;
  };
  for (const p of procs) {
    for (const type of LSNS_TYPES) {
      const entry = p.ns.get(type);
      if (!entry) continue;
      const ns = byId.get(entry.id) ?? addNamespace(type, entry.obj, entry.pid, entry.oid);
      // add_process_to_namespace
      for (const x of procs) {
        if (x.pid === p.ppid) p.parent = x;
        else if (x.ppid === p.pid) x.parent = p;
      }
      ns.processes.push(p);
      ns.nprocs++;
      if (!ns.proc || ns.proc.pid > p.pid) ns.proc = p;
    }
  }
  if (tree === 'owner' || tree === 'parent') readRelatedNamespaces(ctx, namespaces, byId, addNamespace);
  namespaces.sort((a, b) => a.id - b.id);

  const nsfsPaths = (ns: Ns): string | null => {
    const paths: string[] = [];
    for (const m of mountInfo(k, viewer)) {
      if (m.fstype === 'nsfs' && m.root === `${ns.type}:[${ns.id}]` && !paths.includes(m.mountPoint)) paths.push(m.mountPoint);
    }
    return paths.length > 0 ? paths.join(noWrap ? ',' : '\n') : null;
  };
  // get_netnsid: RTM_GETNSID asked in lsns's own net namespace (rtnl_net_getid: peernet2id, no allocation).
  const netnsid = (ns: Ns): number | string => {
    const id = ns.obj instanceof NetNamespace ? peernet2id(netNsOf(k, viewer), ns.obj) : -1;
    return id >= 0 ? id : 'unassigned';
  };
  const userName = (uid: number): string => getpwuid(ctx.machine, viewer, uid)?.name ?? String(uid);
  const lines: { cells: Record<string, LsnsCell>; parent?: number }[] = [];
  // add_scols_line
  const addLine = (ns: Ns, proc: Proc | undefined): void => {
    const parentLine = tree === 'process' && proc ? proc.parent?.outline
      : tree === 'parent' ? ns.relatedNs[PARENT]?.outline
        : tree === 'owner' ? ns.relatedNs[OWNER]?.outline : undefined;
    const cells: Record<string, LsnsCell> = {};
    for (const c of columns) {
      switch (c) {
        case 'NS': cells[c] = ns.id; break;
        case 'TYPE': cells[c] = ns.type; break;
        case 'PATH': cells[c] = proc ? `/proc/${proc.pid}/ns/${ns.type}` : null; break;
        case 'NPROCS': cells[c] = ns.nprocs; break;
        case 'PID': cells[c] = proc ? proc.pid : null; break;
        case 'PPID': cells[c] = proc ? proc.ppid : null; break;
        case 'COMMAND': cells[c] = proc ? ctx.machine.argv(proc.task).join(' ') || proc.task.comm : null; break;
        case 'UID': cells[c] = proc ? proc.uid : ns.uidFallback; break;
        case 'USER': cells[c] = userName(proc ? proc.uid : ns.uidFallback); break;
        case 'NETNSID': cells[c] = proc && ns.type === 'net' ? netnsid(ns) : null; break;
        case 'NSFS': cells[c] = nsfsPaths(ns); break;
        case 'PNS': cells[c] = ns.related[PARENT]; break;
        case 'ONS': cells[c] = ns.related[OWNER]; break;
        default: cells[c] = null;
      }
    }
    lines.push({ cells, ...(parentLine !== undefined ? { parent: parentLine } : {}) });
    if (tree === 'owner' || tree === 'parent') ns.outline = lines.length - 1;
    else if (proc) proc.outline = lines.length - 1;
  };
  const treeColumn = tree === 'process' ? 'COMMAND' : tree === 'owner' || tree === 'parent' ? 'NS' : undefined;
  const print = (): number => {
    ctx.stdout.write(lsnsTable(lines, { columns, json, raw, noheadings: noHeadings, ...(treeColumn !== undefined ? { treeColumn } : {}) }));
    return 0;
  };
  if (fltrNs !== undefined) {
    const ns = byId.get(fltrNs);
    if (!ns) return fail(ctx, `not found namespace: ${fltrNs}`);
    // show_namespace_processes: a process after its parent when that is in the same namespace.
    const showProcess = (p: Proc): void => {
      if (tree === 'process' && p.parent && p.parent.outline === undefined && p.parent.ns.get(ns.type)?.id === p.ns.get(ns.type)?.id) showProcess(p.parent);
      addLine(ns, p);
    };
    for (const p of ns.processes) if (p.outline === undefined) showProcess(p);
    return print();
  }
  // show_namespaces: a namespace after its owner (or parent) in a tree of those.
  const showNamespace = (ns: Ns, proc: Proc | undefined): void => {
    const owner = ns.relatedNs[OWNER];
    const parent = ns.relatedNs[PARENT];
    if (tree === 'owner' && owner && owner.outline === undefined) showNamespace(owner, owner.proc);
    else if (tree === 'parent') {
      if (parent) {
        if (parent.outline === undefined) showNamespace(parent, parent.proc);
      } else if (owner && owner.outline === undefined) showNamespace(owner, owner.proc);
    }
    addLine(ns, proc);
  };
  for (const ns of namespaces) {
    if (fltrPid !== 0 && !ns.processes.some((p) => p.pid === fltrPid)) continue;
    if (ns.outline === undefined) showNamespace(ns, ns.proc);
  }
  return print();
}

/**
 * read_related_namespaces: each namespace's parent (pid and user only) and
 * owner among those read; the ones missing (no process in them) are
 * opened through the ioctls from a namespace that names them
 * (interpolate_missing_namespaces) and added with their own relations
 * (add_namespace_for_nsfd).
 */
function readRelatedNamespaces(ctx: CommandContext, namespaces: Ns[], byId: Map<number, Ns>, addNamespace: (type: string, obj: NsCommon, pid: number, oid: number) => Ns): void {
  const k = ctx.machine.kernel;
  const orphans: [Ns | undefined, Ns | undefined] = [undefined, undefined];
  // The orphan chains link through relatedNs while they are built (as lsns.c does).
  for (const ns of [...namespaces]) {
    for (const pns of namespaces) {
      if (ns.type === 'user' || ns.type === 'pid') {
        if (ns.related[PARENT] === pns.id) ns.relatedNs[PARENT] = pns;
        if (ns.related[OWNER] === pns.id) ns.relatedNs[OWNER] = pns;
        if (ns.relatedNs[PARENT] && ns.relatedNs[OWNER]) break;
      } else if (ns.related[OWNER] === pns.id) {
        ns.relatedNs[OWNER] = pns;
        break;
      }
    }
    for (const rela of [PARENT, OWNER]) {
      if (ns.related[rela] !== 0 && ns.relatedNs[rela] === undefined) {
        ns.relatedNs[rela] = orphans[rela];
        orphans[rela] = ns;
      }
    }
  }
  const addForNs = (obj: NsCommon): Ns | undefined => {
    if (!LSNS_TYPES.includes(obj.type) || obj.type === 'time') return undefined;
    const owner = relatedOf(ctx, obj, NS_GET_USERNS);
    const parent = relatedOf(ctx, obj, NS_GET_PARENT);
    const ns = addNamespace(obj.type, obj, parent?.inum ?? 0, owner?.inum ?? 0);
    // NS_GET_OWNER_UID: only a user namespace answers (others leave 0).
    if (obj.type === 'user') {
      const fd = k.openNsInode(ctx.task, obj);
      try {
        ns.uidFallback = k.ioctl(ctx.task, fd, NS_GET_OWNER_UID);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
      } finally {
        k.close(ctx.task, fd);
      }
    }
    if ((ns.type === 'user' || ns.type === 'pid') && parent && parent.inum !== ns.id) {
      ns.relatedNs[PARENT] = byId.get(parent.inum);
      if (!ns.relatedNs[PARENT]) {
        ns.relatedNs[PARENT] = addForNs(parent);
        if (parent.inum === owner?.inum) ns.relatedNs[OWNER] = ns.relatedNs[PARENT];
      }
    }
    if (!ns.relatedNs[OWNER] && owner) ns.relatedNs[OWNER] = byId.get(owner.inum) ?? addForNs(owner);
    return ns;
  };
  for (const rela of [PARENT, OWNER]) {
    while (orphans[rela]) {
      const current: Ns = orphans[rela];
      orphans[rela] = current.relatedNs[rela];
      current.relatedNs[rela] = undefined;
      // interpolate_missing_namespaces
      const id = current.related[rela] ?? 0;
      current.relatedNs[rela] = byId.get(id);
      if (current.relatedNs[rela] || !current.proc) continue;
      const missing = relatedOf(ctx, current.obj, rela === PARENT ? NS_GET_PARENT : NS_GET_USERNS);
      if (!missing || missing.inum !== id) continue;
      current.relatedNs[rela] = addForNs(missing);
    }
  }
}
