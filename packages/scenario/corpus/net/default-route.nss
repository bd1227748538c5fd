@title: a default route needs a route to its gateway (ENETUNREACH); a second one gives EEXIST; it goes with its link
# T1.4, T7.3, T7.4: routes and route lookups are per namespace
@needs: net
init: veth v0 v1                     => ok
init: addr-add v0 10.0.0.1/24        => ok
init: route-add default 10.0.0.254   => ENETUNREACH   # the link is DOWN: no route to the gateway
init: link-up v0                     => ok
init: route-add default 10.1.0.254   => ENETUNREACH
init: route-add default 10.0.0.254   => ok
init: route-add default 10.0.0.254   => EEXIST
init: route-add default 10.0.0.253   => EEXIST
init: routes                         => 10.0.0.0/24 dev v0,default via 10.0.0.254 dev v0
init: clone a net                    => 2
a: routes                            => -
a: route-add default 10.0.0.254      => ENETUNREACH
init: link-down v0                   => ok
init: routes                         => -
