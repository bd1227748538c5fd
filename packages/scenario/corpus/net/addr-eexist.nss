@title: an address twice on a link gives EEXIST: IPv4 by address and prefix, IPv6 by address alone
# T1.4, T7.1: addresses belong to a link of one namespace
@needs: net
init: veth v0 v1                     => ok
init: addr-add v0 10.0.0.1/24        => ok
init: addr-add v0 10.0.0.1/24        => EEXIST
init: addr-add v0 10.0.0.1/16        => ok
init: addr-add v1 10.0.0.1/24        => ok    # the same address on another link
init: addr-add v0 fd00::1/64         => ok
init: addr-add v0 fd00::1/64         => EEXIST
init: addr-add v0 fd00::1/128        => EEXIST
init: addrs v0                       => 10.0.0.1/16,10.0.0.1/24,fd00::1/64
