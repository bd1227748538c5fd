/**
 * The mount ops on the real kernel (`@nsproxy/mnt`'s specs): the driver side.
 * The agent makes the calls (mkdir, mount, umount2, pivot_root, ...) in the
 * acting task and reads its /proc/self/mountinfo; what a result means
 * (`mounted`, `propagation`, `mount-opts`, `mounts`, `pids`, `nspid`) is
 * worked out here, from that text.
 *
 * Peer-group ids are the kernel's, machine-wide and reused, so the labels of
 * a transcript would follow numbers, not groups. {@link PeerGroups} keeps a
 * generation per kernel id: once an id that a result has shown is gone from
 * the mountinfo of every live task of the run, its next appearance is a new
 * group (`37.2`), which the runner labels anew.
 */
import { cIntArg } from '@nsproxy/scenario/contract';
import type { StepResult } from '@nsproxy/scenario/contract';
import { StepError, arg, need } from './step-error.ts';

/** mount(2) flags (include/uapi/linux/mount.h). */
export const MS = {
  RDONLY: 0x1,
  NOSUID: 0x2,
  NODEV: 0x4,
  NOEXEC: 0x8,
  REMOUNT: 0x20,
  BIND: 0x1000,
  MOVE: 0x2000,
  REC: 0x4000,
  UNBINDABLE: 0x20000,
  PRIVATE: 0x40000,
  SLAVE: 0x80000,
  SHARED: 0x100000,
} as const;

/** umount2(2) flag: lazy unmount. */
export const MNT_DETACH = 0x2;

/** `make-<kind>`: the propagation flag, with MS_REC for the `r` forms. */
const PROPAGATION_FLAGS: Readonly<Record<string, number>> = {
  shared: MS.SHARED,
  private: MS.PRIVATE,
  slave: MS.SLAVE,
  unbindable: MS.UNBINDABLE,
  rshared: MS.SHARED | MS.REC,
  rprivate: MS.PRIVATE | MS.REC,
  rslave: MS.SLAVE | MS.REC,
  runbindable: MS.UNBINDABLE | MS.REC,
};

/** `remount` flags. */
const REMOUNT_FLAG_BITS: Readonly<Record<string, number>> = { ro: MS.RDONLY, nosuid: MS.NOSUID, nodev: MS.NODEV, noexec: MS.NOEXEC };

/** The ops of the mnt area (`@nsproxy/mnt`'s MNT_OPS) that this backend implements. */
export const MOUNT_OPS: readonly string[] = [
  'pin',
  'setns-path',
  'nspath',
  'mkdir',
  'mount',
  'umount',
  'umount-lazy',
  ...Object.keys(PROPAGATION_FLAGS).map((kind) => `make-${kind}`),
  'mounted',
  'propagation',
  'remount',
  'mount-opts',
  'mount-root',
  'mounts',
  'touch',
  'exists',
  'chdir',
  'chroot',
  'pivot-root',
  'readlink',
  'pids',
  'nspid',
  'cat',
  'chown',
  'owner',
];

/**
 * Whether a step may have freed a peer group (a mount left its group, was
 * unmounted, or a mount namespace lost its last task): after it, the ids
 * shown so far are looked for again. Failed steps too (cheap, and safe).
 */
export function mayFreePeerGroup(op: string, args: readonly string[]): boolean {
  if (op.startsWith('make-')) return true;
  if (op === 'mount') return args[0] === 'move';
  return FREEING_OPS.has(op);
}

const FREEING_OPS: ReadonlySet<string> = new Set([
  'umount',
  'umount-lazy',
  'pivot-root',
  'chroot',
  'exit',
  'kill',
  'pidfd-send',
  'close',
  'close-sock',
  'setns',
  'setns-fd',
  'setns-pidfd',
  'setns-path',
  'unshare',
]);

/** One line of /proc/<pid>/mountinfo (fields of fs/proc_namespace.c show_mountinfo). */
export interface MountinfoLine {
  /** (1) mount id, as statx's STATX_MNT_ID gives it. */
  readonly id: string;
  /** (2) parent mount id. */
  readonly parent: string;
  /** (4) the root of the mount within its file system, as the reader sees it, unescaped. */
  readonly root: string;
  /** (5) mount point relative to the reader's root, unescaped. */
  readonly mountPoint: string;
  /** (6) per-mount options, e.g. `rw,relatime`. */
  readonly options: string;
  /** (7) the optional fields, e.g. `shared:37`, `master:12`, `unbindable`. */
  readonly optional: readonly string[];
  /** (9) the file system type, e.g. `tmpfs`, `nsfs`. */
  readonly fstype: string;
}

