/**
 * `@nsproxy/user/scenario`: the user scenario area, the format's credentials
 * section as far as it needs @nsproxy/user (`uid_map`, `gid_map`,
 * `setgroups`, `read`, and the extensions: `projid_map`, the access mode a
 * file is opened with, any text for setgroups, `setgroups-call` (setgroups(2)),
 * and `prctl`, prctl's capability and privilege controls; `id`, `caps`, `capset`, `setuid` and `setgid` are core's, in
 * `@nsproxy/core/scenario`). Map files are opened and written by the actor,
 * the way the real backend does it (open O_WRONLY, one write(2), close).
 */
import { OK, defineSimArea } from '@nsproxy/core/scenario';
import type { SimArea, SimWorld } from '@nsproxy/core/scenario';
import type { Task } from '@nsproxy/core';
import { PRCTL_OPTIONS, cIntArg, formatFileText, groupListArg, groupListProblem, prctlArgsProblem } from '@nsproxy/scenario/contract';
import type { StepResult } from '@nsproxy/scenario/contract';
import { opSpec } from '@nsproxy/scenario';
import type { ArgKind, OpSpec } from '@nsproxy/scenario';
import {
  openUserNsFile, readIdMapFile, readSetgroupsFile, setgroups, writeIdMapFile, writeSetgroupsFile,
  prctlCapAmbient, prctlCapbsetDrop, prctlCapbsetRead, prctlGetKeepCaps, prctlGetNoNewPrivs, prctlGetSecurebits, prctlSetKeepCaps, prctlSetNoNewPrivs,
  prctlSetSecurebits, userNamespaceType, userRules,
  fSetown, sendSigio, userTable,
} from './index.ts';

/** The access mode a map or setgroups file is opened with (an extension: the format's ops write O_WRONLY and read O_RDONLY). */
const FILE_MODE: ArgKind = { oneOf: ['rdonly', 'wronly', 'rdwr'] };
/** setgroups(2)'s list: `-` (none), or `<gid>[*<count>]`, comma-joined. */
const GROUP_LIST: ArgKind = { describe: 'a group list (<gid>[*<count>][,...] or -)', validate: groupListProblem };

/** The specs of the user area's ops. */
export const USER_OPS: readonly OpSpec[] = [
  // The format's map, setgroups and read ops; as extensions, projid_map, the access mode and any text for setgroups.
  opSpec('user', 'uid_map <task> <lines> [rdonly|wronly|rdwr]', 2, ['task', 'text', FILE_MODE]),
  opSpec('user', 'gid_map <task> <lines> [rdonly|wronly|rdwr]', 2, ['task', 'text', FILE_MODE]),
  opSpec('user', 'projid_map <task> <lines> [rdonly|wronly|rdwr]', 2, ['task', 'text', FILE_MODE]),
  opSpec('user', 'setgroups <task> allow|deny|<text> [rdonly|wronly|rdwr]', 2, ['task', 'text', FILE_MODE]),
  opSpec('user', 'read uid_map|gid_map|projid_map|setgroups <task> [rdonly|wronly|rdwr]', 2, [{ oneOf: ['uid_map', 'gid_map', 'projid_map', 'setgroups'] }, 'task', FILE_MODE]),
  // The setgroups-call extension: setgroups(2) of the actor.
  opSpec('user', 'setgroups-call <gid>[*<count>][,...]|-', 1, [GROUP_LIST]),
  // The prctl extension: prctl(2)'s securebits, keep-caps, no_new_privs, bounding set and ambient set controls.
  opSpec('user', 'prctl <option> [<n>]', 1, [{ oneOf: Object.keys(PRCTL_OPTIONS) }, { int: 'u64', ctype: 'unsigned long' }], prctlArgsProblem),
  // Road userns-2007 (simulated only): the table of users of the actor's user namespace (uid:processes ...),
  // fcntl(fd, F_SETOWN, pid of task), and I/O becoming possible on the file of fd (send_sigio).
  opSpec('roads', 'users', 0, []),
  opSpec('roads', 'fsetown <fd> <task>', 2, ['name', 'task']),
  opSpec('roads', 'sigio <fd>', 1, ['name']),
];

/** An unsigned long argument as a number (beyond 2^53 it only has to stay beyond every limit the calls test, and it does). */
function ulong(word: string): number {
  return Number(cIntArg(word, 'u64', 'unsigned long'));
}

