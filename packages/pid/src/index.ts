/**
 * @nsproxy/pid: pid namespaces for the nsproxy model. Mirrors
 * kernel/pid_namespace.c (creation, setns, NS_GET_PARENT, the /proc/PID/ns
 * links); the pid allocation, init, reaping and signal rules the kernel builds
 * even without CONFIG_PID_NS come from @nsproxy/core.
 *
 * @example
 * ```ts
 * import { CLONE_NEWPID, Kernel } from '@nsproxy/core';
 * import { pidNamespaceType } from '@nsproxy/pid';
 * const k = new Kernel({ namespaces: [pidNamespaceType] });
 * const child = k.clone(k.initTask, CLONE_NEWPID);
 * k.getpid(child);               // 1
 * k.pidOf(child, k.initTask);    // 2
 * ```
 */
export { activePidNs, pidNamespaceType, pidnsIsAncestor } from './pid-namespace.ts';
export type { SavedPidNamespace } from './pid-namespace.ts';
export { pidRules } from './rules.ts';
export { findTaskByPidNs, nspid, nspidLine, nstgid, pidNrNs, pidNsPath, tasksInPidNs, tgidNrNs } from './translate.ts';
export { PID_UNSHARE_SELF, pidUnshareSelfRoad, sessionOf, setsid } from './unshare-self.ts';
