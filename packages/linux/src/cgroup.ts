/**
 * The cgroup ops on the real kernel (`@nsproxy/cgroup`'s specs): the driver
 * side, and the run's own cgroup.
 *
 * The run's cgroup: the driver makes `<cgroup2 mount>/nsproxy-<pid>-<n>`
 * (the cgroup2 mount found in /proc/self/mountinfo) before the world starts;
 * the host agent clones `init` into it with CLONE_INTO_CGROUP|CLONE_NEWCGROUP,
 * so init's cgroup namespace root is that cgroup, and every task inherits a
 * directory fd of it that the cgroup requests resolve from (agent.c,
 * "Cgroups"). No process outside the run is ever moved, and nothing outside
 * that directory is made or removed. Once every process of the run is gone,
 * the driver removes the subtree bottom-up ({@link removeRunCgroup}).
 */
import { readFileSync, readdirSync, rmdirSync, mkdirSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StepResult } from '@nsproxy/scenario/contract';
import { StepError, arg, need } from './step-error.ts';

/** The ops of the cgroup area (`@nsproxy/cgroup`'s CGROUP_OPS) that this backend implements: all of them. */
export const CGROUP_OP_NAMES: readonly string[] = ['cgroup-mkdir', 'cgroup-rmdir', 'cgroup-move', 'cgroup-of', 'cgroup-procs', 'clone-into', 'cgroup-open', 'cgroup-mkdirat', 'clone-into-fd', 'cgroup-write'];

/** A `cgroup-mkdirat` name as mkdirat(2) takes it (`;` for a newline), as `@nsproxy/cgroup`'s cgroupNameArg reads it. */
function cgroupName(value: string): string {
  const name = value.split(';').join('\n');
  if (name.length < 1 || name.length > 64 || name.includes('/') || name.includes('\0') || name === '.' || name === '..') throw new StepError(`bad cgroup name '${value}'`);
  return name;
}

const NAME = '[a-z0-9_-]{1,32}';
const PATH_RE = new RegExp(`^(/|(/${NAME})+)$`);

/** A cgroup path of the format as the agent takes it: relative to the run's cgroup (`.` for it). */
export function relativeCgroupPath(path: string, below = false): string {
  if (!PATH_RE.test(path) || (below && path === '/')) throw new StepError(`bad cgroup path '${path}'`);
  return path === '/' ? '.' : path.slice(1);
}

/** Where cgroup2 is mounted in the driver's mount namespace (the last such mount), or undefined. */
export function cgroup2Mount(mountinfo: string = readFileSync('/proc/self/mountinfo', 'utf8')): string | undefined {
  let found: string | undefined;
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (left === undefined || right === undefined) continue;
    if (right.split(' ')[0] !== 'cgroup2') continue;
    const point = left.split(' ')[4];
    if (point !== undefined) found = point.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
  }
  return found;
}

let runs = 0;

/**
 * Makes the run's cgroup, or says why there is none: without root the
 * driver may not make a cgroup, and without a cgroup2 mount there is no
 * hierarchy to make it in (the cgroup ops are then unsupported).
 */
export function makeRunCgroup(): { path: string } | { reason: string } {
  if (process.geteuid?.() !== 0) return { reason: 'the cgroup ops need root (a cgroup of the run\'s own in the cgroup2 hierarchy)' };
  const mount = cgroup2Mount();
  if (mount === undefined) return { reason: 'no cgroup2 file system is mounted' };
  sweepStaleRuns(mount);
  for (;;) {
    const path = `${mount}/nsproxy-${String(process.pid)}-${String(++runs)}`;
    try {
      mkdirSync(path);
      return { path };
    } catch (error) {
      if ((error as { code?: string }).code === 'EEXIST') continue;
      return { reason: `cannot make ${path}: ${(error as { code?: string }).code ?? String(error)}` };
    }
  }
}

/**
 * Removes what runs of drivers that are gone left behind (a driver killed
 * before its session closed): `nsproxy-<pid>-<n>` directories whose driver
 * pid no longer exists, each removed bottom-up where it holds no process
 * (a cgroup with one refuses: EBUSY, and is left alone).
 */
function sweepStaleRuns(mount: string): void {
  let names: string[];
  try {
    names = readdirSync(mount);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^nsproxy-([0-9]+)-[0-9]+$/.exec(name);
    if (!m || exists(`/proc/${m[1] ?? ''}`)) continue;
    try {
      removeTreeNow(`${mount}/${name}`);
    } catch {
      // busy or gone meanwhile: not ours to force
    }
  }
}

function removeTreeNow(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) removeTreeNow(`${dir}/${entry.name}`);
  rmdirSync(dir);
}

/** Whether the cgroup ops can run here (root, and a cgroup2 mount). */
export function cgroupAvailable(): boolean {
  available ??= process.geteuid?.() === 0 && cgroup2Mount() !== undefined;
  return available;
}

let available: boolean | undefined;

/**
 * Removes the run's cgroup and everything below it, deepest first, once the
 * run's processes are gone. A cgroup that still counts a task that has just
 * exited is busy for a moment: retried until `timeoutMs`. Throws when
 * something is left.
 */
