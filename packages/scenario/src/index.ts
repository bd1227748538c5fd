/**
 * @nsproxy/scenario: the `.nss` scenario language of nsproxy (parser, op table,
 * runner, transcripts and diff), and the simulated backend.
 */

export type * from './backend.ts';
export * from './ops.ts';
export * from './args.ts';
export * from './parse.ts';
export * from './transcript.ts';
export * from './diff.ts';
export * from './runner.ts';

// The simulated backend.
export * from './sim.ts';
export type { SimArea } from './sim/areas.ts';
export type { SimOp, SimOpTable, SimWorldSetup } from './sim/world.ts';
export { SimWorld } from './sim/world.ts';
