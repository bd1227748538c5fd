@title: link-state, link-carrier, ifindex and addrs of a device the namespace does not hold give ENODEV
# T1.4, T6.2: a device of another namespace is not visible
@needs: net
init: clone a net                    => 2
a: veth a0 a1                        => ok
init: link-state a0                  => ENODEV
init: link-carrier a0                => ENODEV
init: ifindex a0                     => ENODEV
init: addrs a0                       => ENODEV
init: link-del a0                    => ENODEV
a: ifindex a0                        => 3
