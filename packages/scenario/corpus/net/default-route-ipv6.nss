@title: an IPv6 default route without a route to its gateway gives EHOSTUNREACH, not ENETUNREACH; routes lists IPv4 only
# T1.4, T7.6, T7.4: IPv6 checks the gateway with its own errno
@needs: net
init: veth v0 v1                     => ok
init: addr-add v0 fd00::1/64         => ok
init: link-up v0                     => ok
init: route-add default fd01::ff     => EHOSTUNREACH
init: route-add default fd00::ff     => ok
init: route-add default fd00::ff     => EEXIST
init: routes                         => -
