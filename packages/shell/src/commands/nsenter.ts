/**
 * util-linux 2.38.1's nsenter(1) (sys-utils/nsenter.c), step by step as
 * main() does them: the namespace files and the root and working
 * directories are opened while the options are read (open_namespace_fd,
 * open_target_fd), --all adds every namespace of the target but a user
 * namespace the caller is in already (is_usable_namespace), the
 * namespaces are entered in two passes (the user namespace last if the
 * first pass can do without it, first otherwise), then the root (fchdir and
 * chroot), the working directory (-w, or -W: a path opened inside the new
 * root), the fork for a new pid namespace (continue_as_child), the ids
 * (setgroups, setgid, setuid: 0 by default when a user namespace was
 * entered), and the exec. -Z/--follow-context does nothing: the machine
 * has no SELinux (is_selinux_enabled() is 0, so nsenter skips it, as on
 * Debian).
 */
import { KernelError } from '@nsproxy/core';
import type { FsPath, NsCommon, Task } from '@nsproxy/core';
import { chdir, chroot, lookup, nsAt } from '@nsproxy/mnt';
import { setgroups } from '@nsproxy/user';
import { HELP_OPTIONS, parseOrExit } from '../command.ts';
import type { CommandContext, CommandDef, ParsedArgs } from '../command.ts';
import { strerror } from '../machine.ts';
import { NS_KINDS, execOrShell, forkAndWait } from './util-linux.ts';

/** namespace_files[] of nsenter.c: the order of entering (user first or last), with each one's ns/ name. */
const NAMESPACE_FILES: readonly string[] = ['user', 'cgroup', 'ipc', 'uts', 'net', 'pid', 'mnt', 'time'];

/** The help's text for each namespace option. */
const ENTER_HELP: Readonly<Record<string, string>> = {
  mnt: 'enter mount namespace', uts: 'enter UTS namespace (hostname etc)', ipc: 'enter System V IPC namespace', net: 'enter network namespace',
  pid: 'enter pid namespace', cgroup: 'enter cgroup namespace', user: 'enter user namespace', time: 'enter time namespace',
};

export const nsenterCommand: CommandDef = {
  name: 'nsenter',
  summary: 'Run a program with namespaces of other processes.',
  usage: ['nsenter [options] [<program> [<argument>...]]'],
  options: [
    { short: 'a', long: 'all', help: 'enter all namespaces' },
    { short: 't', long: 'target', arg: 'required', argName: '<pid>', help: 'target process to get namespaces from' },
    // NS_KINDS's letters and names (not read from it here: util-linux.ts imports this module).
    ...([['m', 'mount', 'mnt'], ['u', 'uts', 'uts'], ['i', 'ipc', 'ipc'], ['n', 'net', 'net'], ['p', 'pid', 'pid'], ['C', 'cgroup', 'cgroup'], ['U', 'user', 'user'], ['T', 'time', 'time']] as const).map(([short, long, name]) => ({
      short, long, arg: 'optional' as const, argName: '<file>', help: ENTER_HELP[name] ?? '',
    })),
    { short: 'S', long: 'setuid', arg: 'required', argName: '<uid>', help: 'set uid in entered namespace' },
    { short: 'G', long: 'setgid', arg: 'required', argName: '<gid>', help: 'set gid in entered namespace' },
    { long: 'preserve-credentials', help: 'do not touch uids or gids', label: '     --preserve-credentials' },
    { short: 'r', long: 'root', arg: 'optional', argName: '<dir>', help: 'set the root directory' },
    { short: 'w', long: 'wd', arg: 'optional', argName: '<dir>', help: 'set the working directory' },
    // getopt_long's quirk: `-W <dir>` takes its argument, `--wdns` only as `--wdns=<dir>` (optional_argument in longopts).
    { short: 'W', long: 'wdns', arg: 'optional', shortArg: 'required', argName: '<dir>', help: 'set the working directory in namespace', label: ' -W. --wdns <dir>' },
    { short: 'F', long: 'no-fork', help: 'do not fork before exec\'ing <program>' },
    { short: 'Z', long: 'follow-context', help: 'set SELinux context according to --target PID' },
    ...HELP_OPTIONS,
  ],
  models: 'util-linux 2.38.1 nsenter(1)',
  helpColumn: 24,
  stopAtOperand: true,
  async run(ctx) {
    const args = parseOrExit(this, ctx);
    if (typeof args === 'number') return args;
    try {
      return await nsenter(ctx, args);
    } catch (e) {
      if (!(e instanceof Fail)) throw e;
      ctx.stderr.write(`nsenter: ${e.message}\n`);
      if (e.cause instanceof KernelError) ctx.machine.explainError(ctx.stderr, e.cause);
      return 1;
    }
  },
};