export async function removeRunCgroup(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      removeTreeNow(path);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT' && !exists(path)) return;
      if (code !== 'EBUSY' || Date.now() > deadline) throw new Error(`cannot remove the run's cgroup ${path}: ${code ?? String(error)}`, { cause: error });
      await sleep(5);
    }
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** What a cgroup op needs from the session. */
export interface CgroupOpContext {
  /** Sends a request to the actor's agent; its answer as a result. */
  ask(request: string, args: readonly (string | number)[]): Promise<StepResult>;
  /** A /proc path of a target task (through the world's procfs), or the result when it is not there. */
  procPath(name: string, rest: string): { path: string } | { result: StepResult };
  /** A target's pid as the actor sees it (0: none). */
  visiblePid(name: string): Promise<number>;
  /** `clone-into`: makes the task like `clone` does, with the agent's `clone-into` request. */
  cloneInto(name: string, flags: number, rel: string): Promise<StepResult>;
  /** `clone-into-fd`: makes the task like `clone` does, with the agent's `clone-into-fd` request (a kept fd). */
  cloneIntoFd(name: string, flags: number, fd: string): Promise<StepResult>;
  /** `uts,net` or `-` to CLONE_NEW* flags. */
  parseTypes(list: string): number;
}

/** The path of the `0::` line of /proc/<pid>/cgroup (the v2 hierarchy's; a hybrid machine has v1 lines too). */
export function cgroupV2Line(text: string): string | undefined {
  for (const line of text.split('\n')) if (line.startsWith('0::')) return line.slice(3);
  return undefined;
}

/** Runs a cgroup op, or returns undefined for an op that is not one. */
export async function runCgroupOp(op: string, args: readonly string[], ctx: CgroupOpContext): Promise<StepResult | undefined> {
  switch (op) {
    case 'cgroup-mkdir':
      need(args, 1, 1, 'cgroup-mkdir <path>');
      return ctx.ask('cg-mkdir', [relativeCgroupPath(arg(args, 0), true)]);
    case 'cgroup-rmdir':
      need(args, 1, 1, 'cgroup-rmdir <path>');
      return ctx.ask('cg-rmdir', [relativeCgroupPath(arg(args, 0), true)]);
    case 'cgroup-move': {
      need(args, 2, 2, 'cgroup-move <task> <path>');
      const rel = relativeCgroupPath(arg(args, 1));
      // The pid as the actor sees it; a task it cannot see is a pid that does not exist (never 0: that is the writer).
      const pid = await ctx.visiblePid(arg(args, 0));
      if (pid === 0) return { kind: 'errno', code: 'ESRCH' };
      return ctx.ask('cg-write', [rel, String(pid)]);
    }
    case 'cgroup-of': {
      need(args, 1, 1, 'cgroup-of <task>');
      const at = ctx.procPath(arg(args, 0), 'cgroup');
      if ('result' in at) return at.result;
      const result = await ctx.ask('read', [at.path]);
      if (result.kind !== 'text') return result;
      const line = cgroupV2Line(result.value);
      if (line === undefined) throw new Error(`no 0:: line in ${at.path}: ${result.value}`);
      return { kind: 'text', value: line };
    }
    case 'cgroup-procs': {
      need(args, 1, 1, 'cgroup-procs <path>');
      const result = await ctx.ask('cg-read', [relativeCgroupPath(arg(args, 0))]);
      if (result.kind !== 'text') return result;
      // cgroup.procs is not sorted: the format's list is.
      const pids = result.value.split('\n').filter((l) => l.trim() !== '').map(Number).sort((a, b) => a - b);
      return { kind: 'list', items: pids.map(String) };
    }
    case 'clone-into': {
      need(args, 3, 3, 'clone-into <name> <types> <path>');
      const name = arg(args, 0);
      if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new StepError(`bad task name '${name}'`);
      return ctx.cloneInto(name, ctx.parseTypes(arg(args, 1)), relativeCgroupPath(arg(args, 2)));
    }
    case 'cgroup-open':
      need(args, 2, 2, 'cgroup-open <path> <fd>');
      return ctx.ask('cg-open', [relativeCgroupPath(arg(args, 0)), arg(args, 1)]);
    case 'cgroup-mkdirat':
      need(args, 2, 2, 'cgroup-mkdirat <fd> <name>');
      return ctx.ask('cg-mkdirat', [arg(args, 0), cgroupName(arg(args, 1))]);
    case 'clone-into-fd': {
      need(args, 3, 3, 'clone-into-fd <name> <types> <fd>');
      const name = arg(args, 0);
      if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new StepError(`bad task name '${name}'`);
      return ctx.cloneIntoFd(name, ctx.parseTypes(arg(args, 1)), arg(args, 2));
    }
    case 'cgroup-write':
      need(args, 2, 2, 'cgroup-write <path> <text>');
      return ctx.ask('cg-write', [relativeCgroupPath(arg(args, 0)), arg(args, 1)]);
    default:
      return undefined;
  }
}
