/**
 * iputils' ping over the model's routes: ICMP echo to an address of the
 * caller's namespace (through lo), or out of a veth to its peer's
 * namespace, which must have the address and a route back.
 */
import { RTN, getRoute, netNsOf, parseAddress } from '@nsproxy/net';
import type { LinkAddress, NetDevice, NetNamespace } from '@nsproxy/net';
import type { CommandDef } from '../command.ts';

/** iputils ping: ICMP echo over the routes and veth pairs of the model. */
export const pingCommand: CommandDef = {
  name: 'ping',
  summary: 'Send ICMP ECHO_REQUEST to a host: over the routes of the caller\'s network namespace, a veth pair to its peer\'s namespace, and back.',
  usage: ['ping [-c count] [-W timeout] destination'],
  options: [
    { short: 'c', arg: 'required', argName: '<count>', help: 'stop after <count> replies' },
    { short: 'W', arg: 'required', argName: '<timeout>', help: 'time to wait for response' },
    { short: 'q', help: 'quiet output' },
  ],
  models: 'iputils 20221126 ping(8)',
  async run(ctx) {
    const argv = ctx.argv.slice(1);
    let count = Infinity;
    let quiet = false;
    let dest: string | undefined;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i] ?? '';
      if (a === '-c') count = Number(argv[++i]);
      else if (a.startsWith('-c')) count = Number(a.slice(2));
      else if (a === '-W' || a === '-w' || a === '-i') i++;
      else if (a === '-q') quiet = true;
      else if (!a.startsWith('-')) dest = a;
    }
    if (dest === undefined) {
      ctx.stderr.write('ping: usage error: Destination address required\n');
      return 1;
    }
    let addr: LinkAddress;
    try {
      addr = parseAddress(dest, 'ping');
    } catch {
      ctx.stderr.write(`ping: ${dest}: Name or service not known\n`);
      return 2;
    }
    const k = ctx.machine.kernel;
    const ns = netNsOf(k, ctx.task);
    const route = routeTo(ns, addr);
    if (!route) {
      ctx.stderr.write('ping: connect: Network is unreachable\n');
      return 2;
    }
    const reached = deliver(route, addr);
    if (count === Infinity) count = 4;
    ctx.stdout.write(`PING ${dest} (${dest}) 56(84) bytes of data.\n`);
    let received = 0;
    for (let seq = 1; seq <= count; seq++) {
      if (reached) {
        received++;
        if (!quiet) ctx.stdout.write(`64 bytes from ${dest}: icmp_seq=${seq} ttl=64 time=0.050 ms\n`);
      }
      if (seq < count) {
        const wake = ctx.machine.sleep(ctx.task, 1000);
        if (ctx.shell.foreground) await ctx.machine.advance(ctx.machine.now + 1000);
        await wake;
      }
    }
    const loss = Math.round(((count - received) / count) * 100);
    ctx.stdout.write(`\n--- ${dest} ping statistics ---\n${count} packets transmitted, ${received} received, ${loss}% packet loss, time ${(count - 1) * 1000}ms\n`);
    if (received > 0) ctx.stdout.write('rtt min/avg/max/mdev = 0.050/0.050/0.050/0.000 ms\n');
    return received > 0 ? 0 : 1;
  },
};

/** The route a packet to `addr` takes (fib_lookup): local, or out of a link; undefined when none. */
function routeTo(ns: NetNamespace, addr: LinkAddress): { dev: NetDevice; local: boolean } | undefined {
  try {
    const a = getRoute(ns, addr);
    if (a.route.type === RTN.LOCAL) {
      const lo = ns.byIndex.get(1);
      return lo?.up ? { dev: lo, local: true } : undefined;
    }
    return a.route.type === RTN.UNICAST && a.dev ? { dev: a.dev, local: false } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an echo request reaches `addr` and its reply comes back: through the link's carrier to the peer's namespace, which must own the address and route back. */
function deliver(route: { dev: NetDevice; local: boolean }, addr: LinkAddress): boolean {
  if (route.local) return true;
  const dev = route.dev;
  if (!dev.lowerUp || !dev.peer) return false;
  const there = dev.peer.ns;
  // The address must be local there (lo need not be up to take a packet in).
  let owns: boolean;
  try {
    owns = getRoute(there, addr).route.type === RTN.LOCAL;
  } catch {
    owns = false;
  }
  if (!owns) return false;
  const source = dev.addrs.find((a) => a.family === addr.family);
  if (!source) return false;
  const reply = routeTo(there, source);
  return reply !== undefined && reply.dev === dev.peer;
}
