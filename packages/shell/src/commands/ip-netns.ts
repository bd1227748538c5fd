/**
 * `ip netns` (iproute2 6.1 ip/ipnetns.c): add and attach (a bind mount of
 * the ns file on /run/netns/NAME, the directory made a shared mount point),
 * list (with each name's id in the caller's namespace, RTM_GETNSID),
 * list-id (RTM_GETNSID's dump, or one id, of the caller's namespace or of a
 * `target-nsid`), set (RTM_NEWNSID), delete, exec, identify, pids; and
 * netns_switch, which `ip -n NAME` and exec use. The names an id stands for
 * (get_name_from_nsid) are looked up here too.
 */
import { CLONE_NEWNET, CLONE_NEWNS, KernelError } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { creat, lookup, mkdir, mount, nsAt, readdir, umount2 } from '@nsproxy/mnt';
import { NSID_NOT_ASSIGNED, netNsById, netNsByIdOrFail, netNsOf, netnsIdList, peernet2id, setNetnsId } from '@nsproxy/net';
import type { NetNamespace } from '@nsproxy/net';
import type { CommandContext } from '../command.ts';
import { strerror } from '../machine.ts';
import { Args, IpExit, die, duparg, invarg, matches, rtnlFail } from './ip-common.ts';
import { forkAndWait } from './util-linux.ts';
import type { IpRun } from './ip-common.ts';
import { PRINT_ANY, PRINT_FP } from './ip-json.ts';

export const NETNS_RUN_DIR = '/run/netns';

/** The names in /run/netns with their namespaces, in readdir order (tmpfs lists the newest first). */
export function namedNetns(ctx: CommandContext): { name: string; ns: NetNamespace | undefined }[] {
  const k = ctx.machine.kernel;
  let names: string[];
  try {
    names = readdir(k, ctx.task, NETNS_RUN_DIR);
  } catch {
    return [];
  }
  return names.reverse().map((name) => {
    let ns: NetNamespace | undefined;
    try {
      const n = nsAt(k, ctx.task, `${NETNS_RUN_DIR}/${name}`);
      ns = n.ops.name === 'net' ? (n as NetNamespace) : undefined;
    } catch {
      ns = undefined;
    }
    return { name, ns };
  });
}

/** get_netnsid_from_name: the id the caller's namespace gives the named one (RTM_GETNSID), or -1. */
export function nsidOfName(ctx: CommandContext, name: string): number {
  const entry = namedNetns(ctx).find((n) => n.name === name);
  return entry?.ns ? peernet2id(netNsOf(ctx.machine.kernel, ctx.task), entry.ns) : NSID_NOT_ASSIGNED;
}

/** netns_map_init: id -> name for the names of /run/netns that have an id here (the first name of an id in readdir order). */
export function netnsMap(ctx: CommandContext): Map<number, string> {
  const mine = netNsOf(ctx.machine.kernel, ctx.task);
  const map = new Map<number, string>();
  for (const { name, ns } of namedNetns(ctx)) {
    const id = ns ? peernet2id(mine, ns) : NSID_NOT_ASSIGNED;
    if (id >= 0 && !map.has(id)) map.set(id, name);
  }
  return map;
}

