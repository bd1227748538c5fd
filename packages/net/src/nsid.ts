/**
 * Network namespace ids (net/core/net_namespace.c): each namespace keeps
 * its own table of ids for other namespaces (net->netns_ids, an idr), so a
 * link's peer namespace, a notification or a request can name one. An id is
 * given on request (RTM_NEWNSID: `ip netns set NAME NSID`), or, the lowest
 * free, the first time the kernel needs one (peernet2id_alloc: a link whose
 * peer is in the other namespace is reported, a link is moved there). Ids
 * are per namespace and not symmetric; they go when the other namespace
 * dies (cleanup_net).
 */
import { fail } from '@nsproxy/core';
import type { Cred } from '@nsproxy/core';
import { withExtack } from './extack.ts';
import { checkNetAdmin } from './link.ts';
import type { NetNamespace } from './namespace.ts';

/** NETNSA_NSID_NOT_ASSIGNED. */
export const NSID_NOT_ASSIGNED = -1;

/** __peernet2id: the id `net` gives `peer`, or NSID_NOT_ASSIGNED. */
export function peernet2id(net: NetNamespace, peer: NetNamespace): number {
  for (const [id, p] of net.netnsIdsIfAny) if (p === peer) return id;
  return NSID_NOT_ASSIGNED;
}

/** get_net_ns_by_id: the namespace `net` knows by `id`, if any. */
export function netNsById(net: NetNamespace, id: number): NetNamespace | undefined {
  return id < 0 ? undefined : net.netnsIdsIfAny.get(id);
}

/** alloc_netid: `reqid` if free (-1 when taken), or for a negative `reqid` the lowest free id (idr_alloc from 0). */
function allocNetid(net: NetNamespace, peer: NetNamespace, reqid: number): number {
  let id = reqid;
  if (id >= 0) {
    if (net.netnsIds.has(id)) return -1;
  } else {
    id = 0;
    while (net.netnsIds.has(id)) id++;
  }
  net.netnsIds.set(id, peer);
  return id;
}

/**
 * peernet2id_alloc: the id `net` gives `peer`, allocated (the lowest free)
 * when it has none; none for a namespace that is dying (its count is 0) or
 * a peer that is (maybe_get_net fails).
 */
export function peernet2idAlloc(net: NetNamespace, peer: NetNamespace): number {
  if (net.freed || net.count === 0) return NSID_NOT_ASSIGNED;
  const id = peernet2id(net, peer);
  if (id >= 0) return id;
  if (peer.freed || peer.count === 0) return NSID_NOT_ASSIGNED;
  return allocNetid(net, peer, -1);
}

/**
 * rtnl_net_newid (RTM_NEWNSID with NETNSA_NSID and NETNSA_FD): `net` gives
 * `peer` the id `nsid` (a negative one: the lowest free). CAP_NET_ADMIN
 * over net's owner (EPERM, T6.1); a peer that has an id already is EEXIST
 * ("Peer netns already has a nsid assigned"), and so is an id in use ("The
 * specified nsid is already used") (T5.3). Returns the id given.
 */
export function setNetnsId(cred: Cred, net: NetNamespace, peer: NetNamespace, nsid: number): number {
  const sys = 'rtnetlink';
  checkNetAdmin(cred, net, sys);
  if (peernet2id(net, peer) >= 0) return withExtack('Peer netns already has a nsid assigned', () => fail('EEXIST', sys, 'the peer namespace has an id already', 'T5.3'));
  const id = allocNetid(net, peer, nsid);
  if (id < 0) return withExtack('The specified nsid is already used', () => fail('EEXIST', sys, `nsid ${nsid} is in use`, 'T5.3'));
  return id;
}

/** rtnl_net_getid with NETNSA_NSID: ENOENT ("Peer netns reference is invalid") for an id `net` does not have (T5.5). */
export function netNsByIdOrFail(net: NetNamespace, id: number, extack = 'Peer netns reference is invalid'): NetNamespace {
  return netNsById(net, id) ?? withExtack(extack, () => fail('ENOENT', 'rtnetlink', `no namespace has id ${id} here`, 'T5.5'));
}

/** rtnl_net_dumpid: `net`'s ids in id order (idr_for_each), each with its namespace. */
export function netnsIdList(net: NetNamespace): { id: number; ns: NetNamespace }[] {
  return [...net.netnsIdsIfAny].sort((a, b) => a[0] - b[0]).map(([id, ns]) => ({ id, ns }));
}

/** cleanup_net: every live namespace forgets the id it gave the dying one; the dying one's table goes (T5.6). */
export function forgetNetnsIds(dying: NetNamespace, live: Iterable<NetNamespace>): void {
  for (const net of live) {
    const id = peernet2id(net, dying);
    if (id >= 0) net.netnsIds.delete(id);
  }
  if (dying.netnsIdsIfAny.size > 0) dying.netnsIds.clear();
}
