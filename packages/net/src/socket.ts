/**
 * TCP and UDP sockets (net/socket.c, net/ipv4/af_inet.c, net/ipv4/tcp*.c,
 * net/ipv4/udp.c): a socket belongs to the namespace it was made in and
 * holds it (sk_net, get_net), whatever its task does later; ports are per
 * namespace and protocol; a socket is an open file, shared by every task
 * holding its descriptor and closed with the last one. Traffic goes over
 * loopback inside a namespace, and over a veth pair to the namespace of
 * the peer end (one hop: the model does not forward).
 */
import { CAP_NET_ADMIN, CAP_NET_BIND_SERVICE, KernelError, badValue, fail, nsCapable } from '@nsproxy/core';
import type { Cred, FileObject, Kernel, UserNamespace } from '@nsproxy/core';
import type { LinkAddress } from './link.ts';
import type { NetNamespace } from './namespace.ts';
import { bindable, checkOutputDevice, isLocal, parseAddress, routeFor, sourceFor } from './route.ts';

/** The sockets bound to each port of one protocol in a namespace. */
export type PortTable = Map<number, Socket[]>;

/** A socket's protocol: TCP (SOCK_STREAM, IPPROTO_TCP) or UDP (SOCK_DGRAM, IPPROTO_UDP). */
export type Proto = 'tcp' | 'udp';

/** The unprivileged port range's start (net.ipv4.ip_unprivileged_port_start's default). */
const UNPRIVILEGED_PORT_START = 1024;
/** net.ipv4.ip_local_port_range's default. */
const EPHEMERAL: readonly [number, number] = [32768, 60999];

/** struct sock, as far as the model goes. */
export class Socket implements FileObject {
  readonly what = 'socket';
  readonly ns: NetNamespace;
  readonly proto: Proto;
  readonly family: 4 | 6;
  local: { addr: LinkAddress | null; port: number } | null = null;
  state: 'new' | 'listening' | 'connected' | 'closed' = 'new';
  /** The other end of an established TCP connection, or a UDP socket's connected destination. */
  peer: Socket | null = null;
  udpDest: { addr: LinkAddress; port: number } | null = null;
  /** Connections waiting for accept. */
  readonly backlog: Socket[] = [];
  /** What arrived and was not received yet (a null: the peer closed). */
  readonly inbox: (string | null)[] = [];
  /** A pending error (sk_err): ECONNREFUSED after a datagram met no socket (ICMP port unreachable), ECONNRESET after a reset. */
  pendingError: 'ECONNREFUSED' | 'ECONNRESET' | null = null;
  /** A send went out after the peer had closed: the peer's reset makes the next one EPIPE. */
  resetPending = false;
  /** Whether it holds its namespace: from socket(2), or from accept(2) for a connection that waited in a backlog. */
  #held = false;
  #released = false;

  constructor(ns: NetNamespace, proto: Proto, family: 4 | 6) {
    this.ns = ns;
    this.proto = proto;
    this.family = family;
  }

  /** get_net: the socket holds its namespace (T4.3) once it is a file. */
  hold(): this {
    if (!this.#held) {
      this.#held = true;
      this.ns.count++;
    }
    return this;
  }

  holds(): readonly NetNamespace[] {
    return this.#held && !this.#released ? [this.ns] : [];
  }