/** Undoes mountinfo's octal escapes (`\040` for a space, `\011`, `\012`, `\134`). */
export function unescapeMountinfo(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** The lines of a mountinfo file (a line that does not parse is skipped). */
export function parseMountinfo(text: string): MountinfoLine[] {
  const lines: MountinfoLine[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-', 6);
    if (fields.length < 7 || dash < 0) continue;
    lines.push({
      id: fields[0] ?? '',
      parent: fields[1] ?? '',
      root: unescapeMountinfo(fields[3] ?? ''),
      mountPoint: unescapeMountinfo(fields[4] ?? ''),
      options: fields[5] ?? '',
      optional: fields.slice(6, dash),
      fstype: fields[dash + 1] ?? '',
    });
  }
  return lines;
}

/**
 * A scenario path as mountinfo prints it: no `.` components, no repeated or
 * trailing slashes (`path` arguments hold no `..`, and scenarios make no
 * symlinks, so this is the path a lookup reaches).
 */
export function normalizePath(path: string): string {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  return `/${parts.join('/')}`;
}

/** Whether `path` is `dir` or below it (both normalized). */
function isAtOrBelow(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(`${dir}/`);
}

/** A peer-group id field: `shared:37`, `master:37`, `propagate_from:37`. */
const GROUP_FIELD = /^(shared|master|propagate_from):(.+)$/;

/** Generations of the kernel's peer-group ids (see the file's comment). */
export class PeerGroups {
  /** Kernel id to its generation (1 when absent). */
  private readonly generation = new Map<string, number>();
  /** Ids a result has shown in their current generation. */
  private readonly shown = new Set<string>();

  /** Whether any id has been shown (only then is looking for freed ones worth it). */
  get watching(): boolean {
    return this.shown.size > 0;
  }

  /** The ids shown so far, in their current generation. */
  shownIds(): readonly string[] {
    return [...this.shown];
  }

  /** The id a result shows for a kernel id: `37`, or `37.2` from its second generation on. */
  show(kernelId: string): string {
    this.shown.add(kernelId);
    const generation = this.generation.get(kernelId) ?? 1;
    return generation === 1 ? kernelId : `${kernelId}.${generation}`;
  }

  /** The optional fields of a mountinfo line, with ids shown by generation. */
  showFields(fields: readonly string[]): string {
    return fields
      .map((field) => {
        const match = GROUP_FIELD.exec(field);
        return match ? `${match[1] ?? ''}:${this.show(match[2] ?? '')}` : field;
      })
      .join(' ');
  }

  /** Every shown id not among `present` (the ids in use now) was freed: its next appearance is a new group. */
  forgetAbsent(present: ReadonlySet<string>): void {
    for (const id of this.shown) {
      if (present.has(id)) continue;
      this.shown.delete(id);
      this.generation.set(id, (this.generation.get(id) ?? 1) + 1);
    }
  }
}

/** What a mount op needs of the session, for one step. */
export interface MountContext {
  /** A request to the actor's agent; its answer as a step result (throws for a runner error). */
  ask(op: string, args: readonly (string | number)[]): Promise<StepResult>;
  /** A target task's ns file as the actor opens it, or the result when the target is gone (ENOENT). */
  nsFile(task: string, file: string): { readonly path: string } | { readonly result: StepResult };
  /** The setns nstype of `<type>` or `any`. */
  nstype(value: string): number;
  /** The run's peer-group generations. */
  readonly groups: PeerGroups;
}


/** The world's directory: every path a mount op names lies under it (the format's `path` kind). */
export const SCENARIO_ROOT = '/tmp/nss';

/** A `path` argument: under /tmp/nss, without `..` (as the parser checks it; here for callers of the Backend API). */
function scenarioPath(args: readonly string[], index: number): string {
  const value = arg(args, index);
  const under = value === SCENARIO_ROOT || value.startsWith(`${SCENARIO_ROOT}/`);
  if (!under || value.split('/').includes('..')) throw new StepError(`path '${value}' is not under ${SCENARIO_ROOT}`);
  return value;
}

/**
 * A path that setns may open: not a process's ns file through the world's
 * procfs (`/proc/<pid>/...` names host pids, which a scenario cannot know;
 * it could name a namespace of the host), `/proc/self/...` is fine.
 */
function setnsPath(args: readonly string[], index: number): string {
  const value = arg(args, index);
  if (/^\/proc\/+(?!self\/|thread-self\/)[^/]/.test(value)) throw new StepError(`setns-path: '${value}' names a process of the host; pin the namespace under ${SCENARIO_ROOT} instead`);
  return actorPath(args, index);
}

/**
 * A path the scenario names, as the actor looks it up. The agent sends the
 * driver's own /proc paths (a task's ns files, maps, status) through the
 * world's procfs whatever the caller's root; a path of the scenario must not
 * be: one under /proc/ goes with a second leading slash (the same path to
 * the kernel), which the agent leaves alone.
 */
function actorPath(args: readonly string[], index: number): string {
  const value = arg(args, index);
  return value.startsWith('/proc/') ? `/${value}` : value;
}

const errno = (code: string): StepResult => ({ kind: 'errno', code });
const text = (value: string): StepResult => ({ kind: 'text', value });
const list = (items: readonly string[]): StepResult => ({ kind: 'list', items });

/** The mountinfo of the actor, with the mount id of `path` (a lookup of it) when one is given. */
async function mountinfo(ctx: MountContext, path?: string): Promise<{ mountId: string; lines: MountinfoLine[] } | { result: StepResult }> {
  const answer = await ctx.ask('mountinfo', [path ?? '']);
  if (answer.kind !== 'text') return { result: answer };
  const nl = answer.value.indexOf('\n');
  if (nl < 0) throw new Error(`bad mountinfo answer: '${answer.value.slice(0, 80)}'`);
  return { mountId: answer.value.slice(0, nl), lines: parseMountinfo(answer.value.slice(nl + 1)) };
}

/**
 * The mount whose root the path is, as a lookup reaches it (the top of a
 * stack): the mountinfo line of the path's mount id when its mount point is
 * the path; undefined when the path is not a mount point.
 */
async function mountAt(ctx: MountContext, path: string): Promise<{ line: MountinfoLine | undefined } | { result: StepResult }> {
  const info = await mountinfo(ctx, path);
  if ('result' in info) return info;
  const line = info.lines.find((l) => l.id === info.mountId);
  return { line: line !== undefined && line.mountPoint === normalizePath(path) ? line : undefined };
}

/** A uid_t or gid_t argument, exactly, as the decimal text the agent casts back to the 32-bit id. */
function idArg(args: readonly string[], i: number, ctype: string): string {
  try {
    return cIntArg(arg(args, i), 'u32', ctype).toString();
  } catch (error) {
    throw new StepError(error instanceof Error ? error.message : String(error));
  }
}

/** `ok` or errno of a plain request. */
function plain(ctx: MountContext, op: string, args: readonly (string | number)[]): Promise<StepResult> {
  return ctx.ask(op, args);
}

/**
 * Runs one mount op in the actor; undefined when `op` is not one of them.
 * Malformed steps throw a StepError.
 */
export async function runMountOp(op: string, args: readonly string[], ctx: MountContext): Promise<StepResult | undefined> {
  if (op.startsWith('make-')) {
    const flags = PROPAGATION_FLAGS[op.slice('make-'.length)];
    if (flags === undefined) return undefined;
    need(args, 1, 1, `${op} <path>`);
    return plain(ctx, 'mount', ['', scenarioPath(args, 0), '', flags]);
  }
  switch (op) {
    case 'mkdir':
      need(args, 1, 1, 'mkdir <path>');
      return plain(ctx, 'mkdir', [scenarioPath(args, 0)]);
    case 'mount': {
      need(args, 2, 3, 'mount tmpfs|proc|cgroup2|bind|rbind|move <path> [<dst>]');
      const kind = arg(args, 0);
      // cgroup2 shows the hierarchy from the mounter's cgroup namespace root: in a world, the run's own cgroup or below.
      if (kind === 'tmpfs' || kind === 'proc' || kind === 'cgroup2') {
        need(args, 2, 2, `mount ${kind} <path>`);
        return plain(ctx, 'mount', [kind, scenarioPath(args, 1), kind, 0]);
      }
      const flags = kind === 'bind' ? MS.BIND : kind === 'rbind' ? MS.BIND | MS.REC : kind === 'move' ? MS.MOVE : undefined;
      if (flags === undefined) throw new StepError(`mount: expected tmpfs, proc, cgroup2, bind, rbind or move, not '${kind}'`);
      need(args, 3, 3, `mount ${kind} <src> <dst>`);
      return plain(ctx, 'mount', [scenarioPath(args, 1), scenarioPath(args, 2), '', flags]);
    }
    case 'umount':
    case 'umount-lazy':
      need(args, 1, 1, `${op} <path>`);
      return plain(ctx, 'umount', [scenarioPath(args, 0), op === 'umount' ? 0 : MNT_DETACH]);
    case 'remount': {
      need(args, 2, 2, 'remount <path> <flags>');
      let flags = MS.REMOUNT | MS.BIND;
      const words = arg(args, 1);
      if (words !== 'rw') {
        for (const word of words.split(',')) {
          const bit = REMOUNT_FLAG_BITS[word];
          if (bit === undefined) throw new StepError(`remount: expected rw, or a comma list of ro, nosuid, nodev, noexec, not '${word}'`);
          flags |= bit;
        }
      }
      return plain(ctx, 'mount', ['', scenarioPath(args, 0), '', flags]);
    }
    case 'mounted': {
      need(args, 1, 1, 'mounted <path>');
      const at = await mountAt(ctx, scenarioPath(args, 0));
      return 'result' in at ? at.result : text(at.line === undefined ? 'no' : 'yes');
    }
    case 'propagation':
    case 'mount-opts':
    case 'mount-root': {
      need(args, 1, 1, `${op} <path>`);
      const at = await mountAt(ctx, scenarioPath(args, 0));
      if ('result' in at) return at.result;
      if (at.line === undefined) return errno('EINVAL');
      if (op === 'mount-opts') return text(at.line.options);
      // An nsfs mount's root is `<type>:[<inode>]`, a number of this machine: the namespace, asked of the file, prints as its label.
      if (op === 'mount-root') return at.line.fstype === 'nsfs' ? ctx.ask('nspath', [scenarioPath(args, 0)]) : text(at.line.root);
      return text(at.line.optional.length === 0 ? 'private' : ctx.groups.showFields(at.line.optional));
    }
    case 'mounts': {
      need(args, 1, 1, 'mounts <path>');
      const info = await mountinfo(ctx);
      if ('result' in info) return info.result;
      const dir = normalizePath(arg(args, 0));
      return list(info.lines.map((l) => l.mountPoint).filter((p) => isAtOrBelow(p, dir)));
    }
    case 'touch':
      need(args, 1, 1, 'touch <path>');
      return plain(ctx, 'touch', [scenarioPath(args, 0)]);
    case 'exists': {
      need(args, 1, 1, 'exists <path>');
      const result = await ctx.ask('stat', [actorPath(args, 0)]);
      if (result.kind === 'ok') return text('yes');
      return result.kind === 'errno' && result.code === 'ENOENT' ? text('no') : result;
    }
    case 'chdir':
    case 'chroot':
      need(args, 1, 1, `${op} <path>`);
      return plain(ctx, op, [actorPath(args, 0)]);
    case 'pivot-root':
      need(args, 2, 2, 'pivot-root <new> <old>');
      return plain(ctx, 'pivot-root', [actorPath(args, 0), actorPath(args, 1)]);
    case 'readlink':
      need(args, 1, 1, 'readlink <path>');
      return ctx.ask('readlink', [actorPath(args, 0)]);
    case 'pids': {
      need(args, 1, 1, 'pids <dir>');
      const result = await ctx.ask('listdir', [actorPath(args, 0)]);
      if (result.kind !== 'text') return result;
      return list(result.value.split('\n').filter((name) => /^[0-9]+$/.test(name)));
    }
    case 'chown':
      need(args, 3, 3, 'chown <path> <uid> <gid>');
      // chown(2) as the actor, the ids as uid_t and gid_t exactly (-1: unchanged).
      return plain(ctx, 'chown', [scenarioPath(args, 0), idArg(args, 1, 'uid_t'), idArg(args, 2, 'gid_t')]);
    case 'owner':
      need(args, 1, 1, 'owner <path>');
      return ctx.ask('owner', [scenarioPath(args, 0)]);
    case 'cat':
      need(args, 1, 1, 'cat <path>');
      return ctx.ask('read', [actorPath(args, 0)]);
    case 'nspid': {
      need(args, 1, 1, 'nspid <dir>');
      const result = await ctx.ask('read', [`${actorPath(args, 0).replace(/\/+$/, '')}/status`]);
      if (result.kind !== 'text') return result;
      const line = result.value.split('\n').find((l) => l.startsWith('NSpid:'));
      return text(line === undefined ? '' : line.slice('NSpid:'.length).trim().split(/\s+/).join(' '));
    }
    case 'pin': {
      need(args, 3, 3, 'pin <task> <file> <path>');
      const at = ctx.nsFile(arg(args, 0), arg(args, 1));
      const path = scenarioPath(args, 2);
      return 'result' in at ? at.result : ctx.ask('pin', [at.path, path]);
    }
    case 'setns-path': {
      need(args, 1, 2, 'setns-path <path> [<type>|any]');
      // No type: the file's own type, which is what nstype 0 accepts.
      return ctx.ask('setns-path', [setnsPath(args, 0), args[1] === undefined ? 0 : ctx.nstype(args[1])]);
    }
    case 'nspath':
      need(args, 1, 1, 'nspath <path>');
      return ctx.ask('nspath', [actorPath(args, 0)]);
    default:
      return undefined;
  }
}
