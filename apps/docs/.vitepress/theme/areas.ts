/**
 * The scenario areas of the playground: the CLI's built-in areas
 * (apps/cli/src/areas.ts), in the order the kernel registers their types
 * (kernel/nsproxy.c's namespaces, then cgroup, net, time). The shell's machine
 * takes their namespace types and rule catalogs; the lesson player runs corpus
 * scenarios on the simulated backend built from them, as `nsproxy run` does.
 */
import { cgroupArea } from '@nsproxy/cgroup/scenario';
import { coreArea } from '@nsproxy/core/scenario';
import type { SimArea } from '@nsproxy/core/scenario';
import { ipcArea } from '@nsproxy/ipc/scenario';
import { mntArea } from '@nsproxy/mnt/scenario';
import { netArea } from '@nsproxy/net/scenario';
import { pidArea } from '@nsproxy/pid/scenario';
import { timeArea } from '@nsproxy/time/scenario';
import { userArea } from '@nsproxy/user/scenario';
import { utsArea } from '@nsproxy/uts/scenario';

/** The scenario areas (each namespace type's sim ops, types and rules), as BUILTIN_AREAS of the CLI. */
export const AREAS: readonly SimArea[] = [coreArea, userArea, mntArea, utsArea, ipcArea, pidArea, cgroupArea, netArea, timeArea];
