/**
 * `@nsproxy/pid/scenario`: the pid scenario area. It brings the pid namespace
 * type; the ops of the format's PID section (`getpid`, `getppid`, `pid`,
 * `kill`) are core's (`@nsproxy/core/scenario`), which implements them with
 * or without this type.
 */
import { defineSimArea } from '@nsproxy/core/scenario';
import type { SimArea } from '@nsproxy/core/scenario';
import { pidNamespaceType } from './pid-namespace.ts';
import { pidRules } from './rules.ts';

/** The pid scenario area. */
export const pidArea: SimArea = defineSimArea({
  name: 'pid',
  types: [pidNamespaceType],
  ops: [],
  rules: pidRules,
  sim: {},
});
