/**
 * @nsproxy/net: network namespaces. Mirrors net/core/net_namespace.c
 * (copy_net_ns, netns_install, cleanup_net), net/core/dev.c and
 * net/core/rtnetlink.c (links, moves, a namespace's death), drivers/net/veth.c,
 * net/ipv4/devinet.c and fib_frontend.c (addresses, connected and default
 * routes), and the socket calls of net/socket.c and net/ipv4 (ports per
 * namespace, sockets that belong to the namespace they were made in).
 */
export { netRules } from './rules.ts';
export { NET_SYSCTL_DEFAULTS, NetNamespace, initNet, netNamespaceType, netNsOf } from './namespace.ts';
export type { NetSysctls } from './namespace.ts';
export { NetDevice, createVeth, delLink, deviceByName, moveLink, setLinkUp } from './link.ts';
export type { LinkAddress, LinkKind } from './link.ts';
export { addAddress, addDefaultRoute, parseAddress, routeList } from './route.ts';
export type { Route } from './route.ts';
export { Socket, acceptSocket, bindSocket, connectSocket, listenSocket, newSocket, recvSocket, sendSocket, socketNs } from './socket.ts';
export type { Proto } from './socket.ts';
export { NET_SYSCTL_NAMES, netSysctlRead, netSysctlWrite } from './sysctl.ts';
