/**
 * The kernels a command compares: both (the model and Linux) where Linux can
 * be driven, else the model alone, with a note; `--backend both` where Linux
 * cannot be driven, or any command under `CI=true`, is a failure instead.
 * (`run` has rules of its own: it skips files rather than fall back.)
 */
import { createSimBackend } from '@nsproxy/core/scenario';
import type { SimArea } from '@nsproxy/core/scenario';
import { runScenario } from '@nsproxy/scenario';
import type { Backend, Scenario } from '@nsproxy/scenario';
import { errorText } from './context.ts';
import type { CliContext } from './context.ts';

/** What a command runs on: both kernels, or the model alone. */
export type Kernels = { readonly mode: 'both'; readonly linux: Backend } | { readonly mode: 'sim' };

/**
 * Resolves `choice` (`both`, `sim` or `auto`: both on Linux, the model
 * elsewhere). Returns the kernels, or the line to print on stderr when Linux
 * was required and cannot be driven.
 */
export async function pickKernels(choice: 'both' | 'sim' | 'auto', ctx: CliContext, areas: readonly SimArea[], note: (text: string) => void): Promise<Kernels | { readonly error: string }> {
  if (choice === 'sim' || (choice === 'auto' && ctx.platform !== 'linux')) return { mode: 'sim' };
  let reason: string | undefined;
  let linux: Backend | undefined;
  try {
    linux = await ctx.loadBackend('linux', areas);
    reason = await linux.unavailable();
  } catch (error) {
    reason = errorText(error);
  }
  if (reason === undefined && linux) return { mode: 'both', linux };
  if (choice === 'both' || ctx.env['CI'] === 'true') return { error: `linux backend unavailable: ${reason ?? 'unknown reason'}` };
  note(`linux backend unavailable: ${reason ?? 'unknown reason'}; the model alone`);
  return { mode: 'sim' };
}

/**
 * Why the real kernel cannot show `scenario` here, when it builds its world
 * one user namespace deeper than the format's (without root: `nestedWorld`):
 * the scenario is run on the model in both worlds, and skipped exactly when
 * the two transcripts differ. Undefined: it can be shown.
 */
export async function nestedWorldSkip(scenario: Scenario, linux: Backend, areas: readonly SimArea[]): Promise<string | undefined> {
  const nested = linux.nestedWorld?.();
  if (!nested) return undefined;
  const asFormat = await runScenario(scenario, createSimBackend({ areas }));
  const asHere = await runScenario(scenario, createSimBackend({ areas, nestedWorld: nested }));
  if (asHere.status !== 'skip' && asHere.transcript === asFormat.transcript && asHere.reason === asFormat.reason) return undefined;
  return `linux backend: without root the world's user namespace maps only uid ${nested.uid} as 0, which changes this scenario's results (on the model)`;
}
