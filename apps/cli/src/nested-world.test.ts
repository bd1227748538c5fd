/**
 * Without root the real backend builds its world one user namespace deeper,
 * mapping only the runner's ids as 0 (`Backend.nestedWorld`). The command
 * then skips exactly the scenarios whose results that changes, which it finds
 * by running each on the model in both worlds. Here the "real" kernel is the
 * model built that way, so a skip that is too narrow shows as a failure and
 * one too wide as a scenario that passes in both worlds but was skipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createSimBackend } from '@nsproxy/core/scenario';
import { composeAreas, parseScenario, runScenario } from '@nsproxy/scenario';
import type { Backend } from '@nsproxy/scenario';
import { BUILTIN_AREAS } from './areas.ts';
import { runCli } from './cli.ts';
import type { RunReport } from './commands/run.ts';
import { NEEDS_ROOT } from './host-limits.ts';
import { nestedWorldSkip } from './kernels.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const nested = { uid: 1000, gid: 1000 };
/** The model built as the real kernel without root builds its world, standing in for it. */
const unprivilegedLinux: Backend = { ...createSimBackend({ areas: BUILTIN_AREAS, nestedWorld: nested }), name: 'linux', nestedWorld: () => nested };

describe('a world one user namespace deeper (the real kernel without root)', () => {
  test('the model builds it: init is root of a user namespace that maps only uid 1000', async () => {
    const parse = composeAreas(BUILTIN_AREAS);
    const scenario = parseScenario('@needs: user\ninit: id\ninit: read uid_map init\ninit: setuid 1000\ninit: clone a user,uts\n', 'x.nss', parse);
    const r = await runScenario(scenario, unprivilegedLinux);
    expect(r.transcript).toBe('init: id => uid=0 gid=0\ninit: read uid_map init => 0 1000 1\ninit: setuid 1000 => EINVAL\ninit: clone a user,uts => 2\n');
    expect(await nestedWorldSkip(scenario, unprivilegedLinux, BUILTIN_AREAS)).toBe(
      "linux backend: without root the world's user namespace maps only uid 1000 as 0, which changes this scenario's results (on the model)");
    const plain = parseScenario('@needs: uts\ninit: clone a uts\na: sethostname x\na: hostname\n', 'y.nss', parse);
    expect(await nestedWorldSkip(plain, unprivilegedLinux, BUILTIN_AREAS)).toBeUndefined();
  });

  test('the corpus on both "kernels": no failure, and every skip is a scenario the deeper world changes', async () => {
    let out = '';
    const status = await runCli(['run', '--backend', 'both', '--json', join(root, 'packages/scenario/corpus')], {
      backends: { sim: createSimBackend({ areas: BUILTIN_AREAS }), linux: unprivilegedLinux },
      env: {}, platform: 'linux', write: (t) => (out += t), writeErr: () => undefined,
    });
    const report = JSON.parse(out) as RunReport;
    expect(report.failed, JSON.stringify(report.files.filter((f) => f.status === 'fail').map((f) => f.file))).toBe(0);
    expect(status).toBe(0);
    const skipped = report.files.filter((f) => f.status === 'skip');
    // Some scenarios depend on the maps (setuid 1000, reading uid_map init, the nesting depth), most do not.
    expect(skipped.length).toBeGreaterThan(10);
    expect(report.passed).toBeGreaterThan(skipped.length * 2);
    for (const f of skipped) expect(f.reason, f.file).toBe(NEEDS_ROOT);
    expect(report.notes).toEqual([expect.stringMatching(/maps only uid 1000 and gid 1000 as 0/)]);
    const names = skipped.map((f) => f.file.split('/').slice(-2).join('/'));
    expect(names).toContain('user/setuid-id-width.nss');
    expect(names).not.toContain('uts/siblings-isolated.nss');
    // Exactly: a scenario that was run gives the same transcript in both worlds of the model.
    const ran = report.files.filter((f) => f.status === 'pass').slice(0, 20);
    for (const f of ran) {
      const scenario = parseScenario(readFileSync(f.file, 'utf8'), f.file, composeAreas(BUILTIN_AREAS));
      expect(await nestedWorldSkip(scenario, unprivilegedLinux, BUILTIN_AREAS), f.file).toBeUndefined();
    }
  }, 120_000);
});
