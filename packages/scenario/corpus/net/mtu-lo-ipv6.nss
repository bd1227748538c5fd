@title: lo below an MTU of 1280 loses its IPv6 addresses and routes at each MTU change and up, but keeps IPv6: addresses may still be added
# T7.23: addrconf_notify at NETDEV_CHANGEMTU below IPV6_MIN_MTU runs addrconf_ifdown, which keeps lo's inet6_dev;
# NETDEV_UP below it adds ::1 and takes it away again; back at 1280 only the next up brings ::1
@needs: net
init: link-up lo                        => ok
init: addr-add lo fd00::1/64            => ok
init: route-add-dev fd01::/64 lo        => ok
init: addrs lo                          => 127.0.0.1/8,::1/128,fd00::1/64
init: link-mtu lo 1279                  => ok
init: addrs lo                          => 127.0.0.1/8
init: route-get fd01::1                 => ENETUNREACH
init: addr-add lo fd00::2/64            => ok       # lo keeps its inet6_dev
init: route-add-dev fd02::/64 lo        => ok
init: addrs lo                          => 127.0.0.1/8,fd00::2/64
init: route-get fd02::1                 => unicast dev lo src fd00::2
init: link-mtu lo 1000                  => ok       # another change below: gone again
init: addrs lo                          => 127.0.0.1/8
init: route-get fd02::1                 => ENETUNREACH
init: link-down lo                      => ok
init: link-up lo                        => ok       # ::1 comes and goes at once
init: addrs lo                          => 127.0.0.1/8
init: link-mtu lo 1280                  => ok       # back: no ::1 yet
init: addrs lo                          => 127.0.0.1/8
init: addr-add lo fd00::3/64            => ok
init: addrs lo                          => 127.0.0.1/8,fd00::3/64
init: link-down lo                      => ok
init: link-up lo                        => ok
init: addrs lo                          => 127.0.0.1/8,::1/128
