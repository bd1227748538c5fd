/**
 * @nsproxy/net: network namespaces. Mirrors net/core/net_namespace.c
 * (copy_net_ns, netns_install, cleanup_net), net/core/dev.c and
 * net/core/rtnetlink.c (links, moves, a namespace's death), drivers/net/veth.c,
 * net/core/link_watch.c (operstate), net/ipv4/devinet.c, fib_frontend.c and
 * fib_trie.c, net/ipv6/addrconf.c and route.c (addresses, the routing
 * tables, the kernel's own routes), the namespace ids of
 * net/core/net_namespace.c (peernet2id, RTM_NEWNSID), and the socket calls of net/socket.c and net/ipv4 (ports per
 * namespace, sockets that belong to the namespace they were made in).
 */
export { netRules } from './rules.ts';
export { NET_SYSCTL_DEFAULTS, NetNamespace, initNet, netNamespaceType, netNsOf } from './namespace.ts';
export type { NetSysctls } from './namespace.ts';
export { IF_OPER, IPV4_MIN_MTU, IPV6_MIN_MTU, NetDevice, OPER_STATES, createVeth, defaultOperstate, delLink, deviceByName, hasInDevice, hasInet6Dev, linkNetnsid, moveLink, renameLink, setAddrGenMode, setLinkMtu, setLinkUp } from './link.ts';
export type { IfAddr, LinkAddress, LinkKind, VethOptions } from './link.ts';
export { IFA_F, addAddress, delAddress, eui64LinkLocal } from './addr.ts';
export type { AddrOptions, DelAddrSpec } from './addr.ts';
export { RTN, RTNH_F, RTPROT, RT_SCOPE, RT_TABLE, routeLinkDown } from './fib.ts';
export type { FibRoute, RouteNlFlags } from './fib.ts';
export { addDefaultRoute, addRoute, delRoute, formatAddress, getRoute, parseAddress, routeDump, routeList } from './route.ts';
export type { RouteAnswer, RouteRequest } from './route.ts';
export { NSID_NOT_ASSIGNED, netNsById, netNsByIdOrFail, netnsIdList, peernet2id, peernet2idAlloc, setNetnsId } from './nsid.ts';
export { extackOf, withExtack } from './extack.ts';
export { Socket, acceptSocket, bindSocket, connectSocket, listenSocket, newSocket, recvSocket, sendSocket, socketNs } from './socket.ts';
export type { Proto } from './socket.ts';
export { SOCKETAT, SOCKETAT_ROAD } from './roads.ts';
export { socketat } from './socketat.ts';
export { NET_SYSCTL_NAMES, netSysctlRead, netSysctlWrite } from './sysctl.ts';
