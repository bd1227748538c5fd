@title: a default route through one of the namespace's own addresses needs the link that has it up
# T7.7, T7.3
@needs: net
init: veth v0 v1                     => ok
init: addr-add v0 10.0.0.1/24        => ok
init: route-add default 10.0.0.1     => ENETDOWN
init: route-add default 10.0.0.9     => ENETUNREACH
init: link-up v0                     => ok
init: route-add default 10.0.0.1     => ok
init: routes                         => 10.0.0.0/24 dev v0,default via 10.0.0.1 dev v0
