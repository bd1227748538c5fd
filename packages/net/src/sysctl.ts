/**
 * The per-namespace net sysctls the model has (net/ipv4/sysctl_net_ipv4.c,
 * net/core/sysctl_net_core.c, net/ipv4/devinet.c): each namespace has its
 * own, starting from the defaults; writing needs CAP_NET_ADMIN over the
 * namespace's owner or to be its root (net_ctl_permissions), else EACCES.
 */
import { CAP_NET_ADMIN, checkAlive, checkString, fail, fromKgidMunged, makeKgid, makeKuid, nsCapable } from '@nsproxy/core';
import type { Kernel, Task, UserNamespace } from '@nsproxy/core';
import { netNsOf } from './namespace.ts';

/** The names, as sysctl(8) writes them. */
export const NET_SYSCTL_NAMES: readonly string[] = ['net.ipv4.ip_forward', 'net.ipv4.ping_group_range', 'net.core.somaxconn'];

/** Reads a net sysctl of the reader's network namespace. */
export function netSysctlRead(kernel: Kernel, reader: Task, name: string): string {
  const s = netNsOf(kernel, reader).sysctl;
  switch (name) {
    case 'net.ipv4.ip_forward':
      return `${s.ipForward}\n`;
    case 'net.ipv4.ping_group_range': {
      // Kernel gids, as the reader's user namespace sees them (65534 when unmapped).
      const ns = reader.cred.userNs;
      return `${fromKgidMunged(ns, s.pingGroupRange[0])}\t${fromKgidMunged(ns, s.pingGroupRange[1])}\n`;
    }
    case 'net.core.somaxconn':
      return `${s.somaxconn}\n`;
    default:
      throw new Error(`no net sysctl ${name}`);
  }
}

/** proc_dointvec: up to `count` ints (C ints: EINVAL beyond), at least one. */
function ints(value: string, count: number, sys: string): number[] {
  const words = value.trim().split(/\s+/).slice(0, count);
  if (words.length === 0 || !words.every((w) => /^-?[0-9]+$/.test(w))) fail('EINVAL', sys, 'expected integers', 'T9.2');
  const out = words.map(Number);
  if (out.some((n) => n > 2147483647 || n < -2147483648)) fail('EINVAL', sys, 'a value does not fit an int', 'T9.2');
  return out;
}

/** Writes a net sysctl of the writer's network namespace (EACCES without the right, EINVAL for a bad value). */
export function netSysctlWrite(kernel: Kernel, writer: Task, name: string, value: string): void {
  const sys = 'write';
  checkAlive(kernel, writer, sys, 'writer');
  checkString(value, sys, 'value');
  const ns = netNsOf(kernel, writer);
  const owner = ns.ownerNs as UserNamespace;
  if (!nsCapable(writer.cred, owner, CAP_NET_ADMIN) && writer.cred.euid !== makeKuid(owner, 0)) {
    fail('EACCES', sys, 'CAP_NET_ADMIN over the owner of the network namespace, or being its root, is needed', 'T9.1');
  }
  const s = ns.sysctl;
  switch (name) {
    case 'net.ipv4.ip_forward':
      // devinet_sysctl_forward: CAP_NET_ADMIN over the owner too (EPERM), for the namespace's root as well.
      if (!nsCapable(writer.cred, owner, CAP_NET_ADMIN)) fail('EPERM', sys, 'ip_forward needs CAP_NET_ADMIN over the owner of the network namespace', 'T9.3');
      s.ipForward = ints(value, 1, sys)[0] ?? 0;
      return;
    case 'net.ipv4.ping_group_range': {
      // ipv4_ping_group_range: the writer's gids, mapped in its user namespace (EINVAL when not); a range
      // whose top is below its bottom is the default, "1 0" of the initial user namespace.
      // One value sets the low end only (proc_dointvec stops there).
      const given = ints(value, 2, sys);
      const low = given[0] ?? 1;
      const high = given.length > 1 ? (given[1] as number) : fromKgidMunged(writer.cred.userNs, s.pingGroupRange[1]);
      const klow = makeKgid(writer.cred.userNs, low);
      const khigh = makeKgid(writer.cred.userNs, high);
      if (klow < 0 || khigh < 0) fail('EINVAL', sys, 'a gid of the range has no mapping in the writer\'s user namespace', 'T9.2');
      s.pingGroupRange = high < low || khigh < klow ? [1, 0] : [klow, khigh];
      return;
    }
    case 'net.core.somaxconn': {
      const v = ints(value, 1, sys)[0] ?? 0;
      if (v < 0) fail('EINVAL', sys, 'somaxconn is at least 0', 'T9.2');
      s.somaxconn = v;
      return;
    }
    default:
      throw new Error(`no net sysctl ${name}`);
  }
}
