@title: a port is taken once per namespace and protocol: EADDRINUSE within one namespace only
# T1.4, T8.4: the port space is per net namespace; bind without SO_REUSEADDR
@needs: net
init: bind tcp 8080 s1               => ok
init: bind tcp 8080 s2               => EADDRINUSE
init: bind udp 8080 u1               => ok    # udp has its own ports
init: bind udp 8080 u2               => EADDRINUSE
init: clone a net                    => 2
a: bind tcp 8080 s1                  => ok
a: bind udp 8080 u1                  => ok
init: close-sock s1                  => ok
init: bind tcp 8080 s2               => ok
