@title: while lo has no in_device (its MTU below 68), a packet to a local address has no way out: connect, send and route-get are EINVAL
# T7.24: ip_route_output_key_hash sends a local address's packets by lo, and __mkroute_output wants its in_device (found by nsproxy fuzz)
@needs: net
init: veth v0 v1                        => ok
init: addr-add v1 10.0.0.2/24           => ok
init: connect udp 10.0.0.2 80 f1        => ok
init: link-mtu lo 3                     => ok
init: connect udp 10.0.0.2 80 f2        => EINVAL
init: connect tcp 10.0.0.2 80 f3        => EINVAL
init: route-get 10.0.0.2                => EINVAL
init: send f1 x                         => EINVAL   # the connected route is looked up again
init: link-up v1                        => ok
init: connect udp 10.0.0.9 80 f4        => ok       # out by v1, which has its in_device
init: link-mtu lo 65536                 => ok
init: connect udp 10.0.0.2 80 f5        => ok
init: route-get 10.0.0.2                => local dev lo src 10.0.0.2
init: send f1 x                         => ok
