/**
 * util-linux 2.38.1's namespace tools: unshare(1) (sys-utils/unshare.c),
 * nsenter(1) (sys-utils/nsenter.c), lsns(8) (sys-utils/lsns.c), and mount(8)
 * and umount(8) for the forms namespaces need (tmpfs, proc, bind, rbind,
 * move, the propagation flags). Each error line is the tool's own
 * (`unshare: unshare failed: Operation not permitted`), with its exit status.
 */
import { CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWTIME, CLONE_NEWUSER, CLONE_NEWUTS, KernelError, fromKuidMunged } from '@nsproxy/core';
import type { NsCommon, Task } from '@nsproxy/core';
import { chdir, chroot, mount, mountInfo, nsAt, umount2 } from '@nsproxy/mnt';
import type { MountRequest } from '@nsproxy/mnt';
import { getegid, geteuid, writeGidMap, writeSetgroups, writeUidMap } from '@nsproxy/user';
import { HELP_OPTIONS, optionValue, parseOrExit } from '../command.ts';
import type { CommandContext, CommandDef, ParsedArgs } from '../command.ts';
import type { Io } from '../interp.ts';
import { shellStatus } from '../interp.ts';
import { strerror } from '../machine.ts';
import { signalNumber } from './builtins.ts';
import { parseGroup, parseUser, table, userName } from './coreutils.ts';

/** The namespace kinds in util-linux's order, with their flag, option letter and /proc/PID/ns entry. */
export const NS_KINDS: readonly { readonly name: string; readonly flag: number; readonly short: string; readonly long: string; readonly entry: string }[] = [
  { name: 'mnt', flag: CLONE_NEWNS, short: 'm', long: 'mount', entry: 'mnt' },
  { name: 'uts', flag: CLONE_NEWUTS, short: 'u', long: 'uts', entry: 'uts' },
  { name: 'ipc', flag: CLONE_NEWIPC, short: 'i', long: 'ipc', entry: 'ipc' },
  { name: 'net', flag: CLONE_NEWNET, short: 'n', long: 'net', entry: 'net' },
  { name: 'pid', flag: CLONE_NEWPID, short: 'p', long: 'pid', entry: 'pid_for_children' },
  { name: 'user', flag: CLONE_NEWUSER, short: 'U', long: 'user', entry: 'user' },
  { name: 'cgroup', flag: CLONE_NEWCGROUP, short: 'C', long: 'cgroup', entry: 'cgroup' },
  { name: 'time', flag: CLONE_NEWTIME, short: 'T', long: 'time', entry: 'time_for_children' },
];

const UTIL_LINUX = 'util-linux 2.38.1';

/** Writes a /proc file as a tool does (open, write, close); throws the KernelError. */
function writeProc(ctx: CommandContext, task: Task, path: string, text: string): void {
  ctx.machine.writeFile(task, path, text);
}

/** Runs `argv` (or the shell) in `task`, as the tool's final execvp; prints `<tool>: failed to execute` when there is no such program. */
async function execOrShell(ctx: CommandContext, tool: string, task: Task, argv: readonly string[], io: Io): Promise<number> {
  if (argv.length === 0) {
    const shell = ctx.env.get('SHELL') ?? '/bin/sh';
    ctx.machine.exec(task, [shell]);
    return ctx.shell.runShellIn(task, io, ctx.env, { arg0: 'sh', input: ctx.shell.stdinFor(io.stdin) });
  }
  const status = await ctx.shell.execProgram(task, argv, io, ctx.env);
  if (status === undefined) {
    ctx.stderr.write(`${tool}: failed to execute ${argv[0] ?? ''}: No such file or directory\n`);
    return 127;
  }
  return status;
}

