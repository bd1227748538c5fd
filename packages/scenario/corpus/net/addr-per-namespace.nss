@title: addresses are per namespace: the same address on links of two namespaces, each seeing its own
# T1.4
@needs: net
init: clone a net                    => 2
init: veth v0 v1                     => ok
a: veth v0 v1                        => ok
init: addr-add v0 10.0.0.1/24        => ok
a: addr-add v0 10.0.0.1/24           => ok
a: addr-add v1 fd00::1/64            => ok
init: addrs v1                       => -
a: addrs v1                          => fd00::1/64
a: addrs v0                          => 10.0.0.1/24
