/**
 * @nsproxy/core: the simulated Linux namespace core.
 */
export * from './args.ts';
export * from './constants.ts';
export * from './cred.ts';
export * from './define.ts';
export * from './errors.ts';
export * from './flags.ts';
export * from './kernel.ts';
export * from './ns-common.ts';
export { Nsproxy } from './nsproxy.ts';
export { killThreadGroup, releaseTask, threadGroupExited } from './exit.ts';
export { deliverSignal } from './signal.ts';
export * from './nsset.ts';
export type * from './ops.ts';
export * from './pid.ts';
export * from './roads.ts';
export { NSPROXY_IDS, bindNs, boundNsproxies, nsproxyId, setInitNsproxy, unshareNs } from './nsproxy-ids.ts';
export { SETNS_NSTYPE_FD, setnsNstypeFd } from './setns-nstype-fd.ts';
export * from './task.ts';
export * from './ucount.ts';
export * from './user-namespace.ts';
export * from './user-sysctl.ts';
export * from './proc-sysctl.ts';
export * from './utf8.ts';
export { SmallMap } from './small-map.ts';
export * from './permission.ts';
export { ptraceMayAccess } from './ptrace.ts';
export type { PtraceMode } from './ptrace.ts';
export * from './snapshot.ts';
export * from './check.ts';
export * from './rules.ts';
export * from './core-rules.ts';
