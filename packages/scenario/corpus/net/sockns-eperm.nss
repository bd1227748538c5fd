@title: SIOCGSKNS needs CAP_NET_ADMIN over the owner of the socket's namespace; a name not held is EBADF
# T4.2, C9.1
@needs: user,net
init: bind udp 5000 s                => ok
init: clone u user                   => 2
u: sockns s                          => EPERM
u: sockns nosuch                     => EBADF
init: sockns s                       => net:1
init: clone b user,net               => 3
b: bind udp 5000 t                   => ok
b: sockns t                          => net:2
