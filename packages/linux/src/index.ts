/**
 * @nsproxy/linux: the real Linux kernel as a scenario backend.
 *
 * @example
 * ```ts
 * import { createLinuxBackend } from '@nsproxy/linux';
 * const linux = createLinuxBackend();
 * if ((await linux.unavailable()) === undefined) {
 *   const session = await linux.open();
 *   await session.run({ actor: 'init', op: 'clone', args: ['a', 'uts'] }); // { kind: 'int', value: 2 }
 *   await session.close();
 * }
 * ```
 */
export { createLinuxBackend } from './backend.ts';
export type { LinuxBackend, LinuxBackendOptions } from './backend.ts';
export { normalizeMap } from './session.ts';
