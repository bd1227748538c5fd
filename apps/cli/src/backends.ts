/**
 * The real backends: the simulated kernel from `@nsproxy/core/scenario`, built
 * from the loaded scenario areas, and the real one from `@nsproxy/linux`,
 * loaded only when a run asks for it.
 */

import { createSimBackend } from '@nsproxy/core/scenario';
import type { SimArea } from '@nsproxy/core/scenario';
import type { Backend } from '@nsproxy/scenario';

/** Creates the named backend (loading `@nsproxy/linux` on first use). */
export async function loadDefaultBackend(name: 'sim' | 'linux', areas: readonly SimArea[]): Promise<Backend> {
  if (name === 'sim') return createSimBackend({ areas });
  const { createLinuxBackend } = await import('@nsproxy/linux');
  return createLinuxBackend();
}
