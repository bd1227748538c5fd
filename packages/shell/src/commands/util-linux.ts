/**
 * util-linux 2.38.1's namespace tools: unshare(1) (sys-utils/unshare.c),
 * nsenter(1) (sys-utils/nsenter.c), lsns(8) (sys-utils/lsns.c), and mount(8)
 * and umount(8) for the forms namespaces need (tmpfs, proc, bind, rbind,
 * move, the propagation flags). Each error line is the tool's own
 * (`unshare: unshare failed: Operation not permitted`), with its exit status.
 */
import { CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWTIME, CLONE_NEWUSER, CLONE_NEWUTS, CAP_LAST_CAP, KernelError, fromKuidMunged } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { chdir, chroot, lookup, mount, mountInfo, umount2 } from '@nsproxy/mnt';
import type { MountRequest } from '@nsproxy/mnt';
import { getegid, geteuid, prctlCapAmbient, writeGidMap, writeSetgroups, writeUidMap } from '@nsproxy/user';
import { HELP_OPTIONS, optionValue, parseOrExit } from '../command.ts';
import type { CommandContext, CommandDef, ParsedArgs } from '../command.ts';
import type { Io } from '../interp.ts';
import { shellStatus } from '../interp.ts';
import { strerror } from '../machine.ts';
import { signameToSignum } from './signames.ts';
import { blockWhileWaiting, killWithParent } from './unshare-child.ts';
import { lsnsCommand } from './lsns.ts';
import { nsenterCommand } from './nsenter.ts';
import { MapError, getMapRange, mapIdsFromChild, readSubidRange } from './unshare-maps.ts';
import type { MapRange } from './unshare-maps.ts';
import { parseGroup, parseUser } from './coreutils.ts';

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
export async function execOrShell(ctx: CommandContext, tool: string, task: Task, argv: readonly string[], io: Io): Promise<number> {
  if (argv.length === 0) {
    const shell = ctx.env.get('SHELL') ?? '/bin/sh';
    ctx.machine.exec(task, [shell]);
    return ctx.shell.runShellIn(task, io, ctx.env, { arg0: 'sh', input: ctx.shell.stdinFor(io.stdin) });
  }
  const status = await ctx.shell.execProgram(task, argv, io, ctx.env);
  if (status === undefined) {
    // errexec: ENOENT is 127; a path that exists but is no program (a directory) is EACCES, 126.
    const name = argv[0] ?? '';
    let exists = false;
    if (name.includes('/')) {
      try {
        lookup(ctx.machine.kernel, task, name, 'execve');
        exists = true;
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
      }
    }
    ctx.stderr.write(`${tool}: failed to execute ${name}: ${exists ? 'Permission denied' : 'No such file or directory'}\n`);
    return exists ? 126 : 127;
  }
  return status;
}

