@title: a veth below an MTU of 1280 has no IPv6 (its IPv4 stays): IPv6 addresses and routes through it are refused until the MTU is back
# T7.19, T7.21, T7.22, T7.23: addrconf_ifdown unregisters the inet6_dev of a link other than lo; ipv6_add_dev refuses below IPV6_MIN_MTU
@needs: net
init: veth v0 v1                        => ok
init: link-up v0                        => ok
init: link-up v1                        => ok
init: addr-add v0 10.0.0.1/24           => ok
init: addr-add v0 fd00::1/64            => ok
init: route-add-dev fd01::/64 v0        => ok
init: route-add fd03::/64 fd00::2       => ok
init: link-mtu v0 1279                  => ok
init: addrs v0                          => 10.0.0.1/24
init: routes                            => 10.0.0.0/24 dev v0
init: route-get fd01::1                 => ENETUNREACH
init: route-get fd03::1                 => ENETUNREACH
init: addr-add v0 fd00::2/64            => EINVAL   # ipv6_find_idev: ipv6_add_dev refuses
init: addr-del v0 fd00::1/64            => ENXIO    # "IPv6 is disabled on this device"
init: route-add-dev fd02::/64 v0        => ENODEV   # fib6_nh_init: no inet6_dev
init: route-change fd01::/64 v0         => ENODEV
init: route-add fd02::/64 fd00::2       => EHOSTUNREACH
init: addr-add v0 10.0.0.2/24           => ok       # IPv4 is there down to 68
init: link-down v0                      => ok
init: link-up v0                        => ok
init: addr-add v0 fd00::2/64            => EINVAL
init: link-mtu v0 1280                  => ok       # back: a new inet6_dev, empty but for the link-local address
init: addrs v0                          => 10.0.0.1/24,10.0.0.2/24
init: addr-add v0 fd00::2/64            => ok
init: route-add-dev fd02::/64 v0        => ok
init: addrs v0                          => 10.0.0.1/24,10.0.0.2/24,fd00::2/64
init: route-get fd02::1                 => unicast dev v0 src fd00::2
init: link-mtu v0 68                    => ok
init: addrs v0                          => 10.0.0.1/24,10.0.0.2/24
init: route-get fd02::1                 => ENETUNREACH
init: addr-del v0 fd00::2/64            => ENXIO
