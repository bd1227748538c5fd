/**
 * `@nsproxy/user/scenario`: the user scenario area, the format's credentials
 * section as far as it needs @nsproxy/user (`uid_map`, `gid_map`,
 * `setgroups`, `read`; `id`, `caps`, `setuid` and `setgid` are core's, in
 * `@nsproxy/core/scenario`). Map files are opened and written by the actor,
 * the way the real backend does it (open O_WRONLY, one write(2), close).
 */
import { OK, defineSimArea } from '@nsproxy/core/scenario';
import type { SimArea, SimWorld } from '@nsproxy/core/scenario';
import type { Task } from '@nsproxy/core';
import { formatFileText } from '@nsproxy/scenario/contract';
import type { StepResult } from '@nsproxy/scenario/contract';
import { opSpec } from '@nsproxy/scenario';
import type { OpSpec } from '@nsproxy/scenario';
import { readIdMap, readSetgroups, userNamespaceType, userRules, writeGidMap, writeSetgroups, writeUidMap } from './index.ts';

/** The specs of the user area's ops. */
export const USER_OPS: readonly OpSpec[] = [
  opSpec('user', 'uid_map <task> <lines>', 2, ['task', 'text']),
  opSpec('user', 'gid_map <task> <lines>', 2, ['task', 'text']),
  opSpec('user', 'setgroups <task> allow|deny', 2, ['task', { oneOf: ['allow', 'deny'] }]),
  opSpec('user', 'read uid_map|gid_map <task>', 2, [{ oneOf: ['uid_map', 'gid_map'] }, 'task']),
];

/** The target of a /proc/<task>/... file: ENOENT when there is no such task (never made, or gone), as for a pid that does not exist. */
function procTarget(world: SimWorld, name: string): Task | StepResult {
  const t = world.tasks.get(name);
  if (!t?.alive) return { kind: 'errno', code: 'ENOENT' };
  return t;
}

function isTask(t: Task | StepResult): t is Task {
  return !('kind' in t);
}

/** The user scenario area. */
export const userArea: SimArea = defineSimArea({
  name: 'user',
  types: [userNamespaceType],
  ops: USER_OPS,
  rules: userRules,
  sim: {
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
      if (file === 'uid_map' || file === 'gid_map') return { kind: 'text', value: formatFileText(readIdMap(world.kernel, actor, t, file)) };
      if (file === 'setgroups') return { kind: 'text', value: formatFileText(readSetgroups(world.kernel, actor, t)) };
      throw new Error(`read: cannot read '${file}'`);
    },
  },
});
