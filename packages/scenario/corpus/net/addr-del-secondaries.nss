@title: an address is deleted only from a link that has it, prefix included; a primary takes its secondaries along, and each the kernel routes it made
# T7.8, T7.10, T7.13: inet_rtm_deladdr, __inet_del_ifa without promote_secondaries, fib_del_ifaddr
@needs: net
init: routes-local                   => ENOENT   # no local table yet
init: veth v0 v1                     => ok
init: link-up v0                     => ok
init: addr-add v0 10.0.0.1/24        => ok
init: addr-add v0 10.0.0.2/24        => ok       # a secondary: no prefix route of its own
init: addr-add v0 10.1.0.1/16        => ok
init: routes                         => 10.0.0.0/24 dev v0,10.1.0.0/16 dev v0
init: routes-local                   => broadcast 10.0.0.255 dev v0,broadcast 10.1.255.255 dev v0,local 10.0.0.1 dev v0,local 10.0.0.2 dev v0,local 10.1.0.1 dev v0
init: addr-del v0 10.0.0.9/24        => EADDRNOTAVAIL
init: addr-del v0 10.0.0.2/16        => EADDRNOTAVAIL   # the prefix is part of the match
init: addr-del v0 fd00::1/64         => EADDRNOTAVAIL
init: addr-del v0 10.0.0.1/24        => ok
init: addrs v0                       => 10.1.0.1/16
init: routes                         => 10.1.0.0/16 dev v0
init: routes-local                   => broadcast 10.1.255.255 dev v0,local 10.1.0.1 dev v0
init: link-up lo                     => ok
init: routes-local                   => broadcast 10.1.255.255 dev v0,broadcast 127.255.255.255 dev lo,local 10.1.0.1 dev v0,local 127.0.0.0/8 dev lo,local 127.0.0.1 dev lo
init: link-down v0                   => ok
init: routes-local                   => broadcast 127.255.255.255 dev lo,local 10.1.0.1 dev v0,local 127.0.0.0/8 dev lo,local 127.0.0.1 dev lo