/** fork(2) by a tool: a child that runs `body`; the parent waits and returns its status (as `--fork` does). */
async function forkAndWait(ctx: CommandContext, tool: string, parent: Task, body: (child: Task) => Promise<number>, killChild?: number): Promise<number> {
  let child: Task;
  try {
    child = ctx.machine.fork(parent);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    ctx.stderr.write(`${tool}: fork failed: ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    return 1;
  }
  let status: number;
  try {
    status = await body(child);
  } catch (e) {
    if (e instanceof Error && e.name === 'Killed') status = 0;
    else throw e;
  }
  const k = ctx.machine.kernel;
  if (child.state === 'running') k.exit(child, status);
  const r = k.wait(parent, k.pidOf(child, parent));
  void killChild;
  return r ? shellStatus(r.status) : status;
}

/** One uid_map line as unshare writes it (`0 1000 1`). */
function mapLine(inner: number, outer: number): string {
  return `${inner} ${outer} 1`;
}

export const unshareCommand: CommandDef = {
  name: 'unshare',
  summary: 'Run a program with some namespaces unshared from the parent.',
  usage: ['unshare [options] [<program> [<argument>...]]'],
  options: [
    ...NS_KINDS.map((n) => ({ short: n.short, long: n.long, arg: 'optional' as const, longOnlyArg: true, argName: '<file>', help: `unshare ${n.name === 'mnt' ? 'mounts' : n.name === 'uts' ? 'UTS' : n.name === 'ipc' ? 'System V IPC' : n.name === 'net' ? 'network' : n.name} namespace${n.name === 'uts' ? ' (hostname etc)' : ''}` })),
    { short: 'f', long: 'fork', help: 'fork before launching <program>' },
    { long: 'map-user', arg: 'required', argName: '<uid>|<name>', help: 'map current user to uid (implies --user)' },
    { long: 'map-group', arg: 'required', argName: '<gid>|<name>', help: 'map current group to gid (implies --user)' },
    { short: 'r', long: 'map-root-user', help: 'map current user to root (implies --user)' },
    { short: 'c', long: 'map-current-user', help: 'map current user to itself (implies --user)' },
    { long: 'kill-child', arg: 'optional', argName: '<signame>', help: 'when dying, kill the forked child (implies --fork); defaults to SIGKILL' },
    { long: 'mount-proc', arg: 'optional', argName: '<dir>', help: 'mount proc filesystem first (implies --mount)' },
    { long: 'propagation', arg: 'required', argName: 'slave|shared|private|unchanged', help: 'modify mount propagation in mount namespace' },
    { long: 'setgroups', arg: 'required', argName: 'allow|deny', help: 'control the setgroups syscall in user namespaces' },
    { short: 'R', long: 'root', arg: 'required', argName: '<dir>', help: 'run the command with root directory set to <dir>' },
    { short: 'w', long: 'wd', arg: 'required', argName: '<dir>', help: 'change working directory to <dir>' },
    { short: 'S', long: 'setuid', arg: 'required', argName: '<uid>', help: 'set uid in entered namespace' },
    { short: 'G', long: 'setgid', arg: 'required', argName: '<gid>', help: 'set gid in entered namespace' },
    { long: 'monotonic', arg: 'required', argName: '<offset>', help: 'set clock monotonic offset (seconds) in time namespaces' },
    { long: 'boottime', arg: 'required', argName: '<offset>', help: 'set clock boottime offset (seconds) in time namespaces' },
    ...HELP_OPTIONS,
  ],
  models: `${UTIL_LINUX} unshare(1)`,
  stopAtOperand: true,
  async run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    return unshare(ctx, args);
  },
};

function usage(ctx: CommandContext, tool: string, message: string): number {
  ctx.stderr.write(`${tool}: ${message}\n`);
  return 1;
}

async function unshare(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const k = ctx.machine.kernel;
  const task = ctx.task;
  let flags = 0;
  const persist: { kind: (typeof NS_KINDS)[number]; file: string }[] = [];
  let fork = false;
  let killChild: number | undefined;
  let mountProc: string | undefined;
  let propagation: string = 'private';
  let setgroups: string | undefined;
  let mapUser: number | undefined;
  let mapGroup: number | undefined;
  let root: string | undefined;
  let wd: string | undefined;
  let setuid: number | undefined;
  let setgid: number | undefined;
  let monotonic: string | undefined;
  let boottime: string | undefined;
  const realEuid = geteuid(task);
  const realEgid = getegid(task);
  for (const [key, value] of args.options) {
    const kind = NS_KINDS.find((n) => n.long === key);
    if (kind) {
      flags |= kind.flag;
      if (value !== undefined) persist.push({ kind, file: value });
      continue;
    }
    switch (key) {
      case 'fork': fork = true; break;
      case 'kill-child': {
        fork = true;
        const s = value === undefined ? 9 : signalNumber(value);
        if (s === undefined) return usage(ctx, 'unshare', `unknown signal: ${value ?? ''}`);
        killChild = s;
        break;
      }
      case 'mount-proc': flags |= CLONE_NEWNS; mountProc = value ?? '/proc'; break;
      case 'propagation':
        if (!['slave', 'shared', 'private', 'unchanged'].includes(value ?? '')) return usage(ctx, 'unshare', `unsupported propagation mode: ${value ?? ''}`);
        propagation = value ?? 'private';
        break;
      case 'setgroups':
        if (value !== 'allow' && value !== 'deny') return usage(ctx, 'unshare', `unsupported --setgroups argument '${value ?? ''}'`);
        setgroups = value;
        break;
      case 'map-root-user': flags |= CLONE_NEWUSER; mapUser = 0; mapGroup = 0; break;
      case 'map-current-user': flags |= CLONE_NEWUSER; mapUser = realEuid; mapGroup = realEgid; break;
      case 'map-user': {
        const u = parseUser(value ?? '');
        if (u === undefined) return usage(ctx, 'unshare', `failed to parse uid '${value ?? ''}'`);
        flags |= CLONE_NEWUSER;
        mapUser = u;
        break;
      }
      case 'map-group': {
        const g = parseGroup(value ?? '');
        if (g === undefined) return usage(ctx, 'unshare', `failed to parse gid '${value ?? ''}'`);
        flags |= CLONE_NEWUSER;
        mapGroup = g;
        break;
      }
      case 'root': root = value; break;
      case 'wd': wd = value; break;
      case 'setuid': {
        const u = parseUser(value ?? '');
        if (u === undefined) return usage(ctx, 'unshare', `failed to parse uid '${value ?? ''}'`);
        setuid = u;
        break;
      }
      case 'setgid': {
        const g = parseGroup(value ?? '');
        if (g === undefined) return usage(ctx, 'unshare', `failed to parse gid '${value ?? ''}'`);
        setgid = g;
        break;
      }
      case 'monotonic': monotonic = value; break;
      case 'boottime': boottime = value; break;
      default: break;
    }
  }
  if ((monotonic !== undefined || boottime !== undefined) && !(flags & CLONE_NEWTIME)) {
    return usage(ctx, 'unshare', 'options --monotonic and --boottime require unsharing of a time namespace (-t)');
  }
  // Persistence: a child forked first, in the old namespaces, bind-mounts the new ones' files once they exist.
  let binder: Task | undefined;
  if (persist.length > 0) {
    try {
      binder = ctx.machine.fork(task);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      return usage(ctx, 'unshare', `fork failed: ${strerror(e)}`);
    }
  }
  const endBinder = (code: number): void => {
    if (!binder) return;
    if (binder.state === 'running') k.exit(binder, code);
    k.wait(task, k.pidOf(binder, task));
  };
  try {
    k.unshare(task, flags);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    endBinder(1);
    ctx.stderr.write(`unshare: unshare failed: ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    return 1;
  }
  if (binder) {
    const ppid = k.pidOf(task, binder);
    for (const { kind, file } of persist) {
      const source = `/proc/${ppid}/ns/${kind.entry}`;
      try {
        mount(k, binder, file, { kind: 'bind', source });
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        endBinder(1);
        ctx.stderr.write(`unshare: mount ${source} on ${file} failed: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        return 1;
      }
    }
    endBinder(0);
  }
  // Time offsets are written before the fork: the child is the first task of the new time namespace.
  for (const [clock, value] of [['monotonic', monotonic], ['boottime', boottime]] as const) {
    if (value === undefined) continue;
    try {
      writeProc(ctx, task, '/proc/self/timens_offsets', `${clock} ${value} 0`);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      ctx.stderr.write(`unshare: failed to write ${clock} offset: ${strerror(e)}\n`);
      ctx.machine.explainError(ctx.stderr, e);
      return 1;
    }
  }
  const rest = async (t: Task): Promise<number> => {
    // The id maps (map_id) and setgroups (setgroups_control).
    if (flags & CLONE_NEWUSER) {
      try {
        if (setgroups !== undefined) writeSetgroups(k, t, t, setgroups);
        else if (mapGroup !== undefined) writeSetgroups(k, t, t, 'deny');
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`unshare: write failed /proc/self/setgroups: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        return 1;
      }
      for (const [path, inner, outer, write] of [['/proc/self/uid_map', mapUser, realEuid, writeUidMap], ['/proc/self/gid_map', mapGroup, realEgid, writeGidMap]] as const) {
        if (inner === undefined) continue;
        try {
          write(k, t, t, mapLine(inner, outer));
        } catch (e) {
          if (!(e instanceof KernelError)) throw e;
          ctx.stderr.write(`unshare: write failed ${path}: ${strerror(e)}\n`);
          ctx.machine.explainError(ctx.stderr, e);
          return 1;
        }
      }
    }
    if ((flags & CLONE_NEWNS) && propagation !== 'unchanged') {
      try {
        mount(k, t, '/', { kind: 'propagation', type: propagation as 'private', recursive: true });
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`unshare: cannot change root filesystem propagation: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        return 1;
      }
    }
    if (mountProc !== undefined) {
      try {
        mount(k, t, mountProc, { kind: 'propagation', type: 'private', recursive: true });
      } catch {
        // util-linux ignores a failure here (the target may not be a mount point).
      }
      try {
        mount(k, t, mountProc, { kind: 'proc' });
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`unshare: mount ${mountProc} failed: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        return 1;
      }
    }
    if (root !== undefined) {
      try {
        chroot(k, t, root);
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`unshare: cannot change root directory to '${root}': ${strerror(e)}\n`);
        return 1;
      }
    }
    if (wd !== undefined || root !== undefined) {
      try {
        chdir(k, t, wd ?? '/');
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`unshare: cannot chdir to '${wd ?? '/'}': ${strerror(e)}\n`);
        return 1;
      }
    }
    try {
      if (setgid !== undefined) k.setresgid(t, setgid, setgid, setgid);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      ctx.stderr.write(`unshare: setgid failed: ${strerror(e)}\n`);
      return 1;
    }
    try {
      if (setuid !== undefined) k.setresuid(t, setuid, setuid, setuid);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      ctx.stderr.write(`unshare: setuid failed: ${strerror(e)}\n`);
      return 1;
    }
    return execOrShell(ctx, 'unshare', t, args.operands, ctx);
  };
  if (fork) return forkAndWait(ctx, 'unshare', task, rest, killChild);
  return rest(task);
}

