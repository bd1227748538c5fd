/**
 * The namespace types and op tables the simulated backend is built from. Each
 * namespace package brings its type, the ops of its section of the format and
 * what `init` needs at the start; add a line here when a package lands.
 */
import { ipcNamespaceType } from '@nsproxy/ipc';
import { pidNamespaceType } from '@nsproxy/pid';
import { userNamespaceType } from '@nsproxy/user';
import { utsNamespaceType } from '@nsproxy/uts';
import type { NamespaceOperations } from '@nsproxy/core';
import { ipcOps } from './ops-ipc.ts';
import { sysctlOps } from './ops-sysctl.ts';
import { taskOps } from './ops-tasks.ts';
import { userOps } from './ops-user.ts';
import { utsOps, utsSetup } from './ops-uts.ts';
import type { SimOpTable, SimWorldSetup } from './world.ts';

/** One area of the simulated backend. */
export interface SimArea {
  readonly types: readonly NamespaceOperations[];
  readonly ops: SimOpTable;
  readonly setup?: SimWorldSetup;
}

export const simAreas: readonly SimArea[] = [
  { types: [], ops: taskOps },
  { types: [userNamespaceType], ops: userOps },
  { types: [utsNamespaceType], ops: utsOps, setup: utsSetup },
  { types: [ipcNamespaceType], ops: ipcOps },
  // The PID ops (getpid, getppid, pid, kill) are in taskOps: they need no pid namespace type.
  { types: [pidNamespaceType], ops: {} },
  // Last: `sysctl` over the user.* files (core) and, through ipcOps, the ipc ones.
  { types: [], ops: sysctlOps },
];
