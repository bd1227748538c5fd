/**
 * The user namespace files and id calls refuse garbage and change nothing
 * (docs/core.md, "Arguments and errors").
 */
import { describe, it } from 'vitest';
import { CLONE_NEWUSER, Kernel } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { expectRefused } from '@nsproxy/testkit';
import {
  getuid, openUserNsFile, procStatusCreds, readIdMap, readIdMapFile, readSetgroups, setgroups, userNamespaceType,
  writeGidMap, writeIdMapFile, writeProjidMap, writeSetgroups, writeUidMap,
} from './index.ts';
import { boot } from '../test/helpers.ts';

function world(): { k: Kernel; init: Task; a: Task; zombie: Task; foreign: Task } {
  const { k, init } = boot();
  const a = k.clone(init, CLONE_NEWUSER);
  const p = k.clone(init, 0);
  const zombie = k.clone(p, 0);
  k.exit(zombie);
  return { k, init, a, zombie, foreign: new Kernel({ namespaces: [userNamespaceType] }).initTask };
}

type W = ReturnType<typeof world>;
const WRITERS = [['writeUidMap', writeUidMap], ['writeGidMap', writeGidMap], ['writeProjidMap', writeProjidMap], ['writeSetgroups', writeSetgroups]] as const;

const cases: [string, (w: W) => unknown, Parameters<typeof expectRefused>[2]][] = [];
for (const [name, write] of WRITERS) {
  for (const v of [null, undefined, 0, 0n, {}, ['0 0 1']]) cases.push([`${name}(data: ${JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? 'undefined'})`, (w) => write(w.k, w.init, w.a, v as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'data' }]);
  for (const v of [null, undefined, {}, 'init']) {
    cases.push([`${name}(writer: ${JSON.stringify(v) ?? 'undefined'})`, (w) => write(w.k, v as never, w.a, '0 0 1'), { code: 'ERR_INVALID_ARG_TYPE', param: 'opener' }]);
    cases.push([`${name}(target: ${JSON.stringify(v) ?? 'undefined'})`, (w) => write(w.k, w.init, v as never, '0 0 1'), { code: 'ERR_INVALID_ARG_TYPE', param: 'target' }]);
  }
  cases.push([`${name} by a zombie`, (w) => write(w.k, w.zombie, w.a, '0 0 1'), { code: 'ERR_TASK_EXITED', param: 'opener' }]);
  cases.push([`${name} of another kernel's task`, (w) => write(w.k, w.init, w.foreign, '0 0 1'), { code: 'ERR_TASK_OTHER_KERNEL', param: 'target' }]);
  cases.push([`${name} of a zombie (ENOENT, as Linux: /proc/PID is gone)`, (w) => write(w.k, w.init, w.zombie, '0 0 1'), { errno: 'ENOENT' }]);
}
cases.push(
  ['readIdMap(file: "x")', (w) => readIdMap(w.k, w.init, w.a, 'x' as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'file' }],
  ['readIdMap(reader: null)', (w) => readIdMap(w.k, null as never, w.a, 'uid_map'), { code: 'ERR_INVALID_ARG_TYPE', param: 'opener' }],
  ['readSetgroups(target: 5)', (w) => readSetgroups(w.k, w.init, 5 as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'target' }],
  ['openUserNsFile(mode: null)', (w) => openUserNsFile(w.k, w.init, w.a, 'uid_map', null as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'mode' }],
  ['readIdMapFile(f: null)', () => readIdMapFile(null as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'f' }],
  ['writeIdMapFile(f: {})', (w) => writeIdMapFile(w.k, w.init, {} as never, '0 0 1'), { code: 'ERR_INVALID_ARG_TYPE', param: 'f' }],
  ['getuid(null)', () => getuid(null as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'task' }],
  ['getuid(a zombie)', (w) => getuid(w.zombie), { code: 'ERR_TASK_EXITED', param: 'task' }],
  ['procStatusCreds(target: another kernel\'s)', (w) => procStatusCreds(w.k, w.init, w.foreign), { code: 'ERR_TASK_OTHER_KERNEL', param: 'target' }],
  ['setgroups(gids: null)', (w) => setgroups(w.k, w.init, null as never), { code: 'ERR_INVALID_ARG_TYPE', param: 'gids' }],
  ['setgroups(gids: [1.5])', (w) => setgroups(w.k, w.init, [1.5]), { code: 'ERR_INVALID_ARG_TYPE', param: 'gids[0]' }],
  ['setgroups(gids: ["0"])', (w) => setgroups(w.k, w.init, ['0' as never]), { code: 'ERR_INVALID_ARG_TYPE', param: 'gids[0]' }],
);

describe('user namespace calls refuse garbage', () => {
  it.each(cases)('%s', (_title, call, want) => {
    const w = world();
    expectRefused(w.k, () => call(w), want);
  });
});
