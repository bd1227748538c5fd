@title: a socket stays in the net namespace it was made in after its task moves elsewhere
# T4.1, T4.2, I6.2: sock_net is fixed at creation; SIOCGSKNS shows it
@needs: net
init: clone a net                    => 2
a: bind udp 5000 s                   => ok
a: sockns s                          => net:2
a: setns init net                    => ok
a: ns net                            => net:1
a: sockns s                          => net:2
a: bind udp 5000 t                   => ok    # the port is free in init's namespace
a: sockns t                          => net:1
