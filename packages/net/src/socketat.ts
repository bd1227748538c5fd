/**
 * Road `socketat` (roads not taken, @nsproxy/core's roads.ts): the system call
 * Eric W. Biederman proposed with the namespace file descriptors in 2010,
 * `socketat(nsfd, family, type, protocol)`: a socket made in the network
 * namespace an nsfs file names, without the caller entering it. Linux did not
 * merge it; what replaced it is setns(2) into the namespace, socket(2), and
 * setns(2) back (a socket belongs to the namespace it was made in, T4.1,
 * whatever its task does later). On a kernel without the road the call is
 * ENOSYS, as on Linux.
 *
 * Modelled as proposed, with what the archives searched here could not
 * confirm said so: the namespace is looked up as get_net_ns_by_fd does (an fd
 * that is not open: EBADF; an open file that is not a network namespace's
 * nsfs file: EINVAL), and the caller needs no capability: holding the fd is
 * the permission, as it is for setns's own open. The socket then is a socket
 * of that namespace in every way (its ports, its routes, it holds it).
 */
import { checkAlive, fail } from '@nsproxy/core';
import type { Kernel, Task } from '@nsproxy/core';
import { SOCKETAT } from './roads.ts';
import { NetNamespace } from './namespace.ts';
import { newSocket } from './socket.ts';
import type { Proto, Socket } from './socket.ts';

/**
 * sys_socketat (proposed): a socket of `proto` and `family` in the network
 * namespace of the nsfs file `nsfd`, installed as a new fd of `task`, which
 * stays in its own namespace. Returns the fd. All checks first: a failure
 * changes nothing.
 */
export function socketat(kernel: Kernel, task: Task, nsfd: number, proto: Proto, family: 4 | 6 = 4): { fd: number; socket: Socket } {
  const sys = 'socketat';
  checkAlive(kernel, task, sys);
  if (!kernel.onRoad(SOCKETAT)) fail('ENOSYS', sys, `no socketat on Linux as merged (road ${SOCKETAT} is not open)`, 'R3.1');
  // get_net_ns_by_fd: the fd's file, and only a network namespace's nsfs file.
  const file = kernel.file(task, nsfd, sys);
  if (file.kind !== 'ns' || !(file.ns instanceof NetNamespace)) fail('EINVAL', sys, 'the fd is not a network namespace file', 'R3.2');
  // ---- commit: sock_create in that namespace (it holds it), then the fd.
  const socket = newSocket(file.ns, proto, family);
  try {
    return { fd: kernel.installFile(task, socket), socket };
  } catch (e) {
    socket.release(kernel);
    throw e;
  }
}
