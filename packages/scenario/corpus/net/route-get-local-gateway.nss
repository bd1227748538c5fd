@title: a route through one of the namespace's own addresses as its gateway sends packets out by its link without that gateway: route-get shows no via
# T7.7, T7.11: fib_check_nh_v4_gw gives such a next hop host scope, and rt_set_nexthop keeps a gateway only for link scope (found by nsproxy fuzz)
@needs: net
init: link-up lo                        => ok
init: route-add default 127.0.0.1       => ok
init: routes                            => default via 127.0.0.1 dev lo
init: route-get 10.0.0.1                => unicast dev lo
init: veth v0 v1                        => ok
init: addr-add v0 10.1.0.1/24           => ok
init: link-up v0                        => ok
init: route-add 10.9.0.0/16 10.1.0.5    => ok
init: route-get 10.9.0.1                => unicast dev v0 via 10.1.0.5 src 10.1.0.1
init: route-add 10.8.0.0/16 10.1.0.1    => ok
init: route-get 10.8.0.1                => unicast dev v0 src 10.1.0.1