  /** __fput -> sock_close: unbound, the peer sees the end, the namespace reference dropped. */
  release(kernel: Kernel): void {
    if (this.#released) return;
    this.#released = true;
    unbind(this);
    if (this.peer && this.proto === 'tcp') this.peer.inbox.push(null);
    // A listener closed with connections waiting resets them: their clients' next call sees ECONNRESET.
    for (const s of this.backlog) {
      if (s.peer) {
        s.peer.pendingError = 'ECONNRESET';
        s.peer.inbox.push(null);
      }
      s.peer = null;
      s.release(kernel);
    }
    this.backlog.length = 0;
    this.state = 'closed';
    if (this.#held) kernel.putNs(this.ns);
  }
}

function table(s: Socket): PortTable {
  return s.ns.ports[s.proto];
}

function unbind(s: Socket): void {
  if (!s.local) return;
  const list = table(s).get(s.local.port);
  if (!list) return;
  const i = list.indexOf(s);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) table(s).delete(s.local.port);
}

/** Whether two bindings of one port collide: a wildcard covers every address (an IPv6 wildcard IPv4's too). */
function collide(a: Socket, addr: LinkAddress | null, family: 4 | 6): boolean {
  const other = a.local?.addr ?? null;
  if (addr === null || other === null) {
    if (addr === null && other === null) return true;
    const wild = addr === null ? family : a.family;
    const specific = addr ?? other;
    return wild === 6 || specific?.family === 4;
  }
  return addr.family === other.family && addr.value === other.value;
}

/** The wildcard of a family (INADDR_ANY, in6addr_any) is no address here: null. */
function bindAddress(ns: NetNamespace, text: string | undefined, sys: string): LinkAddress | null {
  if (text === undefined) return null;
  const a = parseAddress(text, sys);
  if (a.value === 0n) return null;
  if (!bindable(ns, a)) fail('EADDRNOTAVAIL', sys, `${a.addr} is no address of this namespace`, 'T8.2');
  return a;
}

/** socket(2): a socket in the caller's current network namespace (T4.1). */
export function newSocket(ns: NetNamespace, proto: Proto, family: 4 | 6): Socket {
  return new Socket(ns, proto, family).hold();
}

/** The family an address text names (an IPv4 dotted quad or IPv6). */
export function familyOf(text: string | undefined): 4 | 6 {
  return text !== undefined && text.includes(':') ? 6 : 4;
}

/**
 * bind(2) (inet_bind, inet6_bind): a local address or the wildcard
 * (EADDRNOTAVAIL), a port below 1024 with CAP_NET_BIND_SERVICE over the
 * namespace's owner (EACCES), then the port, free in this namespace for
 * these addresses (EADDRINUSE); port 0 picks an ephemeral one.
 */
export function bindSocket(cred: Cred, s: Socket, port: number, addrText?: string): void {
  const sys = 'bind';
  if (!Number.isInteger(port) || port < 0 || port > 65535) badValue(sys, 'port', 'an integer from 0 to 65535', port);
  const addr = bindAddress(s.ns, addrText, sys);
  if (addr && addr.family !== s.family) fail('EAFNOSUPPORT', sys, 'an address of another family than the socket\'s', 'T8.9');
  if (s.local) fail('EINVAL', sys, 'the socket is bound already', 'T8.6');
  if (port !== 0 && port < UNPRIVILEGED_PORT_START && !nsCapable(cred, s.ns.ownerNs as UserNamespace, CAP_NET_BIND_SERVICE)) {
    fail('EACCES', sys, 'ports below 1024 need CAP_NET_BIND_SERVICE over the owner of the network namespace', 'T8.3');
  }
  const t = table(s);
  let p = port;
  if (p === 0) {
    p = EPHEMERAL[0];
    while (t.get(p)?.some((o) => collide(o, addr, s.family))) p++;
  } else if (t.get(p)?.some((o) => collide(o, addr, s.family))) {
    fail('EADDRINUSE', sys, `port ${port} is bound in this namespace`, 'T8.4');
  }
  s.local = { addr, port: p };
  const list = t.get(p);
  if (list) list.push(s);
  else t.set(p, [s]);
}

/** listen(2): TCP only (EOPNOTSUPP); an unbound socket gets an ephemeral port. */
export function listenSocket(cred: Cred, s: Socket): void {
  if (s.proto !== 'tcp') fail('EOPNOTSUPP', 'listen', 'UDP sockets do not listen', 'T8.7');
  if (s.state === 'connected' || s.state === 'closed') fail('EINVAL', 'listen', 'a connected socket does not listen', 'T8.15');
  if (!s.local) bindSocket(cred, s, 0);
  s.state = 'listening';
}

/** The socket bound in `ns` that takes a packet for addr:port, a listener for TCP. */
function receiver(ns: NetNamespace, proto: Proto, addr: LinkAddress, port: number): Socket | undefined {
  const list = ns.ports[proto].get(port) ?? [];
  const fits = (o: Socket): boolean => (o.local?.addr ? o.local.addr.value === addr.value && o.local.addr.family === addr.family : o.family === 6 || addr.family === 4);
  return list.find((o) => fits(o) && (proto === 'udp' || o.state === 'listening'));
}

/**
 * Where a packet from `s` to `dst` arrives: its own namespace for a local
 * address; through a veth, the peer's namespace when the address is local
 * there and the peer can route its answer back; ENETUNREACH without a
 * route; ETIMEDOUT when nothing answers (a peer that is down, an address
 * nobody has).
 */
function destination(s: Socket, dst: LinkAddress, sys: string): { ns: NetNamespace; from: LinkAddress } {
  if (isLocal(s.ns, dst)) {
    // ip_route_connect: lo, which local traffic leaves by, needs its in_device (T7.24).
    checkOutputDevice(s.ns, dst, sys);
    // Local traffic goes through lo: with lo down, nothing comes back.
    if (!s.ns.byIndex.get(1)?.up) return fail('ETIMEDOUT', sys, 'lo is down', 'T8.8');
    return { ns: s.ns, from: dst };
  }
  const route = routeFor(s.ns, dst);
  if (!route) return fail('ENETUNREACH', sys, `no route to ${dst.addr}`, 'T8.5');
  checkOutputDevice(s.ns, dst, sys);
  const from = sourceFor(route.dev, dst);
  const peer = route.dev.peer;
  if (!from || route.dev.kind !== 'veth' || !peer || peer.dead || !route.dev.lowerUp || !isLocal(peer.ns, dst) || !routeFor(peer.ns, from)) {
    return fail('ETIMEDOUT', sys, `nothing answers ${dst.addr}`, 'T8.8');
  }
  return { ns: peer.ns, from };
}

/**
 * connect(2): TCP to a listener (its backlog gets the new connection),
 * ECONNREFUSED when nothing listens there; UDP records the destination.
 */
export function connectSocket(cred: Cred, s: Socket, addrText: string, port: number): void {
  const sys = 'connect';
  if (s.state !== 'new') fail('EISCONN', sys, 'the socket is connected or listening', 'T8.19');
  const dst = parseAddress(addrText, sys);
  if (dst.family !== s.family) fail('EAFNOSUPPORT', sys, 'another address family than the socket\'s', 'T8.9');
  if (s.proto === 'udp') {
    // A UDP connect sends nothing: a route is all it needs.
    if (!isLocal(s.ns, dst) && !routeFor(s.ns, dst)) fail('ENETUNREACH', sys, `no route to ${dst.addr}`, 'T8.5');
    checkOutputDevice(s.ns, dst, sys);
    s.udpDest = { addr: dst, port };
    if (!s.local) bindSocket(cred, s, 0);
    return;
  }
  const where = destination(s, dst, sys);
  const listener = receiver(where.ns, 'tcp', dst, port);
  if (!listener) fail('ECONNREFUSED', sys, `nothing listens on ${dst.addr} port ${port}`, 'T8.10');
  if (!s.local) bindSocket(cred, s, 0);
  const server = new Socket(listener.ns, 'tcp', listener.family);
  server.state = 'connected';
  server.local = { addr: dst, port };
  // The connection holds its port (inet_csk_clone: the listener's bind bucket), as long as it lives.
  table(server).get(port)?.push(server);
  server.peer = s;
  s.peer = server;
  s.state = 'connected';
  listener.backlog.push(server);
}

/** accept(2), without blocking: the oldest pending connection (EAGAIN: none; EINVAL: not listening). */
export function acceptSocket(s: Socket): Socket {
  if (s.proto !== 'tcp') return fail('EOPNOTSUPP', 'accept', 'UDP sockets do not accept', 'T8.7');
  if (s.state !== 'listening') return fail('EINVAL', 'accept', 'the socket does not listen', 'T8.15');
  return (s.backlog.shift() ?? fail('EAGAIN', 'accept', 'no connection is waiting', 'T8.11')).hold();
}

/**
 * send(2), without blocking. TCP: to the connected peer (EPIPE when never connected); after
 * the peer closed, one send still goes out and the reset it meets makes the
 * next EPIPE. UDP: to the connected destination (EDESTADDRREQ), by a route
 * looked up again (udp_sendmsg: the connected route went with the address
 * or link it used), ENETUNREACH without one (T8.5); a datagram
 * no socket takes comes back as ICMP port unreachable, and the socket's next
 * call fails with ECONNREFUSED.
 */
export function sendSocket(s: Socket, text: string): void {
  const sys = 'send';
  takeError(s, sys);
  if (s.proto === 'tcp') {
    // sk_stream_wait_connect on a socket that never connected: EPIPE (and SIGPIPE, which MSG_NOSIGNAL keeps away).
    if (s.state !== 'connected' || !s.peer) fail('EPIPE', sys, 'not connected', 'T8.13');
    if (s.resetPending) fail('EPIPE', sys, 'the peer reset the connection', 'T8.13');
    if (s.peer.state === 'closed') {
      s.resetPending = true;
      return;
    }
    s.peer.inbox.push(text);
    return;
  }
  const dest = s.udpDest ?? fail('EDESTADDRREQ', sys, 'no destination', 'T8.14');
  let where: { ns: NetNamespace } | undefined;
  try {
    where = destination(s, dest.addr, sys);
  } catch (e) {
    // ip_route_output_flow finds no route, or one whose device has no in_device: the call's error; a datagram nobody answers is lost.
    if (e instanceof KernelError && (e.code === 'ENETUNREACH' || e.code === 'EINVAL')) throw e;
    return;
  }
  const to = receiver(where.ns, 'udp', dest.addr, dest.port);
  if (to) to.inbox.push(text);
  else s.pendingError = 'ECONNREFUSED';
}

/** sock_error: a pending error fails the call that finds it, once. */
function takeError(s: Socket, sys: string): void {
  const e = s.pendingError;
  if (!e) return;
  s.pendingError = null;
  if (e === 'ECONNRESET') fail('ECONNRESET', sys, 'the connection was reset', 'T8.20');
  fail('ECONNREFUSED', sys, 'the last datagram met no socket (ICMP port unreachable)', 'T8.18');
}

/**
 * recv(2), without blocking: TCP gives all that arrived, as one stream (''
 * once the peer closed); UDP one datagram; EAGAIN when nothing is there.
 */
export function recvSocket(s: Socket): string {
  takeError(s, 'recv');
  if (s.inbox.length === 0) {
    if (s.proto === 'tcp' && s.state !== 'connected') return fail('ENOTCONN', 'recv', 'not connected', 'T8.12');
    return fail('EAGAIN', 'recv', 'nothing to receive', 'T8.11');
  }
  if (s.proto === 'udp') return s.inbox.shift() ?? '';
  let out = '';
  while (s.inbox.length && s.inbox[0] !== null) out += s.inbox.shift() ?? '';
  return out;
}

/** SIOCGSKNS: the socket's namespace, with CAP_NET_ADMIN over its owner (EPERM, T4.2). */
export function socketNs(cred: Cred, s: Socket): NetNamespace {
  if (!nsCapable(cred, s.ns.ownerNs as UserNamespace, CAP_NET_ADMIN)) fail('EPERM', 'ioctl', 'SIOCGSKNS needs CAP_NET_ADMIN over the owner of the socket\'s namespace', 'T4.2');
  return s.ns;
}
