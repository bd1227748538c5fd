@title: loopback: nothing reaches 127.0.0.1 until lo is up; one port per address and protocol; a TCP exchange, EAGAIN, EOF; UDP cannot listen
@needs: net
# T8.5, T7.2, T8.4, T8.11, T8.7, T8.14 (docs/net-namespaces.md, loopback)
# The rules of the errors it shows: T8.4, T8.5, T8.7, T8.11, T8.14.
init: connect tcp 127.0.0.1 80 c     => ENETUNREACH
init: link-up lo                     => ok
init: addrs lo                       => 127.0.0.1/8,::1/128
init: bind tcp 80 srv                => ok
init: bind tcp 80 srv2               => EADDRINUSE
init: listen srv                     => ok
init: connect tcp 127.0.0.1 80 c     => ok
init: accept srv s                   => ok
init: accept srv s2                  => EAGAIN
init: send c ping                    => ok
init: recv s                         => ping
init: recv s                         => EAGAIN
init: close-sock c                   => ok
init: recv s                         => -
init: bind udp 53 u                  => ok
init: listen u                       => EOPNOTSUPP
init: send u x                       => EDESTADDRREQ
init: link-down lo                   => ok
init: addrs lo                       => 127.0.0.1/8
