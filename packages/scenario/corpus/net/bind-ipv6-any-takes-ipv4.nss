@title: a socket bound to [::] takes the IPv4 port too (bindv6only 0): EADDRINUSE either way round
# T1.4, T8.4: per-namespace port space shared by IPv4 and dual-stack IPv6 sockets
@needs: net
init: bind tcp 8080 s4               => ok
init: bind tcp 8080 s6 ::            => EADDRINUSE
init: bind tcp 8081 t6 ::            => ok
init: bind tcp 8081 t4               => EADDRINUSE
init: bind udp 8081 u4               => ok