/** prctl(option, arg) of the actor (kernel/sys.c prctl, security/commoncap.c cap_task_prctl): an int for a read, ok for a change. */
function prctl(world: SimWorld, actor: Task, option: string, word: string | undefined): StepResult {
  const k = world.kernel;
  const n = word === undefined ? 0 : ulong(word);
  const int = (value: number): StepResult => ({ kind: 'int', value });
  switch (option) {
    case 'PR_GET_SECUREBITS': return int(prctlGetSecurebits(k, actor));
    case 'PR_SET_SECUREBITS': prctlSetSecurebits(k, actor, n); return OK;
    case 'PR_GET_KEEPCAPS': return int(prctlGetKeepCaps(k, actor));
    case 'PR_SET_KEEPCAPS': prctlSetKeepCaps(k, actor, n); return OK;
    case 'PR_GET_NO_NEW_PRIVS': return int(prctlGetNoNewPrivs(k, actor));
    case 'PR_SET_NO_NEW_PRIVS': prctlSetNoNewPrivs(k, actor, n); return OK;
    case 'PR_CAPBSET_READ': return int(prctlCapbsetRead(k, actor, n));
    case 'PR_CAPBSET_DROP': prctlCapbsetDrop(k, actor, n); return OK;
    case 'PR_CAP_AMBIENT_RAISE': prctlCapAmbient(k, actor, 'raise', n); return OK;
    case 'PR_CAP_AMBIENT_LOWER': prctlCapAmbient(k, actor, 'lower', n); return OK;
    case 'PR_CAP_AMBIENT_IS_SET': return int(prctlCapAmbient(k, actor, 'is-set', n));
    case 'PR_CAP_AMBIENT_CLEAR_ALL': prctlCapAmbient(k, actor, 'clear'); return OK;
    // Core's: who owns the task's /proc files and may ptrace-read it (kernel/sys.c, C11.5).
    case 'PR_GET_DUMPABLE': return int(k.getDumpable(actor));
    case 'PR_SET_DUMPABLE': k.setDumpable(actor, n); return OK;
    default: throw new Error(`prctl: unknown option ${option}`);
  }
}

/** The target of a /proc/<task>/... file: ENOENT when there is no such task (never made, or gone), as for a pid that does not exist. */
function procTarget(world: SimWorld, name: string): Task | StepResult {
  const t = world.tasks.get(name);
  if (!t?.alive) return { kind: 'errno', code: 'ENOENT' };
  return t;
}

function isTask(t: Task | StepResult): t is Task {
  return !('kind' in t);
}

/** open(2)'s access mode, as the model's open takes it. */
function modeOf(word: string): { read: boolean; write: boolean } {
  return { read: word !== 'wronly', write: word !== 'rdonly' };
}

/** The format's map and setgroups writes: open the target's file as the actor (O_WRONLY unless told), one write(2), close. */
function writeFile(world: SimWorld, actor: Task, name: string, file: 'uid_map' | 'gid_map' | 'projid_map' | 'setgroups', data: string, mode = 'wronly'): StepResult {
  const t = procTarget(world, name);
  if (!isTask(t)) return t;
  const f = openUserNsFile(world.kernel, actor, t, file, modeOf(mode));
  if (file === 'setgroups') writeSetgroupsFile(world.kernel, actor, f, data);
  else writeIdMapFile(world.kernel, actor, f, data);
  return OK;
}

/** The user scenario area. */
export const userArea: SimArea = defineSimArea({
  name: 'user',
  types: [userNamespaceType],
  ops: USER_OPS,
  rules: userRules,
  sim: {
    uid_map(world, actor, [name = '', lines = '', mode]) {
      return writeFile(world, actor, name, 'uid_map', lines.split(';').join('\n'), mode);
    },
    gid_map(world, actor, [name = '', lines = '', mode]) {
      return writeFile(world, actor, name, 'gid_map', lines.split(';').join('\n'), mode);
    },
    projid_map(world, actor, [name = '', lines = '', mode]) {
      return writeFile(world, actor, name, 'projid_map', lines.split(';').join('\n'), mode);
    },
    setgroups(world, actor, [name = '', word = '', mode]) {
      return writeFile(world, actor, name, 'setgroups', word, mode);
    },
    read(world, actor, [file = '', name = '', mode = 'rdonly']) {
      const t = procTarget(world, name);
      if (!isTask(t)) return t;
      if (file !== 'uid_map' && file !== 'gid_map' && file !== 'projid_map' && file !== 'setgroups') throw new Error(`read: cannot read '${file}'`);
      const f = openUserNsFile(world.kernel, actor, t, file, modeOf(mode));
      return { kind: 'text', value: formatFileText(file === 'setgroups' ? readSetgroupsFile(f) : readIdMapFile(f)) };
    },
    'setgroups-call'(world, actor, [list = '']) {
      setgroups(world.kernel, actor, groupListArg(list));
      return OK;
    },
    users(world, actor) {
      return { kind: 'text', value: userTable(world.kernel, actor.cred.userNs).map((e) => `${e.uid}:${e.processes}`).join(' ') };
    },
    fsetown(world, actor, [fdName = '', name = '']) {
      const t = world.task(name);
      if (!t) return { kind: 'errno', code: 'ESRCH' };
      fSetown(world.kernel, actor, world.fd(actor, fdName), t);
      return OK;
    },
    sigio(world, actor, [fdName = '']) {
      sendSigio(world.kernel, actor, world.fd(actor, fdName));
      return OK;
    },
    prctl(world, actor, [option = '', n]) {
      return prctl(world, actor, option, n);
    },
  },
});
