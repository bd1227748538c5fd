/**
 * `@nsproxy/net/scenario`: the net scenario area. The format's Network
 * section on the simulated kernel, with nsproxy's extensions of it
 * (docs/scenario-format.md), and the net sysctls for core's `sysctl` op. The
 * world's `init` is in a fresh network namespace: only lo, down.
 */
import { KernelError, fail } from '@nsproxy/core';
import type { Task } from '@nsproxy/core';
import { OK, defineSimArea, nsResult } from '@nsproxy/core/scenario';
import type { SimArea, SimSysctl, SimWorld } from '@nsproxy/core/scenario';
import type { StepResult } from '@nsproxy/scenario/contract';
import { NET_OPS } from './ops.ts';
import { addAddress, delAddress } from './addr.ts';
import { RTN, RT_TABLE } from './fib.ts';
import { OPER_STATES, checkNetAdmin, createVeth, delLink, deviceByName, moveLink, setLinkMtu, setLinkUp } from './link.ts';
import type { NetNamespace} from './namespace.ts';
import { netNamespaceType, netNsOf } from './namespace.ts';
import { netnsIdList, peernet2id, setNetnsId } from './nsid.ts';
import { addRoute, delRoute, formatAddress, getRoute, parseAddress, routeDump, routeList } from './route.ts';
import { netRules } from './rules.ts';
import { Socket, acceptSocket, bindSocket, connectSocket, familyOf, listenSocket, newSocket, recvSocket, sendSocket, socketNs } from './socket.ts';
import type { Proto } from './socket.ts';
import { NET_SYSCTL_NAMES, netSysctlRead, netSysctlWrite } from './sysctl.ts';
import { SOCKETAT } from './roads.ts';
import { socketat } from './socketat.ts';

export { NET_OPS } from './ops.ts';

const text = (value: string): StepResult => ({ kind: 'text', value });

/** The socket a kept name stands for (EBADF: no such name; ENOTSOCK: an fd that is no socket). */
function socketOf(world: SimWorld, actor: Task, name: string, sys: string): Socket {
  const f = world.kernel.file(actor, world.fd(actor, name), sys);
  if (f.kind !== 'object' || !(f.object instanceof Socket)) {
    // An ioctl the file does not know is ENOTTY (the nsfs file's ioctl handler answers it); a socket call ENOTSOCK.
    if (sys === 'ioctl') throw new KernelError('ENOTTY', sys, `${name} is not a socket`, 'T8.17');
    throw new KernelError('ENOTSOCK', sys, `${name} is not a socket`, 'T8.16');
  }
  return f.object;
}

/** Keeps a new socket under `name` (a step that fails keeps nothing: the caller releases it). */
function keep(world: SimWorld, actor: Task, name: string, s: Socket): StepResult {
  const fds = world.fdsOf(actor);
  const old = fds.get(name);
  fds.set(name, world.kernel.installFile(actor, s));
  // A name kept again stands for the new file: the old one is closed.
  if (old !== undefined) world.kernel.close(actor, old);
  return OK;
}

/** Runs `fn` on a socket that is released when `fn` fails. */
function withNew(world: SimWorld, s: Socket, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    s.release(world.kernel);
    throw e;
  }
}

/** The network namespace of the task `name` as a link move names it: its ns file opened first (ENOENT, EACCES). */
function targetNet(world: SimWorld, actor: Task, name: string): NetNamespace {
  const k = world.kernel;
  const target = world.task(name);
  if (!target) throw new KernelError('ENOENT', 'open', `no task ${name}`, 'N2.7');
  const fd = k.openNs(actor, target, 'net');
  try {
    return k.nsOfFd(actor, fd, 'open') as NetNamespace;
  } finally {
    k.close(actor, fd);
  }
}

/** A route's destination as the ops write it: `default` (of the family given) or a prefix. */
function destination(dest: string, family: 4 | 6): ReturnType<typeof parseAddress> {
  if (dest === 'default') return { family, addr: family === 4 ? '0.0.0.0' : '::', prefix: 0, value: 0n };
  return parseAddress(dest, 'rtnetlink');
}

/** The net sysctls, for core's `sysctl` op. */
export const netSysctls: SimSysctl = {
  names: NET_SYSCTL_NAMES,
  read: (world, actor, name) => netSysctlRead(world.kernel, actor, name),
  write: (world, actor, name, value) => netSysctlWrite(world.kernel, actor, name, value),
};

