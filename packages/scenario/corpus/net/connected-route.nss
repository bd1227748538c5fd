@title: an address on an UP link brings its connected route; the route goes with link-down and comes back with link-up
# T1.4, T7.2: routes are per namespace; a prefix route exists while its link is UP (no carrier needed)
@needs: net
init: veth v0 v1                     => ok
init: addr-add v0 10.0.0.1/24        => ok
init: routes                         => -
init: link-up v0                     => ok
init: link-carrier v0                => no
init: routes                         => 10.0.0.0/24 dev v0
init: addr-add v0 10.0.9.9/32        => ok    # a /32 has no prefix route
init: routes                         => 10.0.0.0/24 dev v0
init: link-down v0                   => ok
init: routes                         => -
init: link-up v0                     => ok
init: routes                         => 10.0.0.0/24 dev v0
