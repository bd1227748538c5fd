/**
 * The ipc and user extension ops on the sim backend where their results are
 * the runner's own: `ipcctl` with a command the kernel has that takes a buffer
 * (refused by the parser on both kernels), and the access modes and texts
 * of the map, setgroups and setgroups-call ops, as the corpus shows them on
 * both kernels.
 */
import { describe, expect, it } from 'vitest';
import { createSimBackend } from '@nsproxy/core/scenario';
import { composeAreas, parseScenario, runScenario } from '@nsproxy/scenario';
import { BUILTIN_AREAS } from './areas.ts';

async function run(source: string): Promise<{ status: string; actual: string[] }> {
  const scenario = parseScenario(`@title: t\n${source}`, 't.nss', composeAreas(BUILTIN_AREAS));
  const result = await runScenario(scenario, createSimBackend({ areas: BUILTIN_AREAS }));
  return { status: result.status, actual: result.failures.map((f) => f.actual) };
}

describe('ipcctl on sim', () => {
  it('IPC_RMID and unknown commands are modelled; the kernel\'s commands that take a buffer are refused before any step runs', async () => {
    expect(await run('init: semget 1 create => 0\ninit: ipcctl sem 0 21 => EINVAL\ninit: ipcctl sem 0 -1 => EINVAL\ninit: ipcctl sem 0 0 => ok\ninit: ipcs sem => 0\n'))
      .toEqual({ status: 'pass', actual: [] });
    for (const [kind, cmd] of [['shm', 1], ['msg', 3], ['sem', 12], ['shm', 15], ['sem', 20], ['sem', 2], ['msg', 0x2]] as const) {
      expect(() => parseScenario(`@title: t\ninit: ipcctl ${kind} 0 ${cmd} => EINVAL\n`, 't.nss', composeAreas(BUILTIN_AREAS)), `${kind} ${cmd}`)
        .toThrow(new RegExp(`ipcctl: command ${cmd} of ${kind}ctl takes a buffer`));
    }
  });
});

describe('get flags, sizes and access modes on sim', () => {
  it('excl, - and the size or count reach the calls', async () => {
    expect(await run([
      'init: shmget 3 excl 100 => 0', 'init: shmget 3 - 101 => EINVAL', 'init: shmget 3 excl => EEXIST', 'init: shmget 4 - => ENOENT',
      'init: semget 3 create 2 => 0', 'init: semget 3 - 3 => EINVAL', 'init: msgget 3 excl => 0', 'init: msgget 3 - => 0',
      'init: mq_open /m excl rdwr => ok', 'init: mq_open /m excl => EEXIST', 'init: mq_open /m - wronly,rdwr => EINVAL',
    ].join('\n'))).toEqual({ status: 'pass', actual: [] });
  });

  it('the user files: opened read-only a write is EBADF, write-only a read is; setgroups takes any text; setgroups-call', async () => {
    expect(await run([
      'init: clone a user => 2', 'init: setgroups a "deny " rdonly => EBADF', 'init: read setgroups a wronly => EBADF',
      'init: setgroups a " allow" => EINVAL', 'init: setgroups a "deny " rdwr => ok', 'init: read setgroups a => deny',
      'init: projid_map a "0 0 5" => ok', 'init: read projid_map a rdwr => 0 0 5', 'init: gid_map a "0 0 1" => ok',
      'a: setgroups-call 0 => EPERM', 'init: setgroups-call 0*65537 => EINVAL', 'init: setgroups-call 0,1 => ok',
    ].join('\n'))).toEqual({ status: 'pass', actual: [] });
  });
});