/** fork(2) by a tool: a child that runs `body`; the parent waits and returns its status (as `--fork` does). */
export async function forkAndWait(ctx: CommandContext, tool: string, parent: Task, body: (child: Task) => Promise<number>, killChild?: number): Promise<number> {
  let child: Task;
  try {
    child = ctx.machine.fork(parent);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    ctx.stderr.write(`${tool}: fork failed: ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    return 1;
  }
  const k = ctx.machine.kernel;
  // unshare: the parent waits with SIGINT and SIGTERM blocked; --kill-child's prctl(PR_SET_PDEATHSIG) in the child (unshare-child.ts).
  if (tool === 'unshare') blockWhileWaiting(k, parent);
  killWithParent(k, child, killChild);
  let status: number;
  try {
    status = await body(child);
  } catch (e) {
    if (e instanceof Error && e.name === 'Killed') status = 0;
    else throw e;
  }
  if (child.state === 'running') k.exit(child, status);
  // A parent killed while it waited has no child to wait for (the child went to a reaper).
  if (!parent.alive) return status;
  const r = k.wait(parent, k.pidOf(child, parent));
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
    { short: 'f', long: 'fork', help: 'fork before launching <program>', separator: true },
    { long: 'map-user', arg: 'required', argName: '<uid>|<name>', help: 'map current user to uid (implies --user)', label: ' --map-user=<uid>|<name>' },
    { long: 'map-group', arg: 'required', argName: '<gid>|<name>', help: 'map current group to gid (implies --user)', label: ' --map-group=<gid>|<name>' },
    { short: 'r', long: 'map-root-user', help: 'map current user to root (implies --user)' },
    { short: 'c', long: 'map-current-user', help: 'map current user to itself (implies --user)' },
    { long: 'map-auto', help: 'map users and groups automatically (implies --user)' },
    { long: 'map-users', arg: 'required', argName: '<outeruid>,<inneruid>,<count>', help: 'map count users from outeruid to inneruid (implies --user)', label: ' --map-users=<outeruid>,<inneruid>,<count>', helpOnNextLine: true },
    { long: 'map-groups', arg: 'required', argName: '<outergid>,<innergid>,<count>', help: 'map count groups from outergid to innergid (implies --user)', label: ' --map-groups=<outergid>,<innergid>,<count>', helpOnNextLine: true },
    { long: 'kill-child', arg: 'optional', argName: '<signame>', help: 'when dying, kill the forked child (implies --fork)\n                             defaults to SIGKILL', separator: true },
    { long: 'mount-proc', arg: 'optional', argName: '<dir>', help: 'mount proc filesystem first (implies --mount)' },
    { long: 'propagation', arg: 'required', argName: 'slave|shared|private|unchanged', help: 'modify mount propagation in mount namespace', helpOnNextLine: true },
    { long: 'setgroups', arg: 'required', argName: 'allow|deny', help: 'control the setgroups syscall in user namespaces' },
    { long: 'keep-caps', help: 'retain capabilities granted in user namespaces' },
    { short: 'R', long: 'root', arg: 'required', argName: '<dir>', help: 'run the command with root directory set to <dir>', separator: true, label: ' -R, --root=<dir>' },
    { short: 'w', long: 'wd', arg: 'required', argName: '<dir>', help: 'change working directory to <dir>', label: ' -w, --wd=<dir>' },
    { short: 'S', long: 'setuid', arg: 'required', argName: '<uid>', help: 'set uid in entered namespace' },
    { short: 'G', long: 'setgid', arg: 'required', argName: '<gid>', help: 'set gid in entered namespace' },
    { long: 'monotonic', arg: 'required', argName: '<offset>', help: 'set clock monotonic offset (seconds) in time namespaces' },
    { long: 'boottime', arg: 'required', argName: '<offset>', help: 'set clock boottime offset (seconds) in time namespaces' },
    ...HELP_OPTIONS,
  ],
  models: `${UTIL_LINUX} unshare(1)`,
  helpColumn: 27,
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
  // --map-users, --map-groups (get_map_range, read_subid_range): set by newuidmap/newgidmap from a child (unshare-maps.ts).
  let userMap: MapRange | undefined;
  let groupMap: MapRange | undefined;
  let keepCaps = false;
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
        const s = value === undefined ? 9 : signameToSignum(value);
        if (s < 0) return usage(ctx, 'unshare', `unknown signal: ${value ?? ''}`);
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
      case 'map-auto':
        // read_subid_range of /etc/subuid and /etc/subgid, both mapped by the helpers (unshare-maps.ts).
        flags |= CLONE_NEWUSER;
        try {
          userMap = readSubidRange(ctx, '/etc/subuid', realEuid);
          groupMap = readSubidRange(ctx, '/etc/subgid', realEuid);
        } catch (e) {
          if (!(e instanceof MapError)) throw e;
          return usage(ctx, 'unshare', e.message);
        }
        break;
      case 'map-users': case 'map-groups':
        flags |= CLONE_NEWUSER;
        try {
          const range = value === 'auto' ? readSubidRange(ctx, key === 'map-users' ? '/etc/subuid' : '/etc/subgid', realEuid) : getMapRange(value ?? '');
          if (key === 'map-users') userMap = range;
          else groupMap = range;
        } catch (e) {
          if (!(e instanceof MapError)) throw e;
          return usage(ctx, 'unshare', e.message);
        }
        break;
      case 'keep-caps': keepCaps = true; break;
      case 'map-user': {
        const u = parseUser(value ?? '');
        if (u === undefined) return usage(ctx, 'unshare', `failed to parse uid: '${value ?? ''}'`);
        flags |= CLONE_NEWUSER;
        mapUser = u;
        break;
      }
      case 'map-group': {
        const g = parseGroup(value ?? '');
        if (g === undefined) return usage(ctx, 'unshare', `failed to parse gid: '${value ?? ''}'`);
        flags |= CLONE_NEWUSER;
        mapGroup = g;
        break;
      }
      case 'root': root = value; break;
      case 'wd': wd = value; break;
      case 'setuid': {
        const u = parseUser(value ?? '');
        if (u === undefined) return usage(ctx, 'unshare', `failed to parse uid: '${value ?? ''}'`);
        setuid = u;
        break;
      }
      case 'setgid': {
        const g = parseGroup(value ?? '');
        if (g === undefined) return usage(ctx, 'unshare', `failed to parse gid: '${value ?? ''}'`);
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
  const mapIds = userMap || groupMap ? mapIdsFromChild(ctx, task, { mapUser, userMap, mapGroup, groupMap }) : undefined;
  try {
    k.unshare(task, flags);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
    endBinder(1);
    ctx.stderr.write(`unshare: unshare failed: ${strerror(e)}\n`);
    ctx.machine.explainError(ctx.stderr, e);
    mapIds?.abort();
    return 1;
  }
  // sync_with_child: the helpers map the ids; a failure ends unshare with the child's status (waitchild).
  if (mapIds) {
    const status = await mapIds.run();
    if (status !== 0) {
      endBinder(1);
      return status;
    }
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
    // The id maps (map_id) and setgroups (setgroups_control), in unshare.c's order: uid_map, then setgroups "deny" and
    // gid_map, then --setgroups; a range (--map-users, --map-groups) was set by the helpers instead.
    if (flags & CLONE_NEWUSER) {
      const fail = (path: string, e: unknown): number => {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`unshare: write failed ${path}: ${strerror(e)}\n`);
        ctx.machine.explainError(ctx.stderr, e);
        return 1;
      };
      if (mapUser !== undefined && !userMap) {
        try {
          writeUidMap(k, t, t, mapLine(mapUser, realEuid));
        } catch (e) {
          return fail('/proc/self/uid_map', e);
        }
      }
      if (mapGroup !== undefined && !groupMap) {
        if (setgroups === 'allow') return usage(ctx, 'unshare', 'options --setgroups=allow and --map-group are mutually exclusive');
        try {
          writeSetgroups(k, t, t, 'deny');
        } catch (e) {
          return fail('/proc/self/setgroups', e);
        }
        try {
          writeGidMap(k, t, t, mapLine(mapGroup, realEgid));
        } catch (e) {
          return fail('/proc/self/gid_map', e);
        }
      }
      try {
        if (setgroups !== undefined) writeSetgroups(k, t, t, setgroups);
      } catch (e) {
        return fail('/proc/self/setgroups', e);
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
    // --keep-caps: the permitted set made inheritable (capset), then each effective capability raised into the ambient set.
    if (keepCaps && (flags & CLONE_NEWUSER)) {
      try {
        k.capset(t, { effective: t.cred.capEffective, permitted: t.cred.capPermitted, inheritable: t.cred.capPermitted });
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        ctx.stderr.write(`unshare: capset failed: ${strerror(e)}\n`);
        return 1;
      }
      for (let cap = 0; cap <= CAP_LAST_CAP; cap++) {
        if ((t.cred.capEffective & (1n << BigInt(cap))) === 0n) continue;
        try {
          prctlCapAmbient(k, t, 'raise', cap);
        } catch (e) {
          if (!(e instanceof KernelError)) throw e;
          ctx.stderr.write(`unshare: prctl(PR_CAP_AMBIENT) failed: ${strerror(e)}\n`);
          return 1;
        }
      }
    }
    return execOrShell(ctx, 'unshare', t, args.operands, ctx);
  };
  if (fork) return forkAndWait(ctx, 'unshare', task, rest, killChild);
  return rest(task);
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
