/**
 * Core's rule catalog: the kernel rules `@nsproxy/core` implements, in its
 * own subsystems. The prefixes: C, the core objects and system calls
 * (proc_ns_operations, ns_common, nsproxy, create_new_namespaces, setns, and
 * the fd, signal, credential and sysctl calls the model has); F, the flag
 * rules of clone/clone3/unshare and the permission to create a namespace; N,
 * nsfs and /proc/PID/ns (inode numbers, the entries, lifetime, ioctls); L, the
 * ucount limits and /proc/sys/user; K, ids across namespaces (user ids of
 * files and calls, pid numbers of signals and pidfds); R, the roads not taken
 * (core-rules-roads.ts: system calls proposed and not merged). The namespace packages
 * own theirs (U, P, Q and their sections of I).
 *
 * Every error core throws names one of these ids (a static test checks the
 * call sites); corpus scenarios, tests and docs cite them. An id is never reused for
 * another rule. Each entry says where Linux 6.18 decides the rule.
 */
import { callRules } from './core-rules-calls.ts';
import { creationRules } from './core-rules-creation.ts';
import { nsfsRules } from './core-rules-nsfs.ts';
import { roadRules } from './core-rules-roads.ts';
import type { Rule } from './rules.ts';
import { defineRules } from './rules.ts';

/** The kernel rules core implements. */
export const coreRules: readonly Rule[] = defineRules([...callRules, ...creationRules, ...nsfsRules, ...roadRules]);
