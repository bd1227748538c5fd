/**
 * Simulated ops of the format's "Credentials (user namespaces)" section,
 * through @nsproxy/user. Map files are opened and written by the actor, the
 * way the real backend does it (open O_WRONLY, one write(2), close).
 */
import { formatCapSet, getgid, getuid, readIdMap, readSetgroups, writeGidMap, writeSetgroups, writeUidMap } from '@nsproxy/user';
import type { Task } from '@nsproxy/core';
import type { StepResult } from '../backend.ts';
import type { SimOpTable, SimWorld } from './world.ts';
import { OK } from './world.ts';

/** The target of a /proc/<task>/... file: ENOENT when there is no such task (never made, or gone), as for a pid that does not exist. */
function procTarget(world: SimWorld, name: string): Task | StepResult {
  const t = world.tasks.get(name);
  if (!t?.alive) return { kind: 'errno', code: 'ENOENT' };
  return t;
}

function isTask(t: Task | StepResult): t is Task {
  return !('kind' in t);
}

/** An id argument as the syscall receives it: a 32-bit uid_t (-1 and 4294967295 keep the id). */
function idArg(value: string): number {
  const n = BigInt.asUintN(32, BigInt(value.startsWith('-') ? value : value.toLowerCase()));
  return n === 4294967295n ? -1 : Number(n);
}

/** A map file as the format prints it: lines trimmed, blanks collapsed, `;`-joined, `-` when empty. */
export function normalizeMapText(content: string): string {
  const lines = content.split('\n').map((l) => l.trim().replace(/\s+/g, ' ')).filter((l) => l !== '');
  return lines.length === 0 ? '-' : lines.join(';');
}

export const userOps: SimOpTable = {
  id(_world, actor) {
    return { kind: 'text', value: `uid=${getuid(actor)} gid=${getgid(actor)}` };
  },
  caps(_world, actor) {
    return { kind: 'text', value: formatCapSet(actor.cred.capEffective) };
  },
  setuid(world, actor, [n = '']) {
    const id = idArg(n);
    world.kernel.setresuid(actor, id, id, id);
    return OK;
  },
  setgid(world, actor, [n = '']) {
    const id = idArg(n);
    world.kernel.setresgid(actor, id, id, id);
    return OK;
  },
  uid_map(world, actor, [name = '', lines = '']) {
    const t = procTarget(world, name);
    if (!isTask(t)) return t;
    writeUidMap(world.kernel, actor, t, lines.split(';').join('\n'));
    return OK;
  },
  gid_map(world, actor, [name = '', lines = '']) {
    const t = procTarget(world, name);
    if (!isTask(t)) return t;
    writeGidMap(world.kernel, actor, t, lines.split(';').join('\n'));
    return OK;
  },
  setgroups(world, actor, [name = '', word = '']) {
    const t = procTarget(world, name);
    if (!isTask(t)) return t;
    writeSetgroups(world.kernel, actor, t, word);
    return OK;
  },
  read(world, actor, [file = '', name = '']) {
    const t = procTarget(world, name);
    if (!isTask(t)) return t;
    if (file === 'uid_map' || file === 'gid_map') return { kind: 'text', value: normalizeMapText(readIdMap(world.kernel, actor, t, file)) };
    if (file === 'setgroups') return { kind: 'text', value: normalizeMapText(readSetgroups(world.kernel, actor, t)) };
    throw new Error(`read: cannot read '${file}'`);
  },
};
