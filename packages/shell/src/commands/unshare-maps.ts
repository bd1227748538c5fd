/**
 * How util-linux 2.38.1's unshare(1) maps ranges of ids (sys-utils/
 * unshare.c): `--map-users=<outer>,<inner>,<count>` and `--map-groups`
 * (get_map_range), their `auto` form (read_subid_range: the caller's line
 * of /etc/subuid or /etc/subgid), and the child forked before unshare(2)
 * that runs the setuid helpers newuidmap(1) and newgidmap(1) on the
 * parent once it has unshared (map_ids_from_child, map_ids: the single
 * mapping of --map-user and the range, split so that they do not overlap).
 */
import type { Task } from '@nsproxy/core';
import type { CommandContext } from '../command.ts';
import { getpwuid } from '../passwd.ts';

/** struct map_range: `count` ids from `outer` (the parent namespace) to `inner`. */
export interface MapRange {
  outer: number;
  inner: number;
  count: number;
}

/** An error unshare reports and exits with (errx/err). */
export class MapError extends Error {
  override readonly name = 'MapError';
}

/** get_map_range: `outer,inner,count` (string_to_idarray with uint_to_id's strtoul_or_err). */
export function getMapRange(text: string): MapRange {
  const parts = text.split(',');
  if (parts.length > 3) throw new MapError(`too many elements for mapping '${text}'`);
  const ids = parts.map((p) => {
    if (!/^[0-9]+$/.test(p)) throw new MapError(`could not parse ID: '${p}'`);
    return Number(p);
  });
  if (ids.length !== 3) throw new MapError(`mapping '${text}' contains only ${ids.length} elements`);
  return { outer: ids[0] ?? 0, inner: ids[1] ?? 0, count: ids[2] ?? 0 };
}

/** read_subid_range: the first line of /etc/subuid (or subgid) naming the caller, by name or uid; `inner` is 0. */
export function readSubidRange(ctx: CommandContext, file: '/etc/subuid' | '/etc/subgid', uid: number): MapRange {
  const pw = getpwuid(ctx.machine, ctx.task, uid);
  if (!pw) throw new MapError(`you (user ${uid}) don't exist.`);
  let text: string;
  try {
    text = ctx.machine.readFile(ctx.task, file);
  } catch (e) {
    throw new MapError(`could not open '${file}': ${e instanceof Error ? e.message : String(e)}`);
  }
  for (const line of text.split('\n')) {
    const [who, start, count] = line.split(':');
    if (start === undefined || count === undefined) continue;
    if (who !== pw.name && Number.parseInt(who ?? '', 10) !== pw.uid) continue;
    if (!/^[0-9]+$/.test(start) || !/^[0-9]+$/.test(count)) throw new MapError(`failed to parse subid map: '${/^[0-9]+$/.test(start) ? count : start}'`);
    return { outer: Number(start), inner: 0, count: Number(count) };
  }
  // err(), with errno left at 0 by the loop.
  throw new MapError(`no line matching user "${pw.name}" in ${file}: Success`);
}

/**
 * map_ids: the helper's argv. Without a single mapping (`inner` undefined)
 * the range as it is; with one, the single mapping first, then the range
 * cut around it (lo, mid, hi; empty pieces left out), one id shorter when
 * they overlap.
 */
export function mapIdsArgv(idmapper: string, ppid: number, outer: number, inner: number | undefined, range: MapRange): string[] {
  const argv = [idmapper, String(ppid)];
  if (inner === undefined) return [...argv, String(range.inner), String(range.outer), String(range.count)];
  const map = { ...range };
  if ((outer >= map.outer && outer <= map.outer + map.count) || (inner >= map.inner && inner <= map.inner + map.count)) map.count--;
  const outerOffset = Math.min(outer > map.outer ? outer - map.outer : 0, map.count);
  const innerOffset = Math.min(inner > map.inner ? inner - map.inner : 0, map.count);
  const lo = { outer: map.outer, inner: map.inner, count: Math.min(innerOffset, outerOffset) };
  const mid = { outer: lo.outer + lo.count, inner: lo.inner + lo.count, count: Math.abs(outerOffset - innerOffset) };
  if (mid.outer === outer) mid.outer++;
  if (mid.inner === inner) mid.inner++;
  const hi = { outer: mid.outer + mid.count, inner: mid.inner + mid.count, count: map.count - lo.count - mid.count };
  if (hi.outer === outer) hi.outer++;
  if (hi.inner === inner) hi.inner++;
  argv.push(String(inner), String(outer), '1');
  for (const piece of [lo, mid, hi]) if (piece.count) argv.push(String(piece.inner), String(piece.outer), String(piece.count));
  return argv;
}

/** What map_ids_from_child needs: the ids to map and the ranges. */
export interface IdMaps {
  readonly mapUser: number | undefined;
  readonly userMap: MapRange | undefined;
  readonly mapGroup: number | undefined;
  readonly groupMap: MapRange | undefined;
}

/**
 * map_ids_from_child: forks a child of `parent` (before it unshares; the
 * child waits). `run`, called once the parent has unshared, runs
 * newuidmap (in a grandchild when both maps are wanted) and newgidmap for
 * the parent's pid, and returns the child's exit status (waitchild: a
 * failure ends unshare with that status, silently).
 */
export function mapIdsFromChild(ctx: CommandContext, parent: Task, maps: IdMaps): { run(): Promise<number>; abort(): void } {
  const m = ctx.machine;
  const k = m.kernel;
  const child = m.fork(parent);
  const ppid = k.pidOf(parent, parent);
  const [, euid] = k.getresuid(parent);
  const [, egid] = k.getresgid(parent);
  const runHelper = async (t: Task, name: string, id: number, single: number | undefined, range: MapRange): Promise<number> => {
    const status = await ctx.shell.execProgram(t, mapIdsArgv(name, ppid, id, single, range), ctx, ctx.env);
    if (status === undefined) {
      ctx.stderr.write(`unshare: failed to execute ${name}: No such file or directory\n`);
      return 127;
    }
    return status;
  };
  const reap = (t: Task, status: number): number => {
    if (t.state === 'running') k.exit(t, status);
    const r = k.wait(t.leader.parent ?? parent, k.pidOf(t, t.leader.parent ?? parent));
    return r ? (r.status >> 8) & 0xff : status;
  };
  const run = async (): Promise<number> => {
    let status = 0;
    if (maps.userMap && maps.groupMap) {
      // The child forks once more: the grandchild runs newuidmap, the child newgidmap after waiting for it.
      const grandchild = m.fork(child);
      const s = reap(grandchild, await runHelper(grandchild, 'newuidmap', euid, maps.mapUser, maps.userMap));
      if (s !== 0) status = s;
      else status = await runHelper(child, 'newgidmap', egid, maps.mapGroup, maps.groupMap);
    } else if (maps.userMap) status = await runHelper(child, 'newuidmap', euid, maps.mapUser, maps.userMap);
    else if (maps.groupMap) status = await runHelper(child, 'newgidmap', egid, maps.mapGroup, maps.groupMap);
    return reap(child, status);
  };
  // unshare(2) failed: the child is not needed (in util-linux it is left waiting on its eventfd).
  return { run, abort: () => void reap(child, 1) };
}
