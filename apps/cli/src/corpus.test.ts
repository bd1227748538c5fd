/**
 * The conformance corpus (`packages/scenario/corpus/<area>/*.nss`) on the
 * simulated kernel built from the command's built-in scenario areas (here,
 * where they are composed; @nsproxy/scenario itself loads no model): every
 * scenario parses, has a title, a comment citing the rule it checks, an
 * expectation on every step and a `@needs` that lists every namespace type its
 * steps name (in every area, core included, and for every type, user and pid
 * included: which types a backend has is the backend's business, not the
 * area's), and passes on sim (a skip would hide a gap, so it
 * fails here). `npm test` then runs `nsproxy run packages/scenario/corpus`
 * with the default backend, `auto` (both kernels on Linux, transcripts
 * diffed), which is what checks the same files against Linux.
 */
import { describe, expect, test } from 'vitest';
import { createSimBackend } from '@nsproxy/core/scenario';
import { composeAreas, parseScenario, runScenario } from '@nsproxy/scenario';
import { BUILTIN_AREAS } from './areas.ts';

declare global {
  interface ImportMeta {
    glob(pattern: string, options: { query: '?raw'; import: 'default'; eager: true }): Record<string, string>;
  }
}

/** The least each area must hold (the issues' counts); a new area needs an entry. */
const MINIMUM: Readonly<Record<string, number>> = { core: 30, user: 25, pid: 25, uts: 15, ipc: 15, mnt: 40, net: 30, time: 12, cgroup: 12, roads: 12 };

/** A comment citing a rule of the catalog (C8.2, P2.4, I4.2, ...), a peer test suite's test (LTP, the kernel selftests, gVisor), or the format itself. */
const CITATION = /^#.*(\b[A-Z]\d+\.\d+[a-z]?\b|\b(?:LTP|selftests|gVisor)\b|scenario-format\.md)/m;

const files = import.meta.glob('../../../packages/scenario/corpus/*/*.nss', { query: '?raw', import: 'default', eager: true });
const parseOptions = composeAreas(BUILTIN_AREAS);
const sim = createSimBackend({ areas: BUILTIN_AREAS });
const areas = new Map<string, [string, string][]>();
for (const [path, source] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
  const [, area = '', name = ''] = /corpus\/([^/]+)\/([^/]+)$/.exec(path) ?? [];
  areas.set(area, [...(areas.get(area) ?? []), [name, source]]);
}

test('every area of the corpus is known and holds its minimum', () => {
  expect([...areas.keys()].sort()).toEqual(Object.keys(MINIMUM).sort());
  for (const [area, entries] of areas) expect(entries.length, area).toBeGreaterThanOrEqual(MINIMUM[area] ?? Infinity);
});

for (const [area, entries] of areas) {
  describe(`corpus/${area}`, () => {
    for (const [name, source] of entries) {
      describe(name, () => {
        const scenario = parseScenario(source, name, parseOptions);

        test('has a title, a rule citation and an expectation on every step', () => {
          expect(scenario.title ?? '').not.toBe('');
          expect(source).toMatch(CITATION);
          // A type's area needs that type (core scenarios, and the roads not taken, may need any).
          if (area !== 'core' && area !== 'roads') expect(scenario.needs).toContain(area);
          for (const step of scenario.steps) expect(step.expect, `line ${step.line}: ${step.text}`).toBeDefined();
        });

        test('@needs lists every namespace type a step names', () => {
          // The runner skips on these anyway; listing them keeps the header honest.
          expect(scenario.uses.filter((type) => !scenario.needs.includes(type)), `@needs: ${scenario.needs.join(',')}`).toEqual([]);
        });

        test('passes on sim', async () => {
          const result = await runScenario(scenario, sim);
          const failures = result.failures.map((f) => `line ${f.line}: ${f.step} => expected ${f.expected ?? '(none)'}, got ${f.actual}`);
          expect(failures, result.reason).toEqual([]);
          expect(result.status).toBe('pass');
        });
      });
    }
  });
}
