@title: routes through a device or a gateway: the device must be up, the gateway on a route of link scope; a route of a prefix and metric exists once; a delete needs a route that matches
# T7.4, T7.7, T7.9, T7.11, T7.15, T6.2: fib_check_nh, fib_table_insert, fib_table_delete, fib_lookup
@needs: net
init: veth v0 v1                     => ok
init: addr-add v0 10.0.0.1/24        => ok
init: route-add-dev 10.1.0.0/24 v0   => ENETDOWN
init: route-add-dev 10.1.0.0/24 nosuch => ENODEV
init: link-up v0                     => ok
init: route-add-dev 10.1.0.0/24 v0   => ok
init: route-add-dev 10.1.0.0/24 v0   => EEXIST
init: route-add-dev 10.1.0.5/24 v0   => EINVAL      # address bits beyond the prefix
init: route-add 10.2.0.0/16 10.0.0.2 => ok
init: route-add 10.3.0.0/16 10.1.0.7 => ok          # the gateway is on the link-scope route of 10.1.0.0/24
init: route-add 10.4.0.0/16 10.2.0.9 => ENETUNREACH # only a route through a gateway reaches it
init: route-add 10.5.0.0/16 10.0.0.255 => EINVAL    # a broadcast address is no gateway
init: routes                         => 10.0.0.0/24 dev v0,10.1.0.0/24 dev v0,10.2.0.0/16 via 10.0.0.2 dev v0,10.3.0.0/16 via 10.1.0.7 dev v0
init: route-get 10.2.3.4             => unicast dev v0 via 10.0.0.2 src 10.0.0.1
init: route-get 10.1.0.9             => unicast dev v0 src 10.0.0.1
init: route-get 10.0.0.1             => local dev lo src 10.0.0.1
init: route-get 10.0.0.255           => broadcast dev v0 src 10.0.0.1
init: route-get 192.168.0.1          => ENETUNREACH
init: route-del 10.9.0.0/16          => ESRCH
init: route-del 10.2.0.0/16          => ok
init: route-del 10.2.0.0/16          => ESRCH
init: route-del 10.0.0.0/24          => ok          # the kernel's own prefix route goes like any other
init: routes                         => 10.1.0.0/24 dev v0,10.3.0.0/16 via 10.1.0.7 dev v0
init: link-down v0                   => ok
init: routes                         => -
