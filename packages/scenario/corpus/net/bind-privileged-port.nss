@title: ports below 1024 need CAP_NET_BIND_SERVICE over the owner of the socket's net namespace
# T1.5, T8.3: the check is made against net->user_ns
@needs: user,net
init: bind tcp 80 s                  => ok
init: clone u user                   => 2
u: bind tcp 81 s                     => EACCES   # init's namespace is owned above u's user namespace
u: bind udp 1023 s                   => EACCES
u: bind tcp 1024 s                   => ok
u: bind tcp 0 p                      => ok       # a port of the kernel's choosing
init: clone b user,net               => 3
b: bind tcp 80 s                     => ok       # b's user namespace owns b's net namespace
