@title: setns into a time namespace needs CAP_SYS_ADMIN over its owner and in the caller's user namespace; a failed setns changes nothing
# I8.2; kernel/time/namespace.c timens_install
@needs: user,time
init: clone a time                     => 2
init: clone u -                        => 3
u: open a time fa                      => ok
u: setuid 1000                         => ok
u: setns-fd fa                         => EPERM
u: ns time                             => time:1
init: clone d -                        => 4
d: open a time fb                      => ok
d: unshare user                        => ok
d: setns-fd fb                         => EPERM   # no CAP_SYS_ADMIN over the world's user namespace, which owns a's
d: ns time                             => time:1
d: ns time_for_children                => time:1
