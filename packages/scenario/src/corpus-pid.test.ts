/**
 * The pid-namespace corpus (`corpus/pid/*.nss`) on the simulated kernel:
 * every scenario parses, has a title, a rule citation and an expectation on
 * every step, and passes on sim. `nsproxy run --backend both corpus/pid` is
 * what checks the same files against Linux.
 */
import { describe, expect, test } from 'vitest';
import { parseScenario } from './parse.ts';
import { runScenario } from './runner.ts';
import { createSimBackend } from './sim.ts';

declare global {
  interface ImportMeta {
    glob(pattern: string, options: { query: '?raw'; import: 'default'; eager: true }): Record<string, string>;
  }
}

const files = import.meta.glob('../corpus/pid/*.nss', { query: '?raw', import: 'default', eager: true });
const entries = Object.entries(files).sort(([a], [b]) => a.localeCompare(b));

describe('corpus/pid', () => {
  test('holds at least 25 scenarios', () => {
    expect(entries.length).toBeGreaterThanOrEqual(25);
  });

  for (const [path, source] of entries) {
    const name = path.replace(/^.*\//, '');
    describe(name, () => {
      const scenario = parseScenario(source, name);

      test('has a title, a rule citation and an expectation on every step', () => {
        expect(scenario.title ?? '').not.toBe('');
        // A comment citing a kernel-rules.md id (P2.4, I4.2, K2.1, ...) or a peer case.
        expect(source).toMatch(/^#.*(\b[A-Z]\d+\.\d+[a-z]?\b|[Pp]eer case \d+)/m);
        expect(scenario.needs).toContain('pid');
        for (const step of scenario.steps) expect(step.expect, `line ${step.line}: ${step.text}`).toBeDefined();
      });

      test('passes on sim', async () => {
        const result = await runScenario(scenario, createSimBackend());
        const failures = result.failures.map((f) => `line ${f.line}: ${f.step} => expected ${f.expected ?? '(none)'}, got ${f.actual}`);
        expect(failures, result.reason).toEqual([]);
        expect(result.status).toBe('pass');
      });
    });
  }
});
