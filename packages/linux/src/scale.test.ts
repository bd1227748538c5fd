/**
 * The linux backend with many live tasks and with long arguments. Runs in seconds; no timed assertion (the cost per step is
 * measured by `npm run bench -- --only=linux-5000-tasks`, as a ratio). The
 * longer version, by hand: NSPROXY_LINUX_TASKS=20000 npx vitest run packages/linux/src/scale.test.ts
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Run } from '../test/harness.ts';
import { createLinuxBackend } from './index.ts';

const unavailable = await createLinuxBackend().unavailable();
const skip = unavailable !== undefined && process.env.CI !== 'true';
const TASKS = Number(process.env.NSPROXY_LINUX_TASKS ?? 5000);
/** A guard against a hang, not a measure: the run takes seconds. */
const HANG_GUARD_MS = 60_000 + TASKS * 20;

const open: Run[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((run) => run.close()));
});
async function start(): Promise<Run> {
  const run = await Run.open({ stepTimeoutMs: 30_000 });
  open.push(run);
  return run;
}

describe.skipIf(skip)('linux backend at scale and with long arguments', () => {
  it(`${TASKS} live tasks: every step still gets its answer`, { timeout: HANG_GUARD_MS }, async () => {
    const run = await start();
    for (let i = 0; i < TASKS; i++) expect(await run.step(`init: clone t${i} -`)).toBe(String(i + 2));
    const last = `t${TASKS - 1}`;
    const mid = `t${Math.floor(TASKS / 2)}`;
    const { actual, expected } = await run.transcript(`
      t0: getpid                  => 2
      ${last}: getpid             => ${TASKS + 1}
      ${last}: getppid            => 1
      init: pid ${last}           => ${TASKS + 1}
      ${mid}: kill ${last} SIGKILL => ok
      init: alive ${last}         => no
      ${last}: getpid             => ENOTASK
      init: kill ${mid} SIGSTOP   => ok
      ${mid}: getpid              => ESTOPPED
      init: kill ${mid} SIGTERM   => ok
      init: alive ${mid}          => yes
      init: kill ${mid} SIGCONT   => ok
      init: alive ${mid}          => no
      t1: exit                    => ok
      init: alive t1              => no
      t2: clone x uts             => ${TASKS + 2}
      x: sethostname x            => ok
      x: hostname                 => x
      t0: hostname                => nsproxy
    `);
    expect(actual).toEqual(expected);
  });

  it('an argument of any length reaches the kernel and gets its answer; the session goes on', async () => {
    const run = await start();
    const long = (n: number, c = 'a'): string => c.repeat(n);
    const expectations: [string, string][] = [
      [`init: sethostname ${long(64 * 1024)}`, 'EINVAL'],
      [`init: setdomainname ${long(1024 * 1024)}`, 'EINVAL'],
      [`init: sethostname ${long(64)}`, 'ok'],
      [`init: mq_open /${long(300)} create`, 'ENAMETOOLONG'],
      [`init: mq_unlink /${long(70_000)}`, 'ENAMETOOLONG'],
      ['init: clone u user', '2'],
      [`init: uid_map u "0 0 1${long(70_000, ' ')}"`, 'EINVAL'],
      [`init: open u uts ${long(5000, 'f')}1`, 'ok'],
      [`init: fdns ${long(5000, 'f')}2`, 'EBADF'], // a long fd name is kept whole, not cut
      [`init: ioctl ${long(5000, 'f')}1 NS_GET_NSTYPE`, 'uts'],
      ['init: msgget 5 create', '0'],
      [`init: msgsnd 0 1 4 ${long(200_000, 'm')}`, 'ok'],
      ['init: msgrcv 0 100 0', 'mtype=1 size=4 text=mmmm'],
      [`init: sysctl kernel.msgmax ${long(70_000, '1')}`, 'EINVAL'],
      ['init: hostname', long(64)],
      ['u: getpid', '2'],
    ];
    for (const [step, result] of expectations) expect([step.slice(0, 60), await run.step(step)]).toEqual([step.slice(0, 60), result]);
  });
});