/** netns_switch: into the named namespace, a mount namespace of its own, / made rslave. Failures end ip with 255. */
export function netnsSwitch(ctx: CommandContext, t: Task, name: string): void {
  const k = ctx.machine.kernel;
  let fd: number;
  try {
    fd = k.openNsInode(t, nsAt(k, t, `${NETNS_RUN_DIR}/${name}`));
  } catch (e) {
    ctx.stderr.write(`Cannot open network namespace "${name}": ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    throw new IpExit(255);
  }
  try {
    k.setns(t, fd, CLONE_NEWNET);
  } catch (e) {
    ctx.stderr.write(`setting the network namespace "${name}" failed: ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    throw new IpExit(255);
  } finally {
    k.close(t, fd);
  }
  try {
    k.unshare(t, CLONE_NEWNS);
  } catch (e) {
    ctx.stderr.write(`unshare failed: ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    throw new IpExit(255);
  }
  try {
    mount(k, t, '/', { kind: 'propagation', type: 'slave', recursive: true });
  } catch (e) {
    ctx.stderr.write(`"mount --make-rslave /" failed: ${strerror(e)}\n`);
    throw new IpExit(255);
  }
}

/** unlink(2) of an empty file (vfs_unlink; @nsproxy/mnt has no unlink call yet, so the dentry is dropped here). */
function unlink(ctx: CommandContext, path: string): void {
  const at = lookup(ctx.machine.kernel, ctx.task, path, 'unlink', { follow: false });
  const d = at.dentry;
  d.parent?.children?.delete(d.name);
  d.dead = true;
}

/** netns_add: /run/netns made a shared mount point, a file for the name, a new namespace (or a process's) bind-mounted on it. */
function netnsAdd(ctx: CommandContext, args: readonly string[], create: boolean): number {
  const k = ctx.machine.kernel;
  const t = ctx.task;
  const name = args[0];
  if (create && name === undefined) return die(ctx, 'No netns name specified', 1);
  if (!create && args.length < 2) return die(ctx, 'No netns name and PID specified', 1);
  const pidText = args[1] ?? '';
  if (!create && (!/^-?[0-9]+$/.test(pidText) || Number(pidText) === 0)) return die(ctx, `Invalid PID: ${pidText}`, 1);
  const path = `${NETNS_RUN_DIR}/${name ?? ''}`;
  try {
    mkdir(k, t, NETNS_RUN_DIR);
  } catch (e) {
    if (!(e instanceof KernelError && e.code === 'EEXIST')) return die(ctx, `mkdir ${NETNS_RUN_DIR} failed: ${strerror(e)}`, 1);
  }
  // Make it a shared mount point, binding it on itself the first time (it is not a mount point yet).
  for (let made = false; ; made = true) {
    try {
      mount(k, t, NETNS_RUN_DIR, { kind: 'propagation', type: 'shared', recursive: true });
      break;
    } catch (e) {
      if (!(e instanceof KernelError) || e.code !== 'EINVAL' || made) {
        ctx.stderr.write(`mount --make-shared ${NETNS_RUN_DIR} failed: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        return 1;
      }
      try {
        mount(k, t, NETNS_RUN_DIR, { kind: 'bind', source: NETNS_RUN_DIR });
      } catch (e2) {
        ctx.stderr.write(`mount --bind ${NETNS_RUN_DIR} ${NETNS_RUN_DIR} failed: ${strerror(e2)}\n`);
        ctx.machine.explainError(ctx.stderr, e2);
        return 1;
      }
    }
  }
  try {
    lookup(k, t, path, 'open');
    ctx.stderr.write(`Cannot create namespace file "${path}": File exists\n`);
    return 1;
  } catch (e) {
    if (!(e instanceof KernelError && e.code === 'ENOENT')) throw e;
  }
  try {
    creat(k, t, path);
  } catch (e) {
    ctx.stderr.write(`Cannot create namespace file "${path}": ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    return 1;
  }
  let source = '/proc/self/ns/net';
  if (create) {
    try {
      k.unshare(t, CLONE_NEWNET);
    } catch (e) {
      ctx.stderr.write(`Failed to create a new network namespace "${name ?? ''}": ${strerror(e)}\n`);
      ctx.machine.explainError(ctx.stderr, e);
      unlink(ctx, path);
      return 1;
    }
  } else source = `/proc/${Number(pidText)}/ns/net`;
  try {
    mount(k, t, path, { kind: 'bind', source });
  } catch (e) {
    ctx.stderr.write(`Bind ${source} -> ${path} failed: ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    unlink(ctx, path);
    return 1;
  }
  return 0;
}

/** on_netns_del: a lazy umount of /run/netns/NAME, then its unlink. */
function netnsDelete(ctx: CommandContext, name: string | undefined): number {
  if (name === undefined) return die(ctx, 'No netns name specified', 1);
  const path = `${NETNS_RUN_DIR}/${name}`;
  try {
    umount2(ctx.machine.kernel, ctx.task, path, { detach: true });
  } catch {
    // umount2's failure is not looked at.
  }
  try {
    unlink(ctx, path);
  } catch (e) {
    return die(ctx, `Cannot remove namespace file "${path}": ${strerror(e)}`, 1);
  }
  return 0;
}

/** netns_foreach: each name of /run/netns in readdir order. */
function namesInRunDir(ctx: CommandContext): string[] {
  return namedNetns(ctx).map((n) => n.name);
}

/** on_netns_exec of `ip -all netns exec`: `\nnetns: NAME`, then the program in a child switched to that namespace (cmd_exec with a fork). */
async function netnsExecAll(ctx: CommandContext, args: string[]): Promise<number> {
  if (args.length === 0) return die(ctx, 'No command specified', 1);
  for (const name of namesInRunDir(ctx)) {
    ctx.stdout.write(`\nnetns: ${name}\n`);
    await forkAndWait(ctx, 'ip', ctx.task, async (child) => {
      try {
        netnsSwitch(ctx, child, name);
      } catch (e) {
        if (e instanceof IpExit) return 1;
        throw e;
      }
      const status = await ctx.shell.execProgram(child, args, ctx, ctx.env);
      if (status === undefined) {
        ctx.stderr.write(`exec of "${args[0] ?? ''}" failed: No such file or directory\n`);
        return 1;
      }
      return status;
    });
  }
  return 0;
}

/** netns_exec: netns_switch, then the program in this process (exec of a missing program: status 1). */
async function netnsExec(ctx: CommandContext, args: string[]): Promise<number> {
  const name = args.shift();
  if (name === undefined) return die(ctx, 'No netns name specified', 1);
  if (args.length === 0) return die(ctx, 'No command specified', 1);
  netnsSwitch(ctx, ctx.task, name);
  const status = await ctx.shell.execProgram(ctx.task, args, ctx, ctx.env);
  if (status === undefined) {
    ctx.stderr.write(`exec of "${args[0] ?? ''}" failed: No such file or directory\n`);
    return 1;
  }
  return status;
}

function netnsIdentify(ctx: CommandContext, args: readonly string[]): number {
  const k = ctx.machine.kernel;
  if (args.length > 1) return die(ctx, 'extra arguments specified', 1);
  const pid = args[0];
  if (pid !== undefined && !/^[0-9]*$/.test(pid)) return die(ctx, `Specified string '${pid}' is not a pid`, 1);
  const t = pid === undefined ? ctx.task : k.findTask(ctx.task, Number(pid));
  if (!t) return die(ctx, 'Cannot open network namespace: No such file or directory', 1);
  const mine = netNsOf(k, t);
  // The last name of the namespace in readdir order.
  const names = namedNetns(ctx).filter((n) => n.ns === mine).map((n) => n.name);
  ctx.stdout.write(`${names[names.length - 1] ?? ''}\n`);
  return 0;
}

function netnsPids(ctx: CommandContext, args: readonly string[]): number {
  const k = ctx.machine.kernel;
  const name = args[0];
  if (name === undefined) return die(ctx, 'No netns name specified', 1);
  if (args.length > 1) return die(ctx, 'extra arguments specified', 1);
  let target;
  try {
    target = nsAt(k, ctx.task, `${NETNS_RUN_DIR}/${name}`);
  } catch (e) {
    return die(ctx, `Cannot open network namespace: ${strerror(e)}`, 1);
  }
  const pids: number[] = [];
  for (const entry of readdir(k, ctx.task, '/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const node = lookup(k, ctx.task, `/proc/${entry}`, 'open').dentry.proc;
    if (node?.kind === 'pid' && node.task.state === 'running' && k.nsOf(node.task, 'net') === target) pids.push(Number(entry));
  }
  if (pids.length > 0) ctx.stdout.write(`${pids.sort((a, b) => a - b).join('\n')}\n`);
  return 0;
}

/** netns_list: each name, newest first, with ` (id: N)` when the caller's namespace gives it one. */
function netnsList(run: IpRun): number {
  const { ctx, out } = run;
  if (!namedNetnsDirExists(ctx)) return 0;
  const mine = netNsOf(ctx.machine.kernel, ctx.task);
  out.newJsonObj();
  for (const { name, ns } of namedNetns(ctx)) {
    out.openObject();
    out.string(PRINT_ANY, 'name', '%s', name);
    const id = ns ? peernet2id(mine, ns) : NSID_NOT_ASSIGNED;
    if (id >= 0) out.int(PRINT_ANY, 'id', ' (id: %d)', id);
    out.string(PRINT_FP, null, '\n', null);
    out.closeObject();
  }
  out.deleteJsonObj();
  return 0;
}

/** opendir(NETNS_RUN_DIR) succeeds. */
function namedNetnsDirExists(ctx: CommandContext): boolean {
  try {
    readdir(ctx.machine.kernel, ctx.task, NETNS_RUN_DIR);
    return true;
  } catch {
    return false;
  }
}

/** get_integer (strtol base 0): decimal, 0x hex, 0 octal, with a sign. */
function getInteger(text: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const body = m[2] ?? '0';
  const v = body.startsWith('0x') || body.startsWith('0X') ? parseInt(body, 16) : body.length > 1 && body.startsWith('0') ? parseInt(body, 8) : Number(body);
  const n = m[1] === '-' ? -v : v;
  return n < -0x80000000 || n > 0x7fffffff ? undefined : n;
}

/** print_nsid: `nsid N [current-nsid M] [(iproute2 netns name: NAME)]`, the name from the run's map (taken out once printed). */
function printNsid(run: IpRun, map: Map<number, string>, nsid: number, current: number | undefined): void {
  const { out, ctx } = run;
  out.openObject();
  if (nsid < 0) out.string(PRINT_FP, null, 'nsid unassigned ', null);
  else out.int(PRINT_ANY, 'nsid', 'nsid %d ', nsid);
  if (current !== undefined) {
    if (current < 0) out.string(PRINT_FP, null, 'current-nsid unassigned ', null);
    else out.int(PRINT_ANY, 'current-nsid', 'current-nsid %d ', current);
  }
  const key = current ?? nsid;
  const cached = key >= 0 ? map.get(key) : undefined;
  if (cached !== undefined) {
    out.string(PRINT_ANY, 'name', '(iproute2 netns name: %s)', cached);
    map.delete(key);
  } else if (nsid >= 0) {
    // netns_get_name: the first name whose id in the caller's namespace is nsid.
    const mine = netNsOf(ctx.machine.kernel, ctx.task);
    const found = namedNetns(ctx).find((n) => n.ns && peernet2id(mine, n.ns) === nsid);
    if (found) {
      out.string(PRINT_ANY, 'name', '(iproute2 netns name: %s)', found.name);
      if (!map.has(nsid)) map.set(nsid, found.name);
    }
  }
  out.string(PRINT_FP, null, '\n', null);
  out.closeObject();
}

/** netns_list_id: the ids of the caller's namespace, or of the one it knows as target-nsid; or one id (nsid M) as the target gives it. */
function netnsListId(run: IpRun, argv: readonly string[]): number {
  const { ctx, out } = run;
  const args = new Args(ctx, argv);
  let target = -1;
  let nsid = -1;
  while (args.more) {
    const a = args.cur;
    if (a === 'target-nsid') {
      if (target >= 0) duparg(ctx, 'target-nsid', a);
      const v = args.next();
      const n = getInteger(v);
      if (n === undefined) invarg(ctx, '"target-nsid" value is invalid', v);
      else if (n < 0) invarg(ctx, '"target-nsid" value should be >= 0', args.peek);
      target = n;
    } else if (a === 'nsid') {
      if (nsid >= 0) duparg(ctx, 'nsid', a);
      const v = args.next();
      const n = getInteger(v);
      if (n === undefined) invarg(ctx, '"nsid" value is invalid', v);
      else if (n < 0) invarg(ctx, '"nsid" value should be >= 0', args.peek);
      nsid = n;
    } else return netnsUsage(ctx);
    args.shift();
  }
  const map = netnsMap(ctx);
  const mine = netNsOf(ctx.machine.kernel, ctx.task);
  if (nsid >= 0) {
    // get_netnsid_from_netnsid: RTM_GETNSID of the peer the caller knows by nsid, as the target gives it.
    let peer: NetNamespace;
    try {
      peer = netNsByIdOrFail(mine, nsid);
    } catch (e) {
      return rtnlFail(ctx, e);
    }
    // rtnl_get_net_ns_capable: EINVAL for an id the caller's namespace has not given.
    const where = target >= 0 ? netNsById(mine, target) : mine;
    if (!where) return die(ctx, 'Error: Target netns reference is invalid.', 2);
    out.newJsonObj();
    printNsid(run, map, peernet2id(where, peer), target >= 0 ? peernet2id(mine, peer) : undefined);
    out.deleteJsonObj();
    return 0;
  }
  let where = mine;
  if (target >= 0) {
    const t = netNsById(mine, target);
    if (!t) {
      ctx.stderr.write('Error: Invalid target network namespace id.\nDump terminated\n');
      throw new IpExit(1);
    }
    where = t;
  }
  out.newJsonObj();
  for (const { id, ns } of netnsIdList(where)) printNsid(run, map, id, target >= 0 ? peernet2id(mine, ns) : undefined);
  out.deleteJsonObj();
  return 0;
}

/** netns_set: RTM_NEWNSID for the named namespace in the caller's (`auto`: the lowest free id). */
function netnsSet(run: IpRun, argv: readonly string[]): number {
  const { ctx } = run;
  const name = argv[0];
  if (name === undefined) return die(ctx, 'No netns name specified', 1);
  const value = argv[1];
  if (value === undefined) return die(ctx, 'No nsid specified', 1);
  let nsid: number;
  if (value === 'auto') nsid = -1;
  else {
    const n = getInteger(value);
    if (n === undefined) return invarg(ctx, 'Invalid "netnsid" value', value);
    if (n < 0) return invarg(ctx, '"netnsid" value should be >= 0', value);
    nsid = n;
  }
  const k = ctx.machine.kernel;
  let peer: NetNamespace;
  try {
    const n = nsAt(k, ctx.task, `${NETNS_RUN_DIR}/${name}`);
    if (n.ops.name !== 'net') throw new KernelError('EINVAL', 'open', 'not a network namespace');
    peer = n as NetNamespace;
  } catch (e) {
    return die(ctx, `Cannot open network namespace "${name}": ${strerror(e)}`, 1);
  }
  try {
    setNetnsId(ctx.task.cred, netNsOf(k, ctx.task), peer, nsid);
  } catch (e) {
    return rtnlFail(ctx, e);
  }
  return 0;
}

/** ipnetns.c's usage() (exit 255). */
function netnsUsage(ctx: CommandContext): never {
  ctx.stderr.write('Usage:\tip netns list\n\tip netns add NAME\n\tip netns attach NAME PID\n\tip netns set NAME NETNSID\n\tip [-all] netns delete [NAME]\n\tip netns identify [PID]\n\tip netns pids NAME\n\tip [-all] netns exec [NAME] cmd ...\n\tip netns monitor\n\tip netns list-id [target-nsid POSITIVE-INT] [nsid POSITIVE-INT]\nNETNSID := auto | POSITIVE-INT\n');
  throw new IpExit(255);
}

/** invalid_name: empty, longer than NAME_MAX, with a `/`, or `.` and `..`. */
function invalidName(name: string): boolean {
  return name === '' || name.length > 255 || name.includes('/') || name === '.' || name === '..';
}

/** do_netns. */
export async function doNetns(run: IpRun, argv: string[]): Promise<number> {
  const { ctx } = run;
  if (argv.length < 1) return netnsList(run);
  const cmd = argv[0] ?? '';
  const second = argv[1];
  if (!run.all && second !== undefined && invalidName(second)) return die(ctx, `Invalid netns name "${second}"`, 255);
  const rest = argv.slice(1);
  if (matches(cmd, 'list') || matches(cmd, 'show') || matches(cmd, 'lst')) return netnsList(run);
  if (matches(cmd, 'list-id')) return netnsListId(run, rest);
  if (matches(cmd, 'help')) return netnsUsage(ctx);
  if (matches(cmd, 'add')) return netnsAdd(ctx, rest, true);
  if (matches(cmd, 'set')) return netnsSet(run, rest);
  if (matches(cmd, 'delete')) {
    if (run.all) {
      for (const name of namesInRunDir(ctx)) if (netnsDelete(ctx, name) !== 0) return 1;
      return 0;
    }
    return netnsDelete(ctx, rest[0]);
  }
  if (matches(cmd, 'identify')) return netnsIdentify(ctx, rest);
  if (matches(cmd, 'pids')) return netnsPids(ctx, rest);
  if (matches(cmd, 'exec')) return run.all ? netnsExecAll(ctx, rest) : netnsExec(ctx, rest);
  if (matches(cmd, 'attach')) return netnsAdd(ctx, rest, false);
  return die(ctx, `Command "${cmd}" is unknown, try "ip netns help".`, 255);
}
