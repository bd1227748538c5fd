/**
 * `nsproxy rules [--coverage] [--markdown] [--backend both|sim|auto] [--config FILE] [--corpus DIR]`
 *
 * The rule catalog of the loaded scenario areas: one line per rule; with
 * `--markdown`, the docs' rules page (docs/rules.md is this output); with
 * `--coverage`, what the corpus proves: every scenario that cites a rule is
 * run (on both kernels where Linux can be driven), and the rules are counted
 * in three groups: shown by a scenario passing on both kernels, not showable
 * on the real kernel (with the reason the catalog gives), and with nothing.
 */
import type { CAC } from 'cac';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Rule } from '@nsproxy/core';
import { parseScenario, runDiff, runScenario } from '@nsproxy/scenario';
import { loadScenarioAreas } from '../config.ts';
import type { LoadedAreas } from '../config.ts';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../context.ts';
import type { CliCommand, CliContext } from '../context.ts';
import { nestedWorldSkip, pickKernels } from '../kernels.ts';
import { catalogOf, citations, rulesMarkdown } from '../rules.ts';
import { corpusDirs } from './explain.ts';
import type { CatalogFlags } from './explain.ts';

interface RulesFlags extends CatalogFlags {
  readonly coverage?: unknown;
  readonly markdown?: unknown;
  readonly backend?: unknown;
}

/** What `--coverage` counts. */
export interface Coverage {
  /** Rules with at least one citing scenario that passed on both kernels (or on the model, when only it ran). */
  readonly shown: readonly string[];
  /** Rules the real kernel cannot show here, with the reason. */
  readonly unshowable: readonly (readonly [string, string])[];
  /** Rules with no passing scenario. */
  readonly nothing: readonly string[];
}

/** Runs every corpus scenario that cites a rule, and counts the rules. */
async function coverage(rules: readonly Rule[], cited: ReadonlyMap<string, readonly string[]>, loaded: LoadedAreas, ctx: CliContext, both: boolean): Promise<Coverage> {
  const sim = await ctx.loadBackend('sim', loaded.areas);
  const linux = both ? await ctx.loadBackend('linux', loaded.areas) : undefined;
  const passed = new Map<string, boolean>();
  const files = new Set([...cited.values()].flat());
  for (const file of files) {
    const scenario = parseScenario(await readFile(resolve(ctx.cwd, file), 'utf8'), file, loaded.parse);
    const nested = linux ? await nestedWorldSkip(scenario, linux, loaded.areas) : undefined;
    const result = linux && nested === undefined ? await runDiff(scenario, { sim, linux }) : await runScenario(scenario, sim);
    passed.set(file, result.status === 'pass');
  }
  const shown: string[] = [];
  const unshowable: [string, string][] = [];
  const nothing: string[] = [];
  for (const r of rules) {
    if ((cited.get(r.id) ?? []).some((f) => passed.get(f))) shown.push(r.id);
    else if (r.unshowable !== undefined) unshowable.push([r.id, r.unshowable]);
    else nothing.push(r.id);
  }
  return { shown, unshowable, nothing };
}

/** The `rules` command's logic: returns the exit status. */
export async function rules(flags: RulesFlags, ctx: CliContext): Promise<number> {
  const choice = flags.backend ?? 'auto';
  if (choice !== 'both' && choice !== 'sim' && choice !== 'auto') {
    throw new UsageError(`rules: unknown backend ${typeof choice === 'string' ? `'${choice}'` : '(given twice?)'} (use both, sim or auto)`);
  }
  const loaded = await loadScenarioAreas(ctx.areas, ctx.cwd, flags.config);
  const catalog = catalogOf(loaded.areas);
  const all = catalog.all();
  const cited = await citations(corpusDirs(flags), ctx.cwd);

  if (flags.markdown === true) {
    // Links from docs/: the scenarios' paths relative to the docs folder of the repository.
    ctx.write(`${rulesMarkdown(loaded.areas, cited, (file) => relative('docs', file))}\n`);
    return EXIT_OK;
  }
  if (flags.coverage !== true) {
    for (const r of all) ctx.write(`${r.id.padEnd(7)} ${String(r.outcome).padEnd(12)} ${r.rule}\n`);
    ctx.write(`${all.length} rules\n`);
    return EXIT_OK;
  }
  const kernels = await pickKernels(choice, ctx, loaded.areas, (text) => ctx.write(`${text}\n`));
  if ('error' in kernels) {
    ctx.writeErr(`nsproxy: ${kernels.error}\n`);
    return EXIT_FAILED;
  }
  const both = kernels.mode === 'both';
  const c = await coverage(all, cited, loaded, ctx, both);
  ctx.write(`rules: ${all.length} in the catalog\n`);
  ctx.write(`  ${c.shown.length} shown by a corpus scenario passing on ${both ? 'both kernels' : 'the model (the real kernel was not run)'}\n`);
  ctx.write(`  ${c.unshowable.length} the real kernel cannot show here${c.unshowable.length > 0 ? ':' : ''}\n`);
  for (const [id, why] of c.unshowable) ctx.write(`    ${id}: ${why}\n`);
  ctx.write(`  ${c.nothing.length} with nothing yet${c.nothing.length > 0 ? `: ${c.nothing.join(' ')}` : ''}\n`);
  return EXIT_OK;
}

export const rulesCommand: CliCommand = {
  name: 'rules',
  register(cli: CAC, ctx: CliContext): void {
    cli
      .command('rules', 'List the rule catalog; --coverage: what the corpus proves; --markdown: the docs page')
      .option('--coverage', 'Run the scenarios that cite rules and count the rules shown, not showable, and with nothing')
      .option('--markdown', 'Print the rules page of the docs (docs/rules.md)')
      .option('--backend <backend>', 'For --coverage: both, sim or auto (both on Linux, sim elsewhere)', { default: 'auto' })
      .option('--config <file>', 'The config file naming extra scenario areas, with their rules')
      .option('--corpus <dir>', 'Another directory of scenarios to search for citations (besides the shipped corpus)')
      .example('nsproxy rules --coverage')
      .action((flags: RulesFlags): Promise<number> => rules(flags, ctx));
  },
};