export const nsenterCommand: CommandDef = {
  name: 'nsenter',
  summary: 'Run a program with namespaces of other processes.',
  usage: ['nsenter [options] [<program> [<argument>...]]'],
  options: [
    { short: 'a', long: 'all', help: 'enter all namespaces' },
    { short: 't', long: 'target', arg: 'required', argName: '<pid>', help: 'target process to get namespaces from' },
    ...[...NS_KINDS.filter((n) => n.name !== 'user' && n.name !== 'time' && n.name !== 'cgroup'), ...NS_KINDS.filter((n) => n.name === 'cgroup' || n.name === 'user' || n.name === 'time')].map((n) => ({
      short: n.short, long: n.long, arg: 'optional' as const, argName: '<file>', help: `enter ${n.name === 'mnt' ? 'mount' : n.name === 'uts' ? 'UTS' : n.name === 'ipc' ? 'System V IPC' : n.name === 'net' ? 'network' : n.name} namespace${n.name === 'uts' ? ' (hostname etc)' : ''}`,
    })),
    { short: 'S', long: 'setuid', arg: 'required', argName: '<uid>', help: 'set uid in entered namespace' },
    { short: 'G', long: 'setgid', arg: 'required', argName: '<gid>', help: 'set gid in entered namespace' },
    { long: 'preserve-credentials', help: 'do not touch uids or gids' },
    { short: 'r', long: 'root', arg: 'optional', argName: '<dir>', help: 'set the root directory' },
    { short: 'w', long: 'wd', arg: 'optional', argName: '<dir>', help: 'set the working directory' },
    { short: 'F', long: 'no-fork', help: 'do not fork before exec\'ing <program>' },
    ...HELP_OPTIONS,
  ],
  models: `${UTIL_LINUX} nsenter(1)`,
  stopAtOperand: true,
  async run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    return nsenter(ctx, args);
  },
};

