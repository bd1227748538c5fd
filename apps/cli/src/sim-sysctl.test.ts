/**
 * The sim backend's `sysctl` op over the /proc/sys/user files (core's
 * per-user-namespace limits) and the ipc sysctls, and the refusal to write
 * user.* from the world's initial user namespace (the host's on the real
 * kernel), which the linux backend shares.
 */
import { describe, expect, it } from 'vitest';
import { createSimBackend } from '@nsproxy/core/scenario';
import type { SimArea } from '@nsproxy/core/scenario';
import { composeAreas, parseScenario, runScenario } from '@nsproxy/scenario';
import { BUILTIN_AREAS } from './areas.ts';

function parse(source: string, areas: readonly SimArea[] = BUILTIN_AREAS): ReturnType<typeof parseScenario> {
  return parseScenario(source, 't.nss', composeAreas(areas));
}

async function run(source: string): Promise<{ status: string; actual: string[] }> {
  const result = await runScenario(parse(`@title: t\n${source}`), createSimBackend({ areas: BUILTIN_AREAS }));
  return { status: result.status, actual: result.failures.map((f) => f.actual) };
}

describe('sysctl user.* on sim', () => {
  it('reads and writes the actor\'s own user namespace; the ipc names still work', async () => {
    const r = await run([
      'init: clone a user                     => 2',
      'a: sysctl user.max_ipc_namespaces      => 2147483647',
      'a: sysctl user.max_ipc_namespaces 0    => ok',
      'a: unshare ipc                         => ENOSPC',
      'init: sysctl user.max_ipc_namespaces   => 96365',
      'init: sysctl kernel.shmmni             => 4096',
    ].join('\n'));
    expect(r).toEqual({ status: 'pass', actual: [] });
  });

  it('refuses a user.* write from the world\'s initial user namespace with a runner error, not an errno', async () => {
    const r = await run('init: clone a -\na: sysctl user.max_uts_namespaces 5 => ok\n');
    expect(r.status).toBe('fail');
    expect(r.actual).toEqual([expect.stringMatching(/^error: refusing to write user\.max_uts_namespaces from the world's initial user namespace/)]);
  });

  it('a name below fs.mqueue that the ipc namespace lacks is ENOENT (Q1.55); one below kernel is no area\'s: a runner error', async () => {
    expect(await run('init: sysctl fs.mqueue.nosuch => ENOENT\ninit: sysctl fs.mqueue.nosuch 1 => ENOENT\n')).toEqual({ status: 'pass', actual: [] });
    const r = await run('init: sysctl kernel.nosuch => ENOENT\n');
    expect(r.actual).toEqual([expect.stringMatching(/^error: sysctl kernel\.nosuch is not modelled/)]);
  });

  it('an ipc sysctl needs the ipc area: without it the step is a runner error, not a call into a missing type', async () => {
    const areas = BUILTIN_AREAS.filter((a) => !a.types.some((t) => t.name === 'ipc'));
    const result = await runScenario(parse('@title: t\ninit: sysctl kernel.shmmni => 4096\n', areas), createSimBackend({ areas }));
    expect(result.failures.map((f) => f.actual)).toEqual([expect.stringMatching(/^error: sysctl kernel\.shmmni is not modelled by this simulated backend/)]);
  });
});
