@title: socketat refuses a file that is no network namespace's (EINVAL) and a closed fd (EBADF); holding the fd is the permission
# R3.2: the nsfs file must be a network namespace's (get_net_ns_by_fd);
# C9.1: no such fd. No capability is asked: a task without CAP_SYS_ADMIN,
# which setns into the namespace refuses (I6.1), makes the socket there. A
# failed call keeps nothing. Road socketat: the real backend skips this file.
@road: socketat
@needs: net,uts,user
init: clone a net,uts            => 2
init: open a net fa              => ok
init: open a uts fu              => ok
init: socketat fu tcp s          => EINVAL
init: sockns s                   => EBADF
init: socketat nofd tcp s        => EBADF
init: clone f -                  => 3
f: setuid 1000                   => ok
f: setns-fd fa net               => EPERM
f: socketat fa tcp s             => ok
# T4.2: reading a socket's namespace (SIOCGSKNS) needs CAP_NET_ADMIN: f made it, but cannot ask.
f: sockns s                      => EPERM
f: ns net                        => net:1
