/**
 * The shell language against the real dash: each case of
 * packages/shell/test/dash-cases.txt runs through `runScript` and must print
 * what Debian's dash 0.5.12 printed for it, byte for byte, with its exit
 * status (the table is generated from dash by
 * packages/shell/scripts/dash-cases.mjs).
 */
import { describe, expect, test } from 'vitest';
import { DASH_CASES } from '../test/dash-cases.ts';
import { runScript } from './index.ts';

describe('the shell language, as dash runs it', () => {
  test('there are cases', () => {
    expect(DASH_CASES.length).toBeGreaterThan(50);
  });

  for (const c of DASH_CASES) {
    test(c.name, async () => {
      const r = await runScript(c.script);
      expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual({ stdout: c.stdout, stderr: c.stderr, status: c.status });
    });
  }
});
