/**
 * The sim backend's `sysctl` op over the /proc/sys/user files (core's
 * per-user-namespace limits) and the ipc sysctls, and the refusal to write
 * user.* from the world's initial user namespace (the host's on the real
 * kernel), which the linux backend shares.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse.ts';
import { runScenario } from './runner.ts';
import { createSimBackend } from './sim.ts';
import { simAreas } from './sim/areas.ts';

async function run(source: string): Promise<{ status: string; actual: string[] }> {
  const result = await runScenario(parseScenario(`@title: t\n${source}`, 't.nss'), createSimBackend());
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

  it('an ipc sysctl needs the ipc area: without it the step is a runner error, not a call into a missing type', async () => {
    const areas = simAreas.filter((a) => !a.types.some((t) => t.name === 'ipc'));
    const result = await runScenario(parseScenario('@title: t\ninit: sysctl kernel.shmmni => 4096\n', 't.nss'), createSimBackend({ areas }));
    expect(result.failures.map((f) => f.actual)).toEqual([expect.stringMatching(/^error: sysctl kernel\.shmmni is not modelled by this simulated backend/)]);
  });
});
