/**
 * The kernels a command compares: both (the model and Linux) where Linux can
 * be driven, else the model alone, with a note; `--backend both` where Linux
 * cannot be driven, or any command under `CI=true`, is a failure instead.
 * (`run` has rules of its own: it skips files rather than fall back.)
 */
import type { SimArea } from '@nsproxy/core/scenario';
import type { Backend } from '@nsproxy/scenario';
import type { CliContext } from './context.ts';

/** What a command runs on: both kernels, or the model alone. */
export type Kernels = { readonly mode: 'both'; readonly linux: Backend } | { readonly mode: 'sim' };

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

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
