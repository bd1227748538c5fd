/**
 * Road socketat (socketat.ts): a socket made in the network namespace of an
 * nsfs file, the caller staying in its own; ENOSYS without the road, EINVAL
 * for a file that is not a network namespace's, EBADF for a closed fd; beside
 * what replaced it (setns into the namespace, socket, setns back).
 */
import { describe, expect, it } from 'vitest';
import { CAP_SYS_ADMIN, CLONE_NEWNET, Kernel, kernelProblems } from '@nsproxy/core';
import { SOCKETAT, SOCKETAT_ROAD, netNamespaceType, netNsOf, newSocket, socketat } from './index.ts';
import type { Socket } from './index.ts';
import { errnoRuleOrOk as errno } from '@nsproxy/testkit';

function boot(roads: string[] = [SOCKETAT]): Kernel {
  return new Kernel({ namespaces: [netNamespaceType], roads });
}


describe('road socketat', () => {
  it('is a road of the net type, known to a kernel with it and off by default', () => {
    expect(netNamespaceType.roads).toContain(SOCKETAT_ROAD);
    expect(new Kernel({ namespaces: [netNamespaceType] }).knownRoads.map((r) => r.name)).toContain('socketat');
    expect(new Kernel({ namespaces: [netNamespaceType] }).onRoad(SOCKETAT)).toBe(false);
  });

  it('makes the socket in the namespace of the file; the caller stays; the socket holds the namespace', () => {
    const k = boot();
    const init = k.initTask;
    const a = k.clone(init, CLONE_NEWNET);
    const other = netNsOf(k, a);
    const nsfd = k.openNs(init, a, 'net');
    const { fd, socket } = socketat(k, init, nsfd, 'tcp');
    expect(socket.ns).toBe(other);
    expect(netNsOf(k, init)).not.toBe(other);
    const file = k.file(init, fd);
    expect(file.kind === 'object' && file.object).toBe(socket);
    k.close(init, nsfd);
    k.exit(a);
    expect(other.count).toBeGreaterThan(0); // held by the socket alone
    k.close(init, fd);
    expect(kernelProblems(k)).toEqual([]);
  });

  it('is ENOSYS without the road, EINVAL for another file, EBADF for a closed fd; a failure keeps nothing', () => {
    const noRoad = boot([]);
    const fd0 = noRoad.openNs(noRoad.initTask, noRoad.initTask, 'net');
    expect(errno(() => socketat(noRoad, noRoad.initTask, fd0, 'udp'))).toBe('ENOSYS R3.1');
    const k = boot();
    const init = k.initTask;
    const pidfd = k.pidfdOpen(init, k.getpid(init));
    const before = JSON.stringify(k.snapshot());
    expect(errno(() => socketat(k, init, pidfd, 'tcp'))).toBe('EINVAL R3.2');
    expect(errno(() => socketat(k, init, 999, 'tcp'))).toBe('EBADF C9.1');
    expect(JSON.stringify(k.snapshot())).toBe(before);
  });

  it('needs no capability, where what replaced it (setns into the namespace) needs CAP_SYS_ADMIN over its owner', () => {
    const k = boot();
    const init = k.initTask;
    const a = k.clone(init, CLONE_NEWNET);
    const nsfd = k.openNs(init, a, 'net');
    const c = k.clone(init, 0);
    const cred = c.cred;
    k.capset(c, { effective: cred.capEffective & ~(1n << BigInt(CAP_SYS_ADMIN)), permitted: cred.capPermitted });
    expect(errno(() => k.setns(c, nsfd, CLONE_NEWNET))).toMatch(/^EPERM /);
    const { socket } = socketat(k, c, nsfd, 'udp');
    expect(socket.ns).toBe(netNsOf(k, a));
  });

  it('gives the socket setns-socket-setns gives, without the two switches', () => {
    const k = boot();
    const init = k.initTask;
    const a = k.clone(init, CLONE_NEWNET);
    const there = k.openNs(init, a, 'net');
    const home = k.openNs(init, init, 'net');
    k.setns(init, there, CLONE_NEWNET);
    const replaced: Socket = newSocket(netNsOf(k, init), 'tcp', 4);
    k.setns(init, home, CLONE_NEWNET);
    const { socket } = socketat(k, init, there, 'tcp');
    expect(socket.ns).toBe(replaced.ns);
    replaced.release(k);
  });
});
