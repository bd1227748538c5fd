/**
 * The real backends: the simulated kernel from `@nsproxy/scenario`, and the
 * real one from `@nsproxy/linux`, loaded only when a run asks for it.
 */

import { createSimBackend } from '@nsproxy/scenario';
import type { Backend } from '@nsproxy/scenario';

/** Creates the named backend (loading `@nsproxy/linux` on first use). */
export async function loadDefaultBackend(name: 'sim' | 'linux'): Promise<Backend> {
  if (name === 'sim') return createSimBackend();
  const { createLinuxBackend } = await import('@nsproxy/linux');
  return createLinuxBackend();
}
