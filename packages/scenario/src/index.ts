/**
 * @nsproxy/scenario: the `.nss` scenario language of nsproxy (parser, op
 * specs, scenario areas, runner, transcripts and diff) and the contract
 * between the runner and its backends. It depends on no model package: the
 * simulated backend is `@nsproxy/core/scenario`, and each namespace package
 * brings its own scenario area.
 */

export * from './contract.ts';
export * from './ops.ts';
export * from './areas.ts';
export * from './parse.ts';
export * from './transcript.ts';
export * from './diff.ts';
export * from './runner.ts';
export * from './fuzz.ts';
