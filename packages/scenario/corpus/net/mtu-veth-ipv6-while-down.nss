@title: a veth's MTU lowered below 1280 while it is down keeps it without IPv6 when it comes up, and raised while down gives it IPv6 back
# T7.21, T7.23: NETDEV_UP makes no inet6_dev below IPV6_MIN_MTU; NETDEV_CHANGEMTU at or above it makes one, up or down
@needs: net
init: veth v0 v1                        => ok
init: link-mtu v0 1000                  => ok
init: addr-add v0 fd00::1/64            => EINVAL
init: link-up v1                        => ok
init: link-up v0                        => ok
init: addr-add v0 fd00::1/64            => EINVAL
init: link-down v0                      => ok
init: link-mtu v0 1500                  => ok
init: addr-add v0 fd00::1/64            => ok
init: link-up v0                        => ok
init: addrs v0                          => fd00::1/64
init: route-get fd00::5                 => unicast dev v0 src fd00::1