/** err(EXIT_FAILURE, ...) / errx: the message and the error behind it. */
class Fail extends Error {}

function fail(message: string, e?: unknown): never {
  if (e !== undefined && !(e instanceof KernelError)) throw e instanceof Error ? e : new Error('nsenter: not a KernelError', { cause: e });
  throw new Fail(e === undefined ? message : `${message}: ${strerror(e)}`, { cause: e });
}

/** strtoul_or_err: a decimal number, or `<what>: '<text>'`. */
function number(text: string, what: string): number {
  if (!/^[0-9]+$/.test(text)) fail(`${what}: '${text}'`);
  return Number(text);
}

/** An open directory (root_fd, wd_fd): where it leads. */
type DirFd = FsPath;

async function nsenter(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const k = ctx.machine.kernel;
  const task = ctx.task;
  let target = 0;
  const fds = new Map<string, NsCommon>();
  let namespaces = new Set<string>();
  let doAll = false;
  let doRd = false;
  let doWd = false;
  let rootFd: DirFd | undefined;
  let wdFd: DirFd | undefined;
  let wdns: string | undefined;
  let uid = 0;
  let gid = 0;
  let forceUid = false;
  let forceGid = false;
  let preserve = false;
  let doFork = -1;
  let sawW: string | undefined;
  const targetTask = (): Task | undefined => k.findTask(task, target);
  // open_target_fd: a file given, else /proc/<target>/<type>.
  const openNs = (name: string, path: string | undefined): void => {
    if (path === undefined && !target) fail(`neither filename nor target pid supplied for ns/${name}`);
    const file = path ?? `/proc/${target}/ns/${name}`;
    try {
      fds.set(name, nsAt(k, task, file));
    } catch (e) {
      fail(`cannot open ${file}`, e);
    }
  };
  const openDir = (type: 'root' | 'cwd', path: string | undefined): DirFd => {
    if (path === undefined && !target) fail(`neither filename nor target pid supplied for ${type}`);
    if (path === undefined) {
      const t = targetTask();
      const p = type === 'root' ? t?.fs?.root : t?.fs?.pwd;
      if (!p) fail(`cannot open /proc/${target}/${type}: No such file or directory`);
      return p;
    }
    try {
      return lookup(k, task, path, 'open', { directory: true });
    } catch (e) {
      return fail(`cannot open ${path}`, e);
    }
  };
  for (const [key, value] of args.options) {
    // err_exclusive_options: -W and -w.
    if (key === 'wdns' || key === 'wd') {
      if (sawW !== undefined && sawW !== key) fail('mutually exclusive arguments: --wdns --wd');
      sawW = key;
    }
    const kind = NS_KINDS.find((n) => n.long === key);
    if (kind) {
      if (value !== undefined) openNs(kind.name, value);
      else namespaces.add(kind.name);
      continue;
    }
    switch (key) {
      case 'all': doAll = true; break;
      case 'target': target = number(value ?? '', 'failed to parse pid'); break;
      case 'setuid': uid = number(value ?? '', 'failed to parse uid'); forceUid = true; break;
      case 'setgid': gid = number(value ?? '', 'failed to parse gid'); forceGid = true; break;
      case 'no-fork': doFork = 0; break;
      case 'root': if (value !== undefined) rootFd = openDir('root', value); else doRd = true; break;
      case 'wd': if (value !== undefined) wdFd = openDir('cwd', value); else doWd = true; break;
      case 'wdns': wdns = value; break;
      case 'preserve-credentials': preserve = true; break;
      default: break;
    }
  }
  if (doAll) {
    if (!target) fail('no target PID specified for --all');
    for (const name of NAMESPACE_FILES) {
      if (fds.has(name) || !k.entryMap.has(name)) continue;
      // is_usable_namespace: setns(2) cannot re-enter the caller's own user namespace.
      if (name === 'user') {
        const t = targetTask();
        if (!t) fail(`stat of /proc/${target}/ns/user failed: No such file or directory`);
        if (k.nsOf(t, 'user') === k.nsOf(task, 'user')) continue;
      }
      namespaces.add(name);
    }
  }
  for (const name of NAMESPACE_FILES) if (namespaces.has(name)) openNs(name, undefined);
  if (doRd) rootFd = openDir('root', undefined);
  if (doWd) wdFd = openDir('cwd', undefined);
  namespaces = new Set(fds.keys());
  let setgroupsErrors = 0;
  if (namespaces.has('user') && !preserve) {
    forceUid = true;
    forceGid = true;
    // setgroups() before and after entering: only both failing is an error.
    try {
      setgroups(k, task, []);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      setgroupsErrors++;
    }
  }
  // Two passes: without the user namespace first (a failure waits for the second pass), then all that is left.
  for (let pass = 0; pass < 2; pass++) {
    for (const name of NAMESPACE_FILES.slice(1 - pass)) {
      const ns = fds.get(name);
      if (!ns) continue;
      if (name === 'pid' && doFork === -1) doFork = 1;
      const kind = NS_KINDS.find((n) => n.name === name);
      const fd = k.openNsInode(task, ns);
      try {
        k.setns(task, fd, kind?.flag ?? 0);
      } catch (e) {
        if (pass !== 0) fail(`reassociate to namespace 'ns/${name}' failed`, e);
        continue;
      } finally {
        k.close(task, fd);
      }
      fds.delete(name);
    }
  }
  // Remember the working directory if it is not being changed.
  if (rootFd && !wdFd && wdns === undefined) wdFd = task.fs?.pwd ?? undefined;
  if (rootFd) {
    // fchdir(root_fd); chroot("."); chdir("/").
    task.fs?.set('pwd', rootFd);
    try {
      chroot(k, task, '.');
      chdir(k, task, '/');
    } catch (e) {
      fail('chroot failed', e);
    }
  }
  if (wdns !== undefined) {
    try {
      wdFd = lookup(k, task, wdns, 'open', { directory: true });
    } catch (e) {
      fail('cannot open current working directory', e);
    }
  }
  if (wdFd) task.fs?.set('pwd', wdFd);
  const rest = async (t: Task): Promise<number> => {
    if (forceUid || forceGid) {
      if (forceGid) {
        try {
          setgroups(k, t, []);
        } catch (e) {
          if (!(e instanceof KernelError)) throw e;
          if (setgroupsErrors) {
            ctx.stderr.write(`nsenter: setgroups failed: ${strerror(e)}\n`);
            ctx.machine.explainError(ctx.stderr, e);
            return 1;
          }
        }
        try {
          k.setresgid(t, gid, gid, gid);
        } catch (e) {
          if (!(e instanceof KernelError)) throw e;
          ctx.stderr.write(`nsenter: setgid failed: ${strerror(e)}\n`);
          ctx.machine.explainError(ctx.stderr, e);
          return 1;
        }
      }
      if (forceUid) {
        try {
          k.setresuid(t, uid, uid, uid);
        } catch (e) {
          if (!(e instanceof KernelError)) throw e;
          ctx.stderr.write(`nsenter: setuid failed: ${strerror(e)}\n`);
          ctx.machine.explainError(ctx.stderr, e);
          return 1;
        }
      }
    }
    return execOrShell(ctx, 'nsenter', t, args.operands, ctx);
  };
  if (doFork === 1) return forkAndWait(ctx, 'nsenter', task, rest);
  return rest(task);
}
