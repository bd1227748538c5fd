@title: two namespaces joined by a veth pair: addresses, connected routes, a TCP connection across, and the errors of unreachable peers
@needs: net
# T2.6, T7.2, T4.1, T8.10, T8.8, T8.5 (docs/net-namespaces.md, "Two namespaces joined by a veth pair")
# The rules of the errors it shows: T8.5, T8.8, T8.10.
init: clone a net                    => 2
init: veth v0 v1                     => ok
init: link-netns v1 a                => ok
init: links                          => lo,v0
a: links                             => lo,v1
a: link-state v1                     => DOWN
init: addr-add v0 10.0.0.1/24        => ok
a: addr-add v1 10.0.0.2/24           => ok
init: link-up v0                     => ok
a: link-up v1                        => ok
init: routes                         => 10.0.0.0/24 dev v0
a: bind tcp 8080 srv                 => ok
a: listen srv                        => ok
init: connect tcp 10.0.0.2 8080 c    => ok
a: accept srv s                      => ok
init: send c hello                   => ok
a: recv s                            => hello
a: send s back                       => ok
init: recv c                         => back
init: sockns c                       => net:1
a: sockns s                          => net:2
init: connect tcp 10.0.0.2 9 c2      => ECONNREFUSED
init: connect tcp 10.0.0.3 8080 c3   => ETIMEDOUT
init: connect tcp 10.1.0.3 8080 c4   => ENETUNREACH