/** nsenter's order of entering (namespace_files[] in nsenter.c): user first, mnt after pid. */
const NSENTER_ORDER = ['user', 'cgroup', 'ipc', 'uts', 'net', 'pid', 'mnt', 'time'];

async function nsenter(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const k = ctx.machine.kernel;
  const task = ctx.task;
  let target: number | undefined;
  let all = false;
  const wanted = new Map<string, string | undefined>();
  let uid: number | undefined;
  let gid: number | undefined;
  let preserve = false;
  let root: string | true | undefined;
  let wd: string | true | undefined;
  let noFork = false;
  for (const [key, value] of args.options) {
    const kind = NS_KINDS.find((n) => n.long === key);
    if (kind) {
      wanted.set(kind.name, value);
      continue;
    }
    switch (key) {
      case 'all': all = true; break;
      case 'target':
        if (!/^[0-9]+$/.test(value ?? '')) return usage(ctx, 'nsenter', `failed to parse pid: '${value ?? ''}'`);
        target = Number(value);
        break;
      case 'setuid': uid = parseUser(value ?? ''); if (uid === undefined) return usage(ctx, 'nsenter', `failed to parse uid: '${value ?? ''}'`); break;
      case 'setgid': gid = parseGroup(value ?? ''); if (gid === undefined) return usage(ctx, 'nsenter', `failed to parse gid: '${value ?? ''}'`); break;
      case 'preserve-credentials': preserve = true; break;
      case 'root': root = value ?? true; break;
      case 'wd': wd = value ?? true; break;
      case 'no-fork': noFork = true; break;
      default: break;
    }
  }
  if (all) {
    if (target === undefined) return usage(ctx, 'nsenter', 'no target PID specified for --all');
    for (const n of NS_KINDS) if (!wanted.has(n.name) && k.entryMap.has(n.name)) wanted.set(n.name, undefined);
  }
  if (wanted.size === 0 && root === undefined && wd === undefined) {
    ctx.stderr.write("nsenter: neither filename nor target pid supplied for ns/mnt\n");
    return usage(ctx, 'nsenter', 'no namespace specified');
  }
  // Open every file first (open_target_fd), then enter.
  const opened: { name: string; ns: NsCommon; path: string }[] = [];
  for (const name of NSENTER_ORDER) {
    if (!wanted.has(name)) continue;
    const file = wanted.get(name);
    const kind = NS_KINDS.find((n) => n.name === name);
    if (!kind) continue;
    if (file === undefined && target === undefined) {
      ctx.stderr.write(`nsenter: neither filename nor target pid supplied for ns/${kind.entry.replace('_for_children', '')}\n`);
      return 1;
    }
    const path = file ?? `/proc/${target ?? 0}/ns/${name}`;
    let ns: NsCommon;
    try {
      ns = nsAt(k, task, path);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      ctx.stderr.write(`nsenter: cannot open ${path}: ${strerror(e)}\n`);
      ctx.machine.explainError(ctx.stderr, e);
      return 1;
    }
    // -a skips the namespaces the caller is in already (entering one's own user namespace is EINVAL).
    if (all && file === undefined && k.nsOf(task, kind.entry) === ns) continue;
    opened.push({ name, ns, path });
  }
  let enteredPid = false;
  let enteredUser = false;
  for (const { name, ns } of opened) {
    const kind = NS_KINDS.find((n) => n.name === name);
    if (!kind) continue;
    const fd = k.openNsInode(task, ns);
    try {
      k.setns(task, fd, kind.flag);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      ctx.stderr.write(`nsenter: reassociate to namespace 'ns/${name}' failed: ${strerror(e)}\n`);
      ctx.machine.explainError(ctx.stderr, e);
      return 1;
    } finally {
      k.close(task, fd);
    }
    if (name === 'pid') enteredPid = true;
    if (name === 'user') enteredUser = true;
  }
  const targetTask = target === undefined ? undefined : k.findTask(task, target);
  if (root !== undefined) {
    const dir = root === true ? `/proc/${target ?? 0}/root` : root;
    try {
      if (root === true) {
        if (targetTask?.fs?.root) task.fs?.set('root', targetTask.fs.root);
      }
      else chroot(k, task, dir);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      ctx.stderr.write(`nsenter: chroot failed: ${strerror(e)}\n`);
      return 1;
    }
  }
  if (wd !== undefined) {
    try {
      if (wd !== true) chdir(k, task, wd);
      else if (targetTask?.fs?.pwd) task.fs?.set('pwd', targetTask.fs.pwd);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      ctx.stderr.write(`nsenter: chdir failed: ${strerror(e)}\n`);
      return 1;
    }
  } else if (root !== undefined) chdir(k, task, '/');
  if (enteredUser && !preserve) {
    uid ??= 0;
    gid ??= 0;
  }
  try {
    if (gid !== undefined) k.setresgid(task, gid, gid, gid);
    if (uid !== undefined) k.setresuid(task, uid, uid, uid);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    ctx.stderr.write(`nsenter: ${uid !== undefined && gid === undefined ? 'setuid' : 'setgid'} failed: ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    return 1;
  }
  if (enteredPid && !noFork) return forkAndWait(ctx, 'nsenter', task, (child) => execOrShell(ctx, 'nsenter', child, args.operands, ctx));
  return execOrShell(ctx, 'nsenter', task, args.operands, ctx);
}

/** lsns's columns: header, right-aligned, JSON kind. */
const LSNS_COLUMNS: Readonly<Record<string, { readonly right: boolean; readonly json: 'number' | 'string' }>> = {
  NS: { right: true, json: 'number' }, TYPE: { right: false, json: 'string' }, PATH: { right: false, json: 'string' },
  NPROCS: { right: true, json: 'number' }, PID: { right: true, json: 'number' }, PPID: { right: true, json: 'number' },
  COMMAND: { right: false, json: 'string' }, UID: { right: true, json: 'number' }, USER: { right: false, json: 'string' },
  NETNSID: { right: true, json: 'string' }, NSFS: { right: false, json: 'string' }, PNS: { right: true, json: 'number' }, ONS: { right: true, json: 'number' },
};

export const lsnsCommand: CommandDef = {
  name: 'lsns',
  summary: 'List system namespaces.',
  usage: ['lsns [options] [<namespace>]'],
  options: [
    { short: 'J', long: 'json', help: 'use JSON output format' },
    { short: 'l', long: 'list', help: 'use list format output' },
    { short: 'n', long: 'noheadings', help: 'don\'t print headings' },
    { short: 'o', long: 'output', arg: 'required', argName: '<list>', help: 'define which output columns to use' },
    { long: 'output-all', help: 'output all columns' },
    { short: 'p', long: 'task', arg: 'required', argName: '<pid>', help: 'print process namespaces' },
    { short: 'r', long: 'raw', help: 'use the raw output format' },
    { short: 'u', long: 'notruncate', help: 'don\'t truncate text in columns' },
    { short: 'W', long: 'nowrap', help: 'don\'t use multi-line representation' },
    { short: 't', long: 'type', arg: 'required', argName: '<name>', help: 'namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)' },
    ...HELP_OPTIONS,
  ],
  more: `Available output columns:\n${Object.keys(LSNS_COLUMNS).map((c) => `  ${c}`).join('\n')}`,
  models: `${UTIL_LINUX} lsns(8)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    return lsnsRun(ctx, args);
  },
};

function lsnsRun(ctx: CommandContext, args: ParsedArgs): number {
  const k = ctx.machine.kernel;
  const viewer = ctx.task;
  const type = optionValue(args, 'type');
  if (typeof type === 'string' && !NS_KINDS.some((n) => n.name === type)) {
    ctx.stderr.write(`lsns: unknown namespace type: ${type}\n`);
    return 1;
  }
  let rows = k.listNamespaces(viewer).filter((r) => r.nprocs > 0);
  if (typeof type === 'string') rows = rows.filter((r) => r.type === type);
  const taskOpt = optionValue(args, 'task');
  if (typeof taskOpt === 'string') {
    const t = k.findTask(viewer, Number(taskOpt));
    if (!t) {
      ctx.stderr.write(`lsns: failed to get namespace for task ${taskOpt}\n`);
      return 1;
    }
    const mine = new Set(NS_KINDS.map((n) => k.nsOf(t, n.name === 'pid' ? 'pid' : n.name === 'time' ? 'time' : n.name)).filter((x) => x !== undefined).map((ns) => ns.inum));
    rows = rows.filter((r) => mine.has(r.ns));
  }
  const wantedNs = args.operands[0];
  if (wantedNs !== undefined) rows = rows.filter((r) => String(r.ns) === wantedNs);
  const output = optionValue(args, 'output');
  let columns = ['NS', 'TYPE', 'NPROCS', 'PID', 'USER', ...(type === 'net' ? ['NETNSID', 'NSFS'] : []), 'COMMAND'];
  if (optionValue(args, 'output-all') !== undefined) columns = Object.keys(LSNS_COLUMNS);
  if (typeof output === 'string') {
    columns = output.startsWith('+') ? [...columns, ...output.slice(1).split(',')] : output.split(',');
    columns = columns.map((c) => c.toUpperCase());
    const bad = columns.find((c) => !(c in LSNS_COLUMNS));
    if (bad !== undefined) {
      ctx.stderr.write(`lsns: unknown column: ${bad}\n`);
      return 1;
    }
  }
  const nsByInum = new Map<number, NsCommon>();
  for (const ns of k.namespaces()) nsByInum.set(ns.inum, ns);
  const nsfsPaths = (ns: NsCommon | undefined): string => {
    if (!ns) return '';
    const paths: string[] = [];
    for (const m of mountInfo(k, viewer)) if (m.fstype === 'nsfs' && m.root === `${ns.ops.name}:[${ns.inum}]`) paths.push(m.mountPoint);
    return paths.join('\n');
  };
  const cell = (r: (typeof rows)[number], c: string): string | number | null => {
    const t = r.pid ? k.findTask(viewer, r.pid) : undefined;
    const ns = nsByInum.get(r.ns);
    switch (c) {
      case 'NS': return r.ns;
      case 'TYPE': return r.type;
      case 'PATH': return r.pid ? `/proc/${r.pid}/ns/${r.type}` : null;
      case 'NPROCS': return r.nprocs;
      case 'PID': return r.pid || null;
      case 'PPID': return t?.leader.parent ? k.pidOf(t.leader.parent, viewer) : 0;
      case 'COMMAND': return t ? ctx.machine.argv(t).join(' ') : r.command;
      case 'UID': return r.uid;
      case 'USER': return userName(r.uid) ?? String(r.uid);
      case 'NETNSID': return r.type === 'net' ? 'unassigned' : null;
      case 'NSFS': return r.type === 'net' ? nsfsPaths(ns) || null : null;
      case 'PNS': {
        const parent = ns && 'parent' in ns ? (ns as { parent: NsCommon | null }).parent : null;
        return parent?.inum ?? 0;
      }
      case 'ONS': return ns?.ownerNs?.inum ?? 0;
      default: return null;
    }
  };
  if (optionValue(args, 'json') !== undefined) {
    const items = rows.map((r) => {
      const fields = columns.map((c) => {
        const v = cell(r, c);
        const key = c.toLowerCase();
        const json = v === null || v === '' ? 'null' : LSNS_COLUMNS[c]?.json === 'number' && typeof v === 'number' ? String(v) : JSON.stringify(String(v));
        return `         "${key}": ${json}`;
      });
      return `      {\n${fields.join(',\n')}\n      }`;
    });
    ctx.stdout.write(`{\n   "namespaces": [\n${items.join(',\n')}\n   ]\n}\n`);
    return 0;
  }
  // The default output is a tree of processes (LSNS_TREE_PROCESS): a row whose process is the child of another row's
  // process is printed under it, its COMMAND drawn with libsmartcols's branches.
  const asTree = optionValue(args, 'list') === undefined && columns.includes('COMMAND');
  const taskOf = (r: (typeof rows)[number]): Task | undefined => (r.pid ? k.findTask(viewer, r.pid) : undefined);
  const parentOf = new Map<(typeof rows)[number], (typeof rows)[number]>();
  if (asTree) {
    for (const r of rows) {
      const parent = taskOf(r)?.leader.parent;
      const p = parent ? rows.find((x) => x !== r && taskOf(x) === parent.leader) : undefined;
      if (p) parentOf.set(r, p);
    }
  }
  const ordered: { row: (typeof rows)[number]; prefix: string }[] = [];
  const walk = (r: (typeof rows)[number], lead: string, branch: string): void => {
    ordered.push({ row: r, prefix: lead + branch });
    const kids = rows.filter((x) => parentOf.get(x) === r);
    kids.forEach((kid, i) => walk(kid, lead + (branch === '' ? '' : branch === '`-' ? '  ' : '| '), i === kids.length - 1 ? '`-' : '|-'));
  };
  for (const r of rows) if (!parentOf.has(r)) walk(r, '', '');
  const body = ordered.map(({ row, prefix }) => columns.map((c) => {
    const v = cell(row, c);
    return c === 'COMMAND' ? prefix + (v === null ? '' : String(v)) : v === null ? '' : String(v);
  }));
  const raw = optionValue(args, 'raw') !== undefined;
  const header = optionValue(args, 'noheadings') !== undefined ? [] : [columns];
  if (raw) {
    ctx.stdout.write([...header, ...body].map((r) => r.join(' ')).join('\n') + (header.length + body.length > 0 ? '\n' : ''));
    return 0;
  }
  if (body.length === 0 && header.length === 0) return 0;
  const text = table(columns, body, columns.map((c) => LSNS_COLUMNS[c]?.right ?? false)).split('\n').map((l) => l.replace(/ +$/, ''));
  ctx.stdout.write(`${(header.length === 0 ? text.slice(1) : text).join('\n')}\n`);
  return 0;
}

/** `fromKuidMunged` for lsns's callers (re-exported for tests). */
export { fromKuidMunged };

export const mountCommand: CommandDef = {
  name: 'mount',
  summary: 'Mount a filesystem (tmpfs, proc), bind or move a mount, or change its propagation; without arguments, list the mounts.',
  usage: ['mount [-t <type>] <source> <directory>', 'mount --bind|--rbind|--move <olddir> <newdir>', 'mount --make-[shared|slave|private|unbindable] <mountpoint>', 'mount --make-r[shared|slave|private|unbindable] <mountpoint>', 'mount -o remount,ro|rw <mountpoint>'],
  options: [
    { short: 't', long: 'types', arg: 'required', argName: '<list>', help: 'limit the set of filesystem types' },
    { short: 'o', long: 'options', arg: 'required', argName: '<list>', help: 'comma-separated list of mount options' },
    { short: 'B', long: 'bind', help: 'mount a subtree somewhere else (same as -o bind)' },
    { short: 'R', long: 'rbind', help: 'mount a subtree and all submounts somewhere else' },
    { short: 'M', long: 'move', help: 'move a subtree to some other place' },
    ...['shared', 'slave', 'private', 'unbindable', 'rshared', 'rslave', 'rprivate', 'runbindable'].map((p) => ({ long: `make-${p}`, help: `mark a subtree as ${p.replace(/^r(?=[a-z]{5})/, 'recursively ')}` })),
    ...HELP_OPTIONS,
  ],
  models: `${UTIL_LINUX} mount(8)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    const k = ctx.machine.kernel;
    const t = ctx.task;
    const ops = args.operands;
    const prop = args.options.find(([key]) => key.startsWith('make-'));
    let target: string | undefined;
    let request: MountRequest;
    const opts = (optionValue(args, 'options') as string | undefined)?.split(',') ?? [];
    if (prop) {
      const name = prop[0].slice(5);
      const recursive = name.startsWith('r') && name !== 'rprivate' ? true : name === 'rprivate';
      const type = (recursive ? name.slice(1) : name) as 'shared' | 'slave' | 'private' | 'unbindable';
      target = ops[0];
      request = { kind: 'propagation', type, recursive };
    } else if (optionValue(args, 'bind') !== undefined || optionValue(args, 'rbind') !== undefined || optionValue(args, 'move') !== undefined || opts.includes('bind') || opts.includes('rbind')) {
      const kind = optionValue(args, 'move') !== undefined ? 'move' : optionValue(args, 'rbind') !== undefined || opts.includes('rbind') ? 'rbind' : 'bind';
      target = ops[1];
      request = { kind, source: ops[0] ?? '' };
    } else if (opts.includes('remount')) {
      target = ops[ops.length - 1];
      request = { kind: 'remount', flags: { readOnly: opts.includes('ro') } } as MountRequest;
    } else if (ops.length === 0) {
      for (const m of mountInfo(k, t)) ctx.stdout.write(`${m.source} on ${m.mountPoint} type ${m.fstype} (${m.options})\n`);
      return 0;
    } else {
      const type = optionValue(args, 'types');
      const fstype = typeof type === 'string' ? type : ops[0];
      target = ops[ops.length - 1];
      if (fstype === 'tmpfs' || fstype === 'proc') request = { kind: fstype };
      else if (fstype === undefined) {
        ctx.stderr.write(`mount: ${target ?? ''}: can't find in /etc/fstab.\n`);
        return 1;
      } else request = { kind: 'fs', fstype };
    }
    if (target === undefined) {
      ctx.stderr.write("mount: bad usage\nTry 'mount --help' for more information.\n");
      return 1;
    }
    try {
      mount(k, t, target, request);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      const what = e.code === 'EPERM' ? `must be superuser to use mount.` : e.code === 'ENOENT' ? `mount point does not exist.` : e.code === 'ENODEV' ? `unknown filesystem type '${request.kind === 'fs' ? request.fstype : request.kind}'.` : `${strerror(e)}.`;
      ctx.stderr.write(`mount: ${target}: ${what}\n       dmesg(1) may have more information after failed mount system call.\n`);
      ctx.machine.explainError(ctx.stderr, e);
      return 32;
    }
    return 0;
  },
};

export const umountCommand: CommandDef = {
  name: 'umount',
  summary: 'Unmount the filesystem mounted on each directory (-l: lazily, detached now).',
  usage: ['umount [-l] <directory>...'],
  options: [{ short: 'l', long: 'lazy', help: 'detach the filesystem now, clean up things later' }, ...HELP_OPTIONS],
  models: `${UTIL_LINUX} umount(8)`,
  run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    let status = 0;
    for (const p of args.operands) {
      try {
        umount2(ctx.machine.kernel, ctx.task, p, { detach: optionValue(args, 'lazy') !== undefined });
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        const what = e.code === 'EINVAL' ? 'not mounted.' : e.code === 'EBUSY' ? 'target is busy.' : e.code === 'EPERM' ? 'must be superuser to unmount.' : `${strerror(e)}`;
        ctx.stderr.write(`umount: ${p}: ${what}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        status = 32;
      }
    }
    return status;
  },
};

export const UTIL_LINUX_COMMANDS: readonly CommandDef[] = [unshareCommand, nsenterCommand, lsnsCommand, mountCommand, umountCommand];
