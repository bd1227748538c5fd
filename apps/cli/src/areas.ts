/**
 * The scenario areas the command is built with: one line per package. A new
 * namespace package adds its area here (and nowhere else in the command); a
 * third party's area comes from a config file (`config.ts`).
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

/** The built-in areas, in the order the simulated kernel registers their types. */
export const BUILTIN_AREAS: readonly SimArea[] = [coreArea, userArea, mntArea, utsArea, ipcArea, pidArea, cgroupArea, netArea, timeArea];
