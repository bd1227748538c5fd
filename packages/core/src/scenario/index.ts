/**
 * `@nsproxy/core/scenario`: the simulated backend of the `.nss` scenario
 * format (`@nsproxy/scenario`), and core's own scenario area. Kept apart from
 * `@nsproxy/core`'s main entry, so that a user of the model alone never loads
 * the scenario language.
 *
 * @example
 * ```ts
 * import { composeAreas, parseScenario, runScenario } from '@nsproxy/scenario';
 * import { coreArea, createSimBackend } from '@nsproxy/core/scenario';
 * import { pidArea } from '@nsproxy/pid/scenario';
 * import { utsArea } from '@nsproxy/uts/scenario';
 *
 * const areas = [coreArea, pidArea, utsArea]; // pid: init is pid 1 of its own pid namespace
 * const scenario = parseScenario('init: clone a uts => 2\na: sethostname x => ok\n', 'x.nss', composeAreas(areas));
 * (await runScenario(scenario, createSimBackend({ areas }))).status; // 'pass'
 * ```
 */
export type { SimArea, SimSysctl } from './area.ts';
export { defineSimArea } from './area.ts';
export type { SimBackendOptions } from './backend.ts';
export { createSimBackend } from './backend.ts';
export { CORE_OPS, SYSCTL_NAME, coreArea, coreOps, userSysctls } from './core-area.ts';
export type { InitClone, SimOp, SimOpTable, SimWorldSetup } from './world.ts';
export { OK, SimWorld, nsResult } from './world.ts';
