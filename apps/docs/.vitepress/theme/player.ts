/**
 * The lesson player: replays a corpus scenario (packages/scenario/corpus) in
 * the page, on the simulated backend (`createSimBackend`, the kernel the CLI's
 * `nsproxy run --backend sim` uses), through @nsproxy/scenario's runner
 * (`runScenario`), the runner that checks the corpus on both kernels. Step N
 * is the state after the scenario's first N steps: the runner runs that
 * prefix on a fresh world (the model is deterministic, so going back is
 * running a shorter prefix), and the kernel after the last step is kept for
 * the graph. The corpus files are fetched one by one, on demand, as text.
 * Browser-safe; loaded from the playground's onMounted.
 */
import type { Kernel } from '@nsproxy/core';
import { SimWorld, createSimBackend } from '@nsproxy/core/scenario';
import { composeAreas, parseScenario, runScenario } from '@nsproxy/scenario';
import type { RunResult, Scenario, ScenarioStep } from '@nsproxy/scenario';
import { AREAS } from './areas.ts';

/** Reads a corpus file's text by name (`<area>/<name>`); undefined when there is none. */
export type CorpusReader = (name: string) => Promise<string | undefined>;

/** A corpus scenario's name: `<area>/<name>`, no path tricks. */
const NAME = /^[a-z0-9_-]+\/[a-z0-9_.-]+$/i;

/**
 * The site's corpus: the build copies packages/scenario/corpus to `corpus/`
 * beside the pages (and the dev server serves it there; see
 * scenario-blocks.ts, `corpusAssets`), so a scenario costs one small text
 * file when it opens, and the page holds no list of them.
 */
export const fetchCorpus: CorpusReader = async (name) => {
  if (!NAME.test(name) || name.includes('..')) return undefined;
  const res = await fetch(`${import.meta.env.BASE_URL}corpus/${name}.nss`);
  // A dev server answers an unknown path with its HTML page: that is no scenario either.
  return res.ok && !(res.headers.get('content-type') ?? '').includes('text/html') ? res.text() : undefined;
};

/** A corpus scenario, parsed: its source, and one note per step (the step's own comment, if any). */
export interface LoadedScenario {
  /** `<area>/<name>`. */
  readonly name: string;
  readonly source: string;
  readonly scenario: Scenario;
  /** Each step's trailing comment (`# ...` after it on its line), or ''. */
  readonly comments: readonly string[];
}

/** The parse options of the playground's areas (op table and types): the CLI's. */
const PARSE = composeAreas(AREAS);

/** Loads and parses a corpus scenario, `<area>/<name>`; undefined when the corpus has no such file. */
export async function loadScenario(name: string, read: CorpusReader = fetchCorpus): Promise<LoadedScenario | undefined> {
  const source = await read(name);
  return source === undefined ? undefined : parseSource(name, source);
}

/** Parses a scenario's source (as the corpus test does, with the CLI's areas). */
export function parseSource(name: string, source: string): LoadedScenario {
  const scenario = parseScenario(source, `${name}.nss`, PARSE);
  const lines = source.split('\n');
  return { name, source, scenario, comments: scenario.steps.map((s) => stepComment(lines[s.line - 1] ?? '', s)) };
}

/** The comment after a step on its line (`=> ok   # why`), without the `#`. */
function stepComment(line: string, step: ScenarioStep): string {
  const arrow = line.indexOf('=>');
  if (arrow < 0 || step.expect === undefined) return '';
  const hash = /\s#\s?(.*)$/.exec(line.slice(arrow));
  return hash?.[1]?.trim() ?? '';
}

/** The state after a scenario's first `step` steps. */
export interface PlayState {
  /** How many steps ran (0: the world at the start). */
  readonly step: number;
  /** The runner's result for those steps: its transcript, status and failures. */
  readonly result: RunResult;
  /** The simulated kernel after them (for the graph). */
  readonly kernel: Kernel;
}

/**
 * Runs the first `step` steps of `scenario` on a fresh simulated world and
 * returns the runner's result and the kernel after the last of them.
 */
export async function playTo(scenario: Scenario, step: number): Promise<PlayState> {
  const n = Math.max(0, Math.min(Math.trunc(step), scenario.steps.length));
  let kernel: Kernel | undefined;
  // The backend's after-step hook (meant for invariant checks) is where the runner's kernel can be seen: kept, no problem reported.
  const backend = createSimBackend({
    areas: AREAS,
    check: (k) => {
      kernel = k;
      return undefined;
    },
  });
  const result = await runScenario({ ...scenario, steps: scenario.steps.slice(0, n) }, backend);
  // Before any step the hook has not run: the same world, freshly built (SimWorld is what each session starts from).
  return { step: n, result, kernel: kernel ?? new SimWorld(AREAS, undefined, undefined, scenario.roads).kernel };
}
