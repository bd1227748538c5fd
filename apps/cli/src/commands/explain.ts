/**
 * `nsproxy explain <RULE>` and `nsproxy explain <ERRNO> [<call>]`: the rule
 * catalog of the loaded scenario areas, read by a person. A rule prints its
 * sentence, what it gives, the Linux function and file that implement it,
 * and the corpus scenarios that cite it; an errno (with a call: `EPERM
 * setns`) lists the rules that can give it.
 */
import type { CAC } from 'cac';
import { RULE_ID } from '@nsproxy/core';
import { showWord } from '@nsproxy/scenario';
import { loadScenarioAreas } from '../config.ts';
import { EXIT_OK, UsageError } from '../context.ts';
import type { CliCommand, CliContext } from '../context.ts';
import { catalogOf, citations, formatRule, shippedCorpus } from '../rules.ts';

/** The flags of `explain` and `rules` as cac hands them over. */
export interface CatalogFlags {
  readonly config?: unknown;
  readonly corpus?: unknown;
}

/** The scenario directories searched for citations: the shipped corpus, and `--corpus` ones. */
export function corpusDirs(flags: CatalogFlags): string[] {
  const extra = flags.corpus === undefined ? [] : Array.isArray(flags.corpus) ? flags.corpus : [flags.corpus];
  for (const d of extra) if (typeof d !== 'string' || d === '') throw new UsageError('--corpus takes a directory');
  return [shippedCorpus(), ...(extra as string[])];
}

/** The `explain` command's logic: returns the exit status. */
export async function explain(words: readonly string[], flags: CatalogFlags, ctx: CliContext): Promise<number> {
  const [what, call, ...rest] = words;
  if (what === undefined || rest.length > 0) throw new UsageError('explain: usage: nsproxy explain <RULE> | <ERRNO> [<call>] (e.g. nsproxy explain U2.14, nsproxy explain EPERM setns)');
  const { areas } = await loadScenarioAreas(ctx.areas, ctx.cwd, flags.config);
  const catalog = catalogOf(areas);
  const cited = await citations(corpusDirs(flags), ctx.cwd);
  if (RULE_ID.test(what)) {
    if (call !== undefined) throw new UsageError(`explain: a rule takes no call (nsproxy explain ${what})`);
    const rule = catalog.get(what);
    if (!rule) throw new UsageError(`explain: no rule ${what} in the catalog of the loaded areas (nsproxy rules lists them)`);
    ctx.write(formatRule(rule, cited.get(what) ?? []));
    return EXIT_OK;
  }
  if (!/^E[A-Z0-9]+$/.test(what)) throw new UsageError(`explain: ${showWord(what)} is neither a rule id (U2.14) nor an errno name (EPERM)`);
  const rules = catalog.giving(what, call);
  if (rules.length === 0) {
    throw new UsageError(`explain: no rule of the catalog gives ${what}${call !== undefined ? ` for ${showWord(call)}` : ''}`);
  }
  ctx.write(`${rules.length} rule${rules.length === 1 ? '' : 's'} can give ${what}${call !== undefined ? ` for ${call}` : ''}:\n`);
  for (const r of rules) ctx.write(`${r.id.padEnd(7)} ${r.rule}\n`);
  return EXIT_OK;
}

export const explainCommand: CliCommand = {
  name: 'explain',
  register(cli: CAC, ctx: CliContext): void {
    cli
      .command('explain [...what]', 'Explain a rule of the model (U2.14), or list the rules that give an errno (EPERM setns)')
      .option('--config <file>', 'The config file naming extra scenario areas, with their rules')
      .option('--corpus <dir>', 'Another directory of scenarios to search for citations (besides the shipped corpus)')
      .example('nsproxy explain U2.14')
      .example('nsproxy explain EPERM setns')
      .action((words: string[], flags: CatalogFlags): Promise<number> => explain(words, flags, ctx));
  },
};
