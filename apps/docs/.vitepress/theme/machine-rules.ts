/**
 * The rule catalogs a failing call on the playground's machine is explained
 * from (`why:` under an error line): core's, then each type's, in the order of
 * machine-types.ts. Loaded after the first prompt (about 30 KB gzipped): until
 * then an error names its rule by id only. A test checks the list against the
 * CLI's areas.
 */
import { cgroupRules } from '@nsproxy/cgroup';
import { coreRules } from '@nsproxy/core';
import type { Rule } from '@nsproxy/core';
import { ipcRules } from '@nsproxy/ipc';
import { mntRules } from '@nsproxy/mnt';
import { netRules } from '@nsproxy/net';
import { pidRules } from '@nsproxy/pid';
import { timeRules } from '@nsproxy/time';
import { userRules } from '@nsproxy/user';
import { utsRules } from '@nsproxy/uts';

/** The rule catalogs of the machine: core's, then each type's. */
export const MACHINE_RULES: readonly (readonly Rule[])[] = [coreRules, userRules, mntRules, utsRules, ipcRules, pidRules, cgroupRules, netRules, timeRules];