/** The net scenario area. */
export const netArea: SimArea = defineSimArea({
  name: 'net',
  types: [netNamespaceType],
  ops: NET_OPS,
  sysctls: [netSysctls],
  rules: netRules,
  sim: {
    links(world, actor) {
      return { kind: 'list', items: [...netNsOf(world.kernel, actor).byName.keys()] };
    },
    veth(world, actor, [name = '', peer = '']) {
      createVeth(actor.cred, netNsOf(world.kernel, actor), name, peer);
      return OK;
    },
    'link-netns'(world, actor, [dev = '', task = '']) {
      const to = targetNet(world, actor, task);
      moveLink(actor.cred, netNsOf(world.kernel, actor), dev, to);
      return OK;
    },
    'link-netns-pid'(world, actor, [dev = '', task = '']) {
      const k = world.kernel;
      // rtnetlink's permission over the actor's namespace comes before the pid's lookup.
      checkNetAdmin(actor.cred, netNsOf(k, actor), 'rtnetlink');
      const target = world.task(task);
      // get_net_ns_by_pid: the pid as the actor sees it; none (0) is ESRCH.
      if (!target || k.pidOf(target, actor) === 0) throw new KernelError('ESRCH', 'rtnetlink', `no process ${task} in the actor's pid namespace`, 'T2.1');
      moveLink(actor.cred, netNsOf(k, actor), dev, netNsOf(k, target));
      return OK;
    },
    'link-up'(world, actor, [dev = '']) {
      setLinkUp(actor.cred, netNsOf(world.kernel, actor), dev, true);
      return OK;
    },
    'link-down'(world, actor, [dev = '']) {
      setLinkUp(actor.cred, netNsOf(world.kernel, actor), dev, false);
      return OK;
    },
    'link-state'(world, actor, [dev = '']) {
      return text(deviceByName(netNsOf(world.kernel, actor), dev, 'rtnetlink').up ? 'UP' : 'DOWN');
    },
    'link-carrier'(world, actor, [dev = '']) {
      return text(deviceByName(netNsOf(world.kernel, actor), dev, 'rtnetlink').lowerUp ? 'yes' : 'no');
    },
    ifindex(world, actor, [dev = '']) {
      return { kind: 'int', value: deviceByName(netNsOf(world.kernel, actor), dev, 'rtnetlink').ifindex };
    },
    'link-del'(world, actor, [dev = '']) {
      delLink(actor.cred, netNsOf(world.kernel, actor), dev);
      return OK;
    },
    'addr-add'(world, actor, [dev = '', addr = '']) {
      addAddress(actor.cred, netNsOf(world.kernel, actor), dev, addr);
      return OK;
    },
    addrs(world, actor, [dev = '']) {
      const d = deviceByName(netNsOf(world.kernel, actor), dev, 'rtnetlink');
      // Link-local IPv6 addresses are left out (the kernel derives them from random MACs on the real one).
      const linkLocal = (a: { family: number; value: bigint }): boolean => a.family === 6 && a.value >> 118n === 0x3fan;
      return { kind: 'list', items: d.addrs.filter((a) => !linkLocal(a)).map((a) => `${a.addr}/${a.prefix}`) };
    },
    'route-add'(world, actor, [dest = '', gw = '']) {
      const gateway = parseAddress(gw, 'rtnetlink');
      const dst = destination(dest, gateway.family);
      if (dst.family !== gateway.family) fail('EINVAL', 'rtnetlink', 'a gateway of another family than the destination', 'T7.5');
      addRoute(actor.cred, netNsOf(world.kernel, actor), { family: gateway.family, dst, gateway });
      return OK;
    },
    'link-mtu'(world, actor, [dev = '', mtu = '']) {
      setLinkMtu(actor.cred, netNsOf(world.kernel, actor), dev, Number(mtu));
      return OK;
    },
    'route-add-dev'(world, actor, [dest = '', dev = '']) {
      const ns = netNsOf(world.kernel, actor);
      const dst = destination(dest, 4);
      // `ip route add DEST dev DEV`: scope link; the device looked up by name first (its index, 0 when there is none: ENODEV).
      addRoute(actor.cred, ns, { family: dst.family, dst, scope: dst.family === 4 ? 253 : 0, dev: ns.byName.get(dev) ?? null });
      return OK;
    },
    'route-change'(world, actor, [dest = '', dev = '']) {
      const ns = netNsOf(world.kernel, actor);
      const dst = destination(dest, 4);
      // `ip route change DEST dev DEV`: RTM_NEWROUTE with NLM_F_REPLACE and no NLM_F_CREATE (fib_table_insert, fib6_add).
      addRoute(actor.cred, ns, { family: dst.family, dst, scope: dst.family === 4 ? 253 : 0, dev: ns.byName.get(dev) ?? null }, { replace: true });
      return OK;
    },
    'route-del'(world, actor, [dest = '']) {
      const dst = destination(dest, 4);
      delRoute(actor.cred, netNsOf(world.kernel, actor), { family: dst.family, dst });
      return OK;
    },
    'route-get'(world, actor, [addr = '']) {
      const a = getRoute(netNsOf(world.kernel, actor), parseAddress(addr, 'rtnetlink'));
      const type = a.route.type === RTN.LOCAL ? 'local' : a.route.type === RTN.BROADCAST ? 'broadcast' : 'unicast';
      return text(`${type} dev ${a.dev?.name ?? '?'}${a.gateway ? ` via ${a.gateway.addr}` : ''}${a.src ? ` src ${a.src.addr}` : ''}`);
    },
    'routes-local'(world, actor) {
      const routes = routeDump(netNsOf(world.kernel, actor), 4, RT_TABLE.LOCAL);
      return { kind: 'list', items: routes.map((r) => `${r.type === RTN.LOCAL ? 'local' : r.type === RTN.BROADCAST ? 'broadcast' : 'unicast'} ${formatAddress(4, r.dst)}${r.plen === 32 ? '' : `/${r.plen}`} dev ${r.dev?.name ?? '?'}`) };
    },
    'addr-del'(world, actor, [dev = '', addr = '']) {
      delAddress(actor.cred, netNsOf(world.kernel, actor), dev, { address: addr, withPrefix: true });
      return OK;
    },
    'link-operstate'(world, actor, [dev = '']) {
      return text(OPER_STATES[deviceByName(netNsOf(world.kernel, actor), dev, 'rtnetlink').reportedOperstate] ?? 'UNKNOWN');
    },
    'nsid-set'(world, actor, [task = '', nsid = '']) {
      setNetnsId(actor.cred, netNsOf(world.kernel, actor), targetNet(world, actor, task), Number(nsid));
      return OK;
    },
    nsid(world, actor, [task = '']) {
      return { kind: 'int', value: peernet2id(netNsOf(world.kernel, actor), targetNet(world, actor, task)) };
    },
    nsids(world, actor) {
      return { kind: 'list', items: netnsIdList(netNsOf(world.kernel, actor)).map((e) => String(e.id)) };
    },
    routes(world, actor) {
      return { kind: 'list', items: routeList(netNsOf(world.kernel, actor)) };
    },
    bind(world, actor, [proto = '', port = '', name = '', addr]) {
      const s = newSocket(netNsOf(world.kernel, actor), proto as Proto, familyOf(addr));
      withNew(world, s, () => bindSocket(actor.cred, s, Number(port), addr));
      return keep(world, actor, name, s);
    },
    'close-sock'(world, actor, [name = '']) {
      const fd = world.fd(actor, name);
      world.kernel.close(actor, fd);
      world.fdsOf(actor).delete(name);
      return OK;
    },
    listen(world, actor, [name = '']) {
      listenSocket(actor.cred, socketOf(world, actor, name, 'listen'));
      return OK;
    },
    connect(world, actor, [proto = '', addr = '', port = '', name = '']) {
      const s = newSocket(netNsOf(world.kernel, actor), proto as Proto, familyOf(addr));
      withNew(world, s, () => connectSocket(actor.cred, s, addr, Number(port)));
      return keep(world, actor, name, s);
    },
    accept(world, actor, [name = '', newName = '']) {
      return keep(world, actor, newName, acceptSocket(socketOf(world, actor, name, 'accept')));
    },
    send(world, actor, [name = '', data = '']) {
      sendSocket(socketOf(world, actor, name, 'send'), data);
      return OK;
    },
    recv(world, actor, [name = '']) {
      return text(recvSocket(socketOf(world, actor, name, 'recv')));
    },
    socketat(world, actor, [fdName = '', proto = '', name = '']) {
      const k = world.kernel;
      // The road comes first: without it the call does not exist (ENOSYS), whatever its fd.
      const nsfd = k.onRoad(SOCKETAT) ? world.fd(actor, fdName) : -1;
      const { fd } = socketat(k, actor, nsfd, proto as Proto);
      const fds = world.fdsOf(actor);
      const old = fds.get(name);
      fds.set(name, fd);
      // A name kept again stands for the new file: the old one is closed.
      if (old !== undefined) k.close(actor, old);
      return OK;
    },
    sockns(world, actor, [name = '']) {
      return nsResult(socketNs(actor.cred, socketOf(world, actor, name, 'ioctl')));
    },
  },
});
