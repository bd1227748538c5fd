@title: TCP between two net namespaces over a veth pair
# T2.6, T4.1, T8.10: the pair links the namespaces; each side's socket lives in its own namespace
@needs: net
init: veth v0 v1                     => ok
init: clone a net                    => 2
init: link-netns v1 a                => ok
init: addr-add v0 10.0.0.1/24        => ok
a: addr-add v1 10.0.0.2/24           => ok
init: link-up v0                     => ok
a: link-up v1                        => ok
a: bind tcp 7000 s                   => ok
a: listen s                          => ok
init: connect tcp 10.0.0.2 7000 c    => ok
a: accept s c2                       => ok
init: send c hi                      => ok
a: recv c2                           => hi
a: send c2 back                      => ok
init: recv c                         => back
a: sockns c2                         => net:2
init: sockns c                       => net:1
init: connect tcp 10.0.0.2 7001 d    => ECONNREFUSED
