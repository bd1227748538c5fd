/**
 * The namespace types of the playground's machine (its rule catalogs are in
 * machine-rules.ts, loaded later): those
 * of the CLI's built-in scenario areas (./areas.ts), in the same order (the
 * order the kernel registers its types), taken from the packages' main
 * entries so that the machine's first load does without the areas' scenario
 * ops, which only the lesson player needs. A test checks both lists against
 * the areas'.
 */
import { cgroupNamespaceType } from '@nsproxy/cgroup';
import type { NamespaceOperations } from '@nsproxy/core';
import { ipcNamespaceType } from '@nsproxy/ipc';
import { mntNamespaceType } from '@nsproxy/mnt';
import { netNamespaceType } from '@nsproxy/net';
import { pidNamespaceType } from '@nsproxy/pid';
import { timeNamespaceType } from '@nsproxy/time';
import { userNamespaceType } from '@nsproxy/user';
import { utsNamespaceType } from '@nsproxy/uts';

/** The namespace types the machine's kernel registers (struct proc_ns_operations of each type). */
export const MACHINE_TYPES: readonly NamespaceOperations[] = [userNamespaceType, mntNamespaceType, utsNamespaceType, ipcNamespaceType, pidNamespaceType, cgroupNamespaceType, netNamespaceType, timeNamespaceType] as readonly NamespaceOperations[];

