/**
 * Issue 18: `$((...))` of the simulated shell against the real dash on this
 * machine, on random expressions (numbers in three bases, a variable,
 * unary and binary operators without parentheses, so that precedence is
 * dash's to decide, `?:`, parentheses, assignments): the same output, the
 * same error line (`sh: 1: arithmetic expression: ...`) and the same
 * status. Skipped where there is no dash.
 */
import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { runScript } from '@nsproxy/shell';

const hasDash = spawnSync('dash', ['-c', 'exit 0']).status === 0;

const num = fc.oneof(fc.nat({ max: 99 }).map(String), fc.nat({ max: 255 }).map((n) => `0x${n.toString(16)}`), fc.nat({ max: 63 }).map((n) => `0${n.toString(8)}`), fc.constant('x'));
const unary = fc.constantFrom('-', '+', '~', '!');
const binary = fc.constantFrom('*', '/', '%', '+', '-', '<<', '>>', '<', '<=', '>', '>=', '==', '!=', '&', '^', '|', '&&', '||');
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    num,
    fc.tuple(unary, tie('expr')).map(([op, e]) => `${op}${e}`),
    fc.tuple(tie('expr'), binary, tie('expr')).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(tie('expr'), binary, tie('expr')).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
    tie('expr').map((e) => `(${e})`),
    fc.tuple(fc.constantFrom('=', '+=', '*=', '<<='), tie('expr')).map(([op, e]) => `x ${op} ${e}`),
  ),
}));

/** The real sh (dash): a death by a signal as the status a parent shell sees. */
function dash(script: string): { stdout: string; stderr: string; status: number } {
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? 128 + (r.signal ? constants.signals[r.signal] : 0) };
}

describe.skipIf(!hasDash)('$((...)) against the real dash', () => {
  test.prop([expr, fc.integer({ min: -9, max: 99 })], { numRuns: 200 })('the same value, error line and status', async (e, x) => {
    const script = `x=${x}; echo $((${e})) $x`;
    const ours = await runScript(`${script}\n`);
    // Our shell reads the script as sh reading its standard input: the same `sh: 1:` prefix as `sh -c`.
    expect(ours).toEqual(dash(script));
  });
});
