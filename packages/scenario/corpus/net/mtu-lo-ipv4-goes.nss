@title: lo below an MTU of 68 loses IPv4: routes through it find no device, an address is not added, and the MTU back brings an empty in_device
# T7.19, T7.20, T7.23: inetdev_event destroys the in_device at NETDEV_CHANGEMTU below IPV4_MIN_MTU and makes an empty one above it;
# fib_check_nh_nongw asks inetdev_by_index before IFF_UP (found by nsproxy fuzz: the model said ENETDOWN)
@needs: net
init: link-mtu lo 1                     => ok
init: route-add-dev default lo          => ENODEV   # not ENETDOWN: the in_device is looked for before IFF_UP
init: link-up lo                        => ok       # no in_device: no 127.0.0.1
init: addrs lo                          => -
init: routes-local                      => ENOENT   # no address ever made the local table
init: route-add-dev 10.1.0.0/16 lo      => ENODEV
init: addr-add lo 10.0.0.1/24           => ENOBUFS  # rtm_to_ifaddr: no in_device
init: addr-del lo 127.0.0.1/8           => ENODEV   # "ipv4: Device not found"
init: route-get 127.0.0.1               => ENETUNREACH
init: link-mtu lo 68                    => ok       # back: an empty in_device, lo stays up
init: addrs lo                          => -
init: route-add-dev 10.1.0.0/16 lo      => ok
init: addr-add lo 10.0.0.1/24           => ok
init: routes                            => 10.1.0.0/16 dev lo
init: routes-local                      => broadcast 10.0.0.255 dev lo,local 10.0.0.0/24 dev lo,local 10.0.0.1 dev lo
init: link-mtu lo 67                    => ok       # the addresses go, and with the last every IPv4 route through lo
init: addrs lo                          => -
init: routes                            => -
init: routes-local                      => -
init: link-mtu lo 65536                 => ok
init: link-down lo                      => ok
init: link-up lo                        => ok       # 127.0.0.1 (and ::1) again at the next up
init: addrs lo                          => 127.0.0.1/8,::1/128
init: route-get 127.0.0.1               => local dev lo src 127.0.0.1
