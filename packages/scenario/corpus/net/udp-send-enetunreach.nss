@title: send on a connected UDP socket looks its route up again: once the address it went to is gone, send is ENETUNREACH
# T8.5: udp_sendmsg's connected route is flushed with the address (ip_route_output_flow finds none); found by nsproxy fuzz
@needs: net
init: addr-add lo 10.0.0.2/24           => ok       # lo down: the address's local route is there all the same
init: connect udp 10.0.0.2 0 f0         => ok
init: send f0 x                         => ok       # through lo, which is down: lost
init: addr-del lo 10.0.0.2/24           => ok
init: send f0 x                         => ENETUNREACH
init: connect udp 10.0.0.2 53 f1        => ENETUNREACH
init: addr-add lo 10.0.0.2/24           => ok
init: send f0 x                         => ok
init: link-up lo                        => ok
init: connect udp 10.0.0.2 0 f2         => ok
init: addr-del lo 10.0.0.2/24           => ok
init: send f2 x                         => ENETUNREACH
init: veth v0 v1                        => ok
init: addr-add v0 10.1.0.1/24           => ok
init: link-up v0                        => ok
init: connect udp 10.1.0.9 53 f3        => ok
init: link-down v0                      => ok       # the connected route goes with the link
init: send f3 x                         => ENETUNREACH
